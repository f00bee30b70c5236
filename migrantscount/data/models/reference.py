"""Reference data: countries and territories, the SDGs and their targets, with their
names in the four languages."""

import math

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from migrantscount.core.lib.languages import language_codes

EARTH_MEAN_RADIUS_KM = 6371.0088


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "en").split("-")[0].lower()
    return code if code in language_codes() else "en"


class CountryQuerySet(models.QuerySet["Country"]):
    def oas_members(self) -> "CountryQuerySet":
        return self.filter(is_oas_member=True)


# The plugin cannot resolve the reverse manager of profiles' CountryPage (a Wagtail
# page, untyped).
class Country(models.Model):  # type: ignore[django-manager-missing]
    """An ISO 3166-1 country or territory; names from CLDR."""

    iso2 = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO numeric / M49 code"), max_length=3, unique=True)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_es = models.CharField(_("name (Spanish)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=100)
    is_oas_member = models.BooleanField(_("OAS member state"), default=False)
    oas_note = models.TextField(_("OAS membership note"), blank=True)
    # Canada's row holds both of its languages ("en;fr"); PostgreSQL enforces the length.
    oas_language = models.CharField(
        _("OAS language for this country"),
        max_length=11,
        blank=True,
        help_text=_(
            "One OAS official language, or several separated by semicolons (Canada: en;fr)."
        ),
    )
    national_languages = models.CharField(
        _("national official languages"),
        max_length=50,
        blank=True,
        help_text=_("ISO 639-1 codes separated by semicolons."),
    )
    # A centre point from `countryinfo` (its capital for the few small territories
    # the package gives no centre); null where it knows neither.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def m49(self) -> int:
        return int(self.numeric)

    @property
    def name(self) -> str:
        return self.name_in(None)

    def name_in(self, language: str | None) -> str:
        return str(getattr(self, f"name_{_language(language)}"))

    def distance_km(self, other: "Country") -> float | None:
        """Great-circle (haversine) km between the two centre points, if both known."""
        if (
            self.latitude is None
            or self.longitude is None
            or other.latitude is None
            or other.longitude is None
        ):
            return None
        lat1, lon1, lat2, lon2 = map(
            math.radians,
            (self.latitude, self.longitude, other.latitude, other.longitude),
        )
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * EARTH_MEAN_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_en = models.CharField(_("title (English)"), max_length=120)
    title_es = models.CharField(_("title (Spanish)"), max_length=120)
    title_fr = models.CharField(_("title (French)"), max_length=120)
    title_pt = models.CharField(_("title (Portuguese)"), max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return self.title_in(None)

    def title_in(self, language: str | None) -> str:
        return str(getattr(self, f"title_{_language(language)}"))


class SdgTarget(models.Model):
    goal = models.ForeignKey(
        SustainableDevelopmentGoal,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("goal"),
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    text_en = models.TextField(_("text (English)"))
    text_es = models.TextField(_("text (Spanish)"))
    text_fr = models.TextField(_("text (French)"))
    text_pt = models.TextField(_("text (Portuguese)"))

    class Meta:
        ordering = ["goal__number", "code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return self.text_in(None)

    def text_in(self, language: str | None) -> str:
        return str(getattr(self, f"text_{_language(language)}"))
