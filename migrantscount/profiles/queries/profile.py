"""A country's profile: every figure its page shows, in one call."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from migrantscount.data.models import BilateralStock, Country, Observation

from .figures import Figure, Rank, Share, Source, TrendPoint, figure_from
from .indicators import (
    COST_TO,
    EMIGRANTS,
    KINDS,
    PAID,
    PROFILE_INDICATORS,
    RECEIVED,
    RECEIVED_PCT_GDP,
    REFUGEES,
    SDG_AVERAGE_TARGET,
    STOCK,
    STOCK_PCT,
)
from .observations import (
    Series,
    computed_pct_gdp,
    country_series,
    figure_at,
    indicator_trend,
    latest_figure,
    ranks_among_oas,
)
from .remittances import CorridorPrice, corridor_prices, top_senders
from .stocks import bilateral_latest_year, emigrant_trend, top_destinations, top_origins
from .vintages import model_sources

REVISION_YEAR = re.compile(r"/Rev\.(\d{4})")


@dataclass
class CountryProfile:
    country: Country
    immigrants: Figure
    immigrants_male: Figure
    immigrants_female: Figure
    immigrants_pct_population: Figure
    refugees: Figure
    immigrant_trend: list[TrendPoint]
    immigrant_source: tuple[Source, ...]
    top_origins: list[Share]
    emigrants: Figure
    emigrant_trend: list[TrendPoint]
    emigrant_source: tuple[Source, ...]
    top_destinations: list[Share]
    bilateral_source: tuple[Source, ...]
    remittances_received: Figure
    remittances_received_rank: Rank | None
    remittances_pct_gdp: Figure
    remittances_pct_gdp_computed: Figure | None
    remittances_paid: Figure
    remittances_paid_pct_gdp_computed: Figure | None
    cost_to_country: Figure
    corridors: list[CorridorPrice]
    top_senders: list[Share]
    ranks: dict[str, Rank] = field(default_factory=dict)
    revision_note: "RevisionNote | None" = None

    @property
    def remittances_pct_gdp_rank(self) -> Rank | None:
        return self.ranks.get(RECEIVED_PCT_GDP)

    @property
    def remittances_paid_rank(self) -> Rank | None:
        return self.ranks.get(PAID)

    @property
    def cheapest_corridor(self) -> CorridorPrice | None:
        return self.corridors[0] if self.corridors else None

    @property
    def dearest_corridor(self) -> CorridorPrice | None:
        return self.corridors[-1] if len(self.corridors) > 1 else None

    @property
    def cost_meets_average_target(self) -> bool | None:
        if self.cost_to_country.value is None:
            return None
        return self.cost_to_country.value < SDG_AVERAGE_TARGET

    @property
    def corridors_above_ceiling(self) -> list[CorridorPrice]:
        return [corridor for corridor in self.corridors if corridor.above_ceiling]


@dataclass(frozen=True)
class RevisionNote:
    """A later edition re-estimated a year an earlier edition had published."""

    year: int
    figure: Figure  # the current edition's
    before: Figure  # the earlier edition's, for the same year

    @property
    def text(self) -> str:
        current, earlier = self.figure.sources[0], self.before.sources[0]
        values = {
            "year": self.year,
            "now": self.figure.display(),
            "before": self.before.display(),
        }
        revision, earlier_revision = (
            REVISION_YEAR.search(current.vintage_label),
            REVISION_YEAR.search(earlier.vintage_label),
        )
        if revision and earlier_revision:
            return str(
                _(
                    "UN DESA's %(revision)s revision re-estimated %(year)s: %(now)s "
                    "(was %(before)s in the %(earlier)s revision)"
                )
                % {
                    **values,
                    "revision": revision.group(1),
                    "earlier": earlier_revision.group(1),
                }
            )
        return str(
            _(
                "Edition %(edition)s re-estimated %(year)s: %(now)s (was %(before)s "
                "in edition %(earlier)s)"
            )
            % {
                **values,
                "edition": current.vintage_label,
                "earlier": earlier.vintage_label,
            }
        )


def revision_note(
    country: Country, series: "dict[tuple[str, str], Series]", code: str = STOCK
) -> RevisionNote | None:
    """Where the current edition re-estimated the latest year of the edition before
    it (UN DESA's Rev.2024 re-estimated 2020), both figures; None if it did not."""
    current = next(iter(series.get((code, "T"), {}).values()), None)
    if current is None:
        return None
    earlier = (
        Observation.objects.filter(
            indicator_id=current.indicator_id,
            country=country,
            sex="T",
            period="",
            value__isnull=False,
            vintage__dataset_id=current.vintage.dataset_id,
            vintage__vintage_date__lt=current.vintage.vintage_date,
        )
        .select_related("vintage__dataset")
        .order_by("-vintage__vintage_date", "-year")
        .first()
    )
    if earlier is None:
        return None
    now = figure_at(series, code, earlier.year)
    if now.value is None or now.value == earlier.value:
        return None
    return RevisionNote(earlier.year, now, figure_from(earlier, KINDS[code]))


def country_profile(country: Country) -> CountryProfile:
    series = country_series(country, PROFILE_INDICATORS)
    immigrants = latest_figure(series, STOCK)
    bilateral_sources = model_sources(BilateralStock)
    year = bilateral_latest_year()
    emigrants = latest_figure(series, EMIGRANTS)
    if emigrants.is_published:
        # UN DESA's origin workbook: every destination, regions included.
        emigrants_trend = indicator_trend(series, EMIGRANTS)
    else:
        emigrants_trend = emigrant_trend(country)
        emigrants = next(
            (
                Figure(point.total, "persons", point.year, bilateral_sources)
                for point in reversed(emigrants_trend)
                if point.year == year
            ),
            Figure(None, "persons"),
        )
    received = latest_figure(series, RECEIVED)
    pct_gdp = latest_figure(series, RECEIVED_PCT_GDP)
    paid = latest_figure(series, PAID)
    ranks = ranks_among_oas(
        country,
        {RECEIVED: received.year, RECEIVED_PCT_GDP: pct_gdp.year, PAID: paid.year},
    )
    return CountryProfile(
        country=country,
        immigrants=immigrants,
        immigrants_male=figure_at(series, STOCK, immigrants.year, "M"),
        immigrants_female=figure_at(series, STOCK, immigrants.year, "F"),
        immigrants_pct_population=figure_at(series, STOCK_PCT, immigrants.year),
        refugees=latest_figure(series, REFUGEES),
        immigrant_trend=indicator_trend(series, STOCK),
        immigrant_source=immigrants.sources,
        top_origins=top_origins(country, year, bilateral_sources),
        emigrants=emigrants,
        emigrant_trend=emigrants_trend,
        emigrant_source=emigrants.sources or bilateral_sources,
        top_destinations=top_destinations(country, year, bilateral_sources),
        bilateral_source=bilateral_sources,
        remittances_received=received,
        remittances_received_rank=ranks.get(RECEIVED),
        remittances_pct_gdp=pct_gdp,
        remittances_pct_gdp_computed=computed_pct_gdp(series, pct_gdp),
        remittances_paid=paid,
        # WDI's paid-as-%-of-GDP series is not among the shipped files.
        remittances_paid_pct_gdp_computed=computed_pct_gdp(series, None, PAID),
        cost_to_country=latest_figure(series, COST_TO),
        corridors=corridor_prices(receiving=country),
        top_senders=top_senders(country),
        ranks=ranks,
        revision_note=revision_note(country, series),
    )
