"""Official figures, each with the vintage, sheet, row and column it came from.

Figures are stored as the IEEE doubles the files hold, so a published figure read
back is the published figure.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .datasets import Aggregate, DatasetVintage, Indicator
from .reference import Country


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
