"""Reference data (countries, SDGs) and official statistics with their provenance.

Every figure an importer writes points at the dataset vintage, sheet, row and column it
came from. Figures are stored as the IEEE doubles the files hold, so a published figure
read back is the published figure.
"""

import datetime as dt
import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .sources.base import PROVISIONAL_DATE

LANGUAGE_CODES = ("en", "es", "fr", "pt")
EARTH_MEAN_RADIUS_KM = 6371.0088


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "en").split("-")[0].lower()
    return code if code in LANGUAGE_CODES else "en"


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


class Dataset(models.Model):
    """One product of a publisher, e.g. one WDI series or the UN DESA workbook."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    publisher = models.CharField(_("publisher"), max_length=200)
    name = models.CharField(_("name"), max_length=300)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    citation = models.TextField(_("citation"), blank=True)
    caveats = models.TextField(_("caveats"), blank=True)
    url = models.URLField(_("URL"), blank=True)

    class Meta:
        ordering = ["publisher", "name"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.name

    @property
    def current_vintage(self) -> "DatasetVintage | None":
        return self.vintages.filter(is_current=True).first()


class DatasetVintage(models.Model):
    """An edition of a dataset; only the newest edition is current."""

    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.CASCADE,
        related_name="vintages",
        verbose_name=_("dataset"),
    )
    label = models.CharField(_("label"), max_length=100)
    vintage_date = models.DateField(_("vintage date"))
    vintage_source = models.CharField(
        _("where the vintage date comes from"), max_length=200, blank=True
    )
    is_current = models.BooleanField(_("current"), default=False)
    file_name = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"))
    report = models.JSONField(_("import report"), default=dict, blank=True)
    # What this edition's file states about itself (or its manifest entry says):
    # two files of one dataset may credit different publishers (an extract "via"
    # a third party) or editions (the citation names the revision's year).
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    citation = models.TextField(_("citation"), blank=True)
    caveats = models.TextField(_("caveats"), blank=True)
    url = models.URLField(_("source URL"), blank=True)
    # A data officer who confirmed what the file did not state (its dataset, edition,
    # release date, licence, citation, URL), or corrected a provisional release date.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The provisional date the edition had before a data officer corrected it.
    corrected_from_date = models.DateField(
        _("release date before correction"), null=True, blank=True
    )

    class Meta:
        ordering = ["dataset", "-vintage_date"]
        verbose_name = _("dataset vintage")
        verbose_name_plural = _("dataset vintages")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "vintage_date"], name="data_vintage_unique_date"
            ),
            models.UniqueConstraint(
                fields=["dataset"],
                condition=Q(is_current=True),
                name="data_vintage_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset} ({self.label})"

    @property
    def has_provisional_date(self) -> bool:
        return PROVISIONAL_DATE in self.vintage_source


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    source_note = models.TextField(_("source"), blank=True)
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("source dataset"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code}: {self.display_name}"

    @property
    def display_name(self) -> str:
        from .catalogue import INDICATOR_NAMES

        return str(INDICATOR_NAMES.get(self.code, self.name))


class CurrentSeries(models.Model):
    """The edition each indicator is read from when no vintage is named.

    The current vintage of the indicator's dataset, or, where that edition has no
    figure of the indicator (UN DESA's Rev.2024 has no refugees table), the newest
    older vintage that has: one edition per indicator, never spliced.
    """

    indicator = models.OneToOneField(
        "Indicator",
        on_delete=models.CASCADE,
        related_name="current_series",
        verbose_name=_("indicator"),
    )
    vintage = models.ForeignKey(
        DatasetVintage,
        on_delete=models.CASCADE,
        related_name="current_series",
        verbose_name=_("vintage"),
    )

    class Meta:
        verbose_name = _("current series")
        verbose_name_plural = _("current series")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.vintage_id}"


class Aggregate(models.Model):
    """A region, income or development group of one publisher; never a country."""

    scheme = models.CharField(_("publisher scheme"), max_length=20)
    # KNOMAD names its groups only ('LOW-AND MIDDLE-INCOME COUNTRIES', 31 characters).
    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["scheme", "name"]
        verbose_name = _("aggregate")
        verbose_name_plural = _("aggregates")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"], name="data_aggregate_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    TOTAL = "T", _("Both sexes")
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Provenance(models.Model):
    """Where a figure was read: vintage, sheet (blank for CSV), 1-based row, column."""

    # No index of its own: every table's unique index starts with the vintage.
    vintage = models.ForeignKey(
        DatasetVintage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("vintage"),
        db_index=False,
    )
    source_sheet = models.CharField(_("sheet"), max_length=60, blank=True)
    source_row = models.PositiveIntegerField(_("row"))
    source_column = models.CharField(_("column"), max_length=60)

    class Meta:
        abstract = True


class ObservationQuerySet(models.QuerySet["Observation"]):
    def current(self) -> "ObservationQuerySet":
        """Each indicator's figures from its current edition (see CurrentSeries)."""
        return self.filter(vintage__current_series__indicator=models.F("indicator"))


class Observation(Provenance):
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("indicator"),
        db_index=False,  # the unique index (vintage, indicator, country, …) covers it
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("country"),
    )
    aggregate = models.ForeignKey(
        Aggregate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("aggregate"),
        db_index=False,  # partial index below: most rows have no aggregate
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"),
        max_length=20,
        blank=True,
        help_text=_("Blank for a calendar year or mid-year figure; e.g. 2015-2020."),
    )
    sex = models.CharField(
        _("sex"), max_length=1, choices=Sex.choices, default=Sex.TOTAL
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    is_estimate = models.BooleanField(_("estimate"), default=False)
    not_meaningful = models.BooleanField(_("not meaningful"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "country", "year"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False, aggregate__isnull=True)
                | Q(country__isnull=True, aggregate__isnull=False),
                name="data_observation_country_xor_aggregate",
            ),
            # Not partial, so it also serves lookups by vintage; rows without a
            # country never collide (NULLs are distinct).
            models.UniqueConstraint(
                fields=["vintage", "indicator", "country", "year", "period", "sex"],
                name="data_observation_unique_country",
            ),
            models.UniqueConstraint(
                fields=["vintage", "indicator", "aggregate", "year", "period", "sex"],
                condition=Q(aggregate__isnull=False),
                name="data_observation_unique_aggregate",
            ),
        ]
        # Every read names a vintage (current or chosen), so the unique indexes
        # that start (vintage, indicator, country|aggregate) serve the look-ups.
        indexes = [
            models.Index(
                fields=["aggregate"],
                condition=Q(aggregate__isnull=False),
                name="data_observation_aggregate",
            ),
        ]

    def __str__(self) -> str:
        area = self.country_id and self.country or self.aggregate
        return f"{self.indicator.code} {area} {self.year}: {self.value}"


class BilateralStock(Provenance):
    """Migrants born in `origin` living in `destination`; origin null = 'Other'."""

    # Reads name a vintage: (vintage, destination, origin, …) serves look-ups by
    # destination, (origin, year) those by origin; no single-column indexes.
    origin = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emigrant_stocks",
        verbose_name=_("origin"),
        db_index=False,
    )
    destination = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="immigrant_stocks",
        verbose_name=_("destination"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    value = models.FloatField(_("persons"))

    class Meta:
        ordering = ["destination", "origin", "year", "sex"]
        verbose_name = _("bilateral migrant stock")
        verbose_name_plural = _("bilateral migrant stocks")
        constraints = [
            # Not partial, so it also serves lookups by vintage; 'Other' rows
            # (origin NULL) never collide here and have their own constraint.
            models.UniqueConstraint(
                fields=["vintage", "destination", "origin", "year", "sex"],
                name="data_bilateralstock_unique",
            ),
            models.UniqueConstraint(
                fields=["vintage", "destination", "year", "sex"],
                condition=Q(origin__isnull=True),
                name="data_bilateralstock_unique_other",
            ),
        ]
        indexes = [models.Index(fields=["origin", "year"])]

    def __str__(self) -> str:
        return f"{self.origin_id}->{self.destination_id} {self.year} {self.sex}"


class CorridorCost(Provenance):
    """Average total cost of sending USD 200 in a corridor (RPW), % of amount."""

    sending = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="corridor_costs_sent",
        verbose_name=_("sending country"),
        db_index=False,  # the unique index (vintage, sending, …) serves reads
    )
    receiving = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="corridor_costs_received",
        verbose_name=_("receiving country"),
    )
    period = models.CharField(_("period"), max_length=6)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    cost_percent = models.FloatField(_("cost (% of amount sent)"))
    amount_usd = models.PositiveIntegerField(_("amount sent (USD)"), default=200)

    class Meta:
        ordering = ["sending", "receiving", "year", "quarter"]
        verbose_name = _("corridor cost")
        verbose_name_plural = _("corridor costs")
        constraints = [
            models.UniqueConstraint(
                fields=["vintage", "sending", "receiving", "period"],
                name="data_corridorcost_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sending_id}->{self.receiving_id} {self.period}"


class BilateralRemittance(Provenance):
    """Estimated remittances from `sending` to `receiving` (US$ millions).

    The World Bank matrix is analytical estimates from migrant stocks and incomes,
    not reported flows.
    """

    sending = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="remittances_sent",
        verbose_name=_("sending country"),
        db_index=False,  # the unique index (vintage, sending, …) serves reads
    )
    receiving = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="remittances_received",
        verbose_name=_("receiving country"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value_musd = models.FloatField(_("US$ millions"))
    is_analytical_estimate = models.BooleanField(_("analytical estimate"), default=True)

    class Meta:
        ordering = ["sending", "receiving", "year"]
        verbose_name = _("bilateral remittance estimate")
        verbose_name_plural = _("bilateral remittance estimates")
        constraints = [
            models.UniqueConstraint(
                fields=["vintage", "sending", "receiving", "year"],
                name="data_bilateralremittance_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sending_id}->{self.receiving_id} {self.year}"


class ImportJob(models.Model):
    """A file uploaded by a data officer and imported by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        NEEDS_CONFIRMATION = "confirm", _("Needs confirmation")
        # The file does not say which dataset or edition it is, or when it was
        # released: a data officer confirms that before anything is imported.
        NEEDS_IDENTIFICATION = "identify", _("Needs confirmation of its edition")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Stage(models.TextChoices):
        READING = "reading", _("Reading the file")
        WRITING = "writing", _("Writing the figures")
        FINISHING = "finishing", _("Checking and finishing")

    file = models.FileField(_("file"), upload_to="data_imports/")
    original_name = models.CharField(_("file name"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Claims by a worker; a job whose worker died is re-queued once, then failed.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A file that would change or remove current figures waits for a data officer.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # What a data officer confirmed about a file that does not identify itself
    # (services.identity.Identity as JSON); the worker imports the file with it.
    identity = models.JSONField(_("confirmed edition"), default=dict, blank=True)
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edition confirmed by"),
    )
    identified_at = models.DateTimeField(
        _("edition confirmed at"), null=True, blank=True
    )
    # How far the worker has got, written every few seconds (services.progress).
    progress_stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, blank=True
    )
    progress_done = models.PositiveIntegerField(_("units done"), default=0)
    progress_total = models.PositiveIntegerField(_("units in the stage"), default=0)
    progress_at = models.DateTimeField(_("progress updated at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def progress_fraction(self) -> float:
        """0 to 1 over the whole import: each stage has its share of the time
        (STAGE_SHARES); within a stage, the units done of its total."""
        if self.status == self.Status.DONE:
            return 1.0
        if self.status != self.Status.RUNNING or not self.progress_stage:
            return 0.0
        start = 0.0
        for stage, share in STAGE_SHARES.items():
            if stage == self.progress_stage:
                within = (
                    min(self.progress_done, self.progress_total) / self.progress_total
                    if self.progress_total
                    else 0.0
                )
                return start + share * within
            start += share
        return 0.0

    def seconds_left(self, now: dt.datetime) -> float | None:
        """Time left at the pace so far; None until a twentieth is done."""
        fraction = self.progress_fraction
        if self.status != self.Status.RUNNING or not self.started_at or fraction < 0.05:
            return None
        elapsed = max((now - self.started_at).total_seconds(), 0.0)
        return elapsed * (1 - fraction) / fraction


# Shares of an import's time by stage, measured on the shipped files (the Rev.2024
# extract: reading 2.3 s, writing and checking 1.0 s): reading dominates.
STAGE_SHARES = {
    ImportJob.Stage.READING: 0.6,
    ImportJob.Stage.WRITING: 0.35,
    ImportJob.Stage.FINISHING: 0.05,
}
