"""Datasets, their editions (vintages), indicators and the publishers' aggregates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..catalogue import INDICATOR_NAMES
from ..sources.base import PROVISIONAL_DATE


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
