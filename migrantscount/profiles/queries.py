"""Read-only queries behind the profiles: current-vintage figures with their sources.

Every `Figure` carries the vintages it was read from. A figure the publisher does not
report has `value=None` and displays as "not published", never as 0. Queries only
read the current vintage of each dataset; aggregates are never ranked with countries.
"""

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from migrantscount.data.models import (
    BilateralRemittance,
    BilateralStock,
    CorridorCost,
    Country,
    DatasetVintage,
    Observation,
)

from .formatting import format_number, format_percent, format_usd, format_usd_millions

STOCK = "IMS.STOCK"
REVISION_YEAR = re.compile(r"/Rev\.(\d{4})")
STOCK_PCT = "IMS.STOCK.PCT.POP"
REFUGEES = "IMS.REFUGEES"
EMIGRANTS = "IMS.EMIGRANTS"
RECEIVED = "BX.TRF.PWKR.CD.DT"
RECEIVED_PCT_GDP = "BX.TRF.PWKR.DT.GD.ZS"
PAID = "BM.TRF.PWKR.CD.DT"
GDP = "NY.GDP.MKTP.CD"
COST_TO = "SI.RMT.COST.IB.ZS"
PROFILE_INDICATORS = (
    STOCK,
    STOCK_PCT,
    REFUGEES,
    EMIGRANTS,
    RECEIVED,
    RECEIVED_PCT_GDP,
    PAID,
    GDP,
    COST_TO,
)
SDG_AVERAGE_TARGET = 3.0
SDG_CORRIDOR_CEILING = 5.0
TOP = 5

# How each indicator is displayed and what its figures are called.
KINDS = {
    STOCK: "persons",
    REFUGEES: "persons",
    EMIGRANTS: "persons",
    STOCK_PCT: "percent",
    RECEIVED: "usd",
    PAID: "usd",
    GDP: "usd",
    RECEIVED_PCT_GDP: "percent",
    COST_TO: "percent",
}
RANKABLE = {
    STOCK: _("International migrants"),
    STOCK_PCT: _("International migrants, % of population"),
    REFUGEES: _("Refugees and asylum seekers"),
    RECEIVED: _("Remittances received (US$)"),
    RECEIVED_PCT_GDP: _("Remittances received, % of GDP"),
    PAID: _("Remittances paid (US$)"),
    COST_TO: _("Cost of sending USD 200 to the country (%)"),
}


@dataclass(frozen=True)
class Source:
    publisher: str
    dataset: str
    vintage_label: str
    vintage_date: dt.date
    url: str = ""

    @classmethod
    def of(cls, vintage: DatasetVintage) -> "Source":
        dataset = vintage.dataset
        return cls(
            # An extract credits its publisher "via" whoever cut it.
            vintage.publisher or dataset.publisher,
            dataset.name,
            vintage.label,
            vintage.vintage_date,
            dataset.url,
        )

    @property
    def line(self) -> str:
        return str(
            _("%(publisher)s, %(dataset)s (edition %(label)s, %(date)s)")
            % {
                "publisher": self.publisher,
                "dataset": self.dataset,
                "label": self.vintage_label,
                "date": self.vintage_date.isoformat(),
            }
        )


@dataclass(frozen=True)
class Figure:
    value: float | None
    kind: str = "persons"
    year: int | None = None
    sources: tuple[Source, ...] = ()
    is_estimate: bool = False
    is_computed: bool = False
    note: str = ""

    @property
    def is_published(self) -> bool:
        return self.value is not None

    @property
    def source_line(self) -> str:
        return "; ".join(source.line for source in self.sources)

    def display(self, language: str | None = None) -> str:
        if self.value is None:
            with translation.override(language or translation.get_language()):
                return str(_("not published"))
        formatters: dict[str, Callable[..., str]] = {
            "persons": format_number,
            "usd": format_usd,
            "usd_millions": format_usd_millions,
            "percent": format_percent,
        }
        return formatters[self.kind](self.value, language=language)

    def __str__(self) -> str:
        return self.display()


@dataclass(frozen=True)
class Rank:
    position: int
    out_of: int
    year: int

    @property
    def percentile(self) -> float:
        """Share of the ranked states this one is above or level with (1.0 = top)."""
        if self.out_of <= 1:
            return 1.0
        return (self.out_of - self.position) / (self.out_of - 1)


@dataclass(frozen=True)
class Share:
    """One partner country (or 'Other', country None) and its figure."""

    country: Country | None
    figure: Figure

    @property
    def name(self) -> str:
        return self.country.name if self.country else str(_("Other or unknown"))


@dataclass(frozen=True)
class TrendPoint:
    year: int
    total: float | None
    male: float | None
    female: float | None


@dataclass(frozen=True)
class CorridorPrice:
    sending: Country
    receiving: Country
    period: str
    figure: Figure

    @property
    def above_ceiling(self) -> bool:
        return bool(
            self.figure.value is not None and self.figure.value > SDG_CORRIDOR_CEILING
        )


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
    now = _at(series, code, earlier.year)
    if now.value is None or now.value == earlier.value:
        return None
    return RevisionNote(earlier.year, now, figure_from(earlier, KINDS[code]))


# --- vintages -----------------------------------------------------------------------


def current_vintages() -> list[DatasetVintage]:
    return list(
        DatasetVintage.objects.filter(is_current=True)
        .select_related("dataset")
        .order_by("pk")
    )


def vintage_key() -> str:
    """Changes whenever an import makes a new vintage current: the cache key."""
    rows = (
        DatasetVintage.objects.filter(is_current=True)
        .order_by("pk")
        .values_list("pk", "sha256")
    )
    digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digest[:16]


def _vintage_of_model(model: type[Any]) -> DatasetVintage | None:
    row = (
        model.objects.filter(vintage__is_current=True)
        .select_related("vintage__dataset")
        .only("vintage")
        .order_by("vintage_id", "pk")
        .first()
    )
    return row.vintage if row else None


def model_sources(model: type) -> tuple[Source, ...]:
    vintage = _vintage_of_model(model)
    return (Source.of(vintage),) if vintage else ()


# --- observations -------------------------------------------------------------------

Series = dict[int, Observation]


def _series(country: Country, codes: tuple[str, ...]) -> dict[tuple[str, str], Series]:
    """{(indicator code, sex): {year: observation}} for one country, one query."""
    observations = (
        Observation.objects.current()
        .filter(country=country, indicator__code__in=codes, period="")
        .select_related("indicator", "vintage__dataset")
    )
    series: dict[tuple[str, str], Series] = defaultdict(dict)
    for observation in observations:
        series[(observation.indicator.code, observation.sex)][observation.year] = (
            observation
        )
    return series


def figure_from(observation: Observation | None, kind: str) -> Figure:
    if observation is None:
        return Figure(None, kind)
    return Figure(
        observation.value,
        kind,
        observation.year,
        (Source.of(observation.vintage),),
        is_estimate=observation.is_estimate,
        note=observation.note,
    )


def _latest(series: Series) -> Observation | None:
    published = [
        observation
        for observation in series.values()
        if observation.value is not None and not observation.not_meaningful
    ]
    return max(published, key=lambda observation: observation.year, default=None)


def latest_figure(
    series: dict[tuple[str, str], Series], code: str, sex: str = "T"
) -> Figure:
    return figure_from(_latest(series.get((code, sex), {})), KINDS[code])


def _at(
    series: dict[tuple[str, str], Series], code: str, year: int | None, sex: str = "T"
) -> Figure:
    observation = series.get((code, sex), {}).get(year) if year else None
    if observation is not None and observation.not_meaningful:
        observation = None
    return figure_from(observation, KINDS[code])


def _trend(series: dict[tuple[str, str], Series], code: str) -> list[TrendPoint]:
    years = sorted(series.get((code, "T"), {}))

    def value(sex: str, year: int) -> float | None:
        observation = series.get((code, sex), {}).get(year)
        return observation.value if observation else None

    return [
        TrendPoint(year, value("T", year), value("M", year), value("F", year))
        for year in years
    ]


def computed_pct_gdp(
    series: dict[tuple[str, str], Series],
    published: Figure | None,
    code: str = RECEIVED,
) -> Figure | None:
    """Remittances (`code`) / GDP for the latest common year, when it is later than
    WDI's own % of GDP series (`published`; None where WDI publishes no such series)."""
    received = series.get((code, "T"), {})
    gdp = series.get((GDP, "T"), {})
    years = [
        year
        for year in received
        if year in gdp
        and received[year].value is not None
        and gdp[year].value
        and not received[year].not_meaningful
    ]
    if not years:
        return None
    year = max(years)
    if published is not None and published.year is not None and year <= published.year:
        return None
    # `years` holds only years where both values are set.
    share = cast(float, received[year].value) / cast(float, gdp[year].value) * 100
    return Figure(
        share,
        "percent",
        year,
        (Source.of(received[year].vintage), Source.of(gdp[year].vintage)),
        is_computed=True,
    )


def ranks_among_oas(country: Country, years: dict[str, int | None]) -> dict[str, Rank]:
    """Position of `country` among the OAS member states published for each
    indicator's year (aggregates never), several indicators in one query."""
    wanted = {code: year for code, year in years.items() if year is not None}
    if not wanted:
        return {}
    rows = (
        Observation.objects.current()
        .filter(
            indicator__code__in=wanted,
            year__in=set(wanted.values()),
            period="",
            sex="T",
            country__is_oas_member=True,
            value__isnull=False,
            not_meaningful=False,
        )
        .order_by("-value", "country_id")
        .values_list("indicator__code", "year", "country_id")
    )
    ranked: dict[str, list[int]] = defaultdict(list)
    for code, year, country_id in rows:
        if wanted[code] == year:
            ranked[code].append(country_id)
    return {
        code: Rank(ids.index(country.pk) + 1, len(ids), wanted[code])
        for code, ids in ranked.items()
        if country.pk in ids
    }


# --- bilateral tables ---------------------------------------------------------------


def bilateral_latest_year() -> int | None:
    row = (
        BilateralStock.objects.filter(vintage__is_current=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return row


def total_persons() -> Coalesce:
    """Persons of both sexes: the published total where an edition has one (Rev.2024),
    else males plus females (the Rev.2020 export has no total)."""
    return Coalesce(
        Sum("value", filter=Q(sex="T")), Sum("value", filter=Q(sex__in=["M", "F"]))
    )


def _partner_shares(
    rows: list[dict], key: str, sources: tuple[Source, ...], year: int
) -> list[Share]:
    countries = Country.objects.in_bulk([row[key] for row in rows if row[key]])
    return [
        Share(countries.get(row[key]), Figure(row["total"], "persons", year, sources))
        for row in rows
    ]


def top_origins(
    country: Country, year: int | None, sources: tuple[Source, ...], limit: int = TOP
) -> list[Share]:
    if year is None:
        return []
    rows = list(
        BilateralStock.objects.filter(
            vintage__is_current=True, destination=country, year=year
        )
        .values("origin")
        .annotate(total=total_persons())
        .order_by("-total", "origin")[:limit]
    )
    return _partner_shares(rows, "origin", sources, year)


def top_destinations(
    country: Country, year: int | None, sources: tuple[Source, ...], limit: int = TOP
) -> list[Share]:
    if year is None:
        return []
    rows = list(
        BilateralStock.objects.filter(
            vintage__is_current=True, origin=country, year=year
        )
        .values("destination")
        .annotate(total=total_persons())
        .order_by("-total", "destination")[:limit]
    )
    return _partner_shares(rows, "destination", sources, year)


def _sex_trend(queryset: QuerySet[BilateralStock]) -> list[TrendPoint]:
    """Stock by year and sex: the total where published (Rev.2024 has both sexes
    only), else males plus females (the Rev.2020 export has no total)."""
    by_year: dict[int, dict[str, float]] = defaultdict(dict)
    for row in queryset.values("year", "sex").annotate(total=Sum("value")):
        by_year[row["year"]][row["sex"]] = row["total"]
    return [
        TrendPoint(
            year,
            sexes.get("T", sum(value for sex, value in sexes.items() if sex != "T")),
            sexes.get("M"),
            sexes.get("F"),
        )
        for year, sexes in sorted(by_year.items())
    ]


def emigrant_trend(country: Country) -> list[TrendPoint]:
    return _sex_trend(
        BilateralStock.objects.filter(vintage__is_current=True, origin=country)
    )


def corridor_trend(origin: Country, destination: Country) -> list[TrendPoint]:
    return _sex_trend(
        BilateralStock.objects.filter(
            vintage__is_current=True, origin=origin, destination=destination
        )
    )


def corridor_sex_split(
    origin: Country, destination: Country
) -> tuple[list[TrendPoint], tuple[Source, ...]]:
    """Males and females of one corridor where the current edition has no split by
    sex (Rev.2024): from the newest edition that has, never newer than the current
    one, labelled with it and never joined to the current edition's totals."""
    rows = BilateralStock.objects.filter(
        origin=origin, destination=destination, sex__in=["M", "F"]
    )
    newest = (
        DatasetVintage.objects.filter(pk__in=rows.values("vintage"))
        .select_related("dataset")
        .order_by("-is_current", "-vintage_date")
    )
    for vintage in newest:
        current = vintage.dataset.current_vintage
        if current is None or vintage.vintage_date <= current.vintage_date:
            return _sex_trend(rows.filter(vintage=vintage)), (Source.of(vintage),)
    return [], ()


# --- remittance costs and senders -------------------------------------------------


def corridor_prices(
    *, receiving: Country | None = None, sending: Country | None = None
) -> list[CorridorPrice]:
    """The latest published quarter of each corridor, cheapest first."""
    queryset = CorridorCost.objects.filter(vintage__is_current=True).select_related(
        "sending", "receiving", "vintage__dataset"
    )
    if receiving is not None:
        queryset = queryset.filter(receiving=receiving)
    if sending is not None:
        queryset = queryset.filter(sending=sending)
    latest: dict[tuple[int, int], CorridorCost] = {}
    for cost in queryset.order_by("year", "quarter", "vintage_id", "pk"):
        latest[(cost.sending_id, cost.receiving_id)] = cost
    prices = [
        CorridorPrice(
            cost.sending,
            cost.receiving,
            cost.period,
            Figure(cost.cost_percent, "percent", cost.year, (Source.of(cost.vintage),)),
        )
        for cost in latest.values()
    ]
    return sorted(
        prices,
        key=lambda price: (
            price.figure.value,
            price.sending.name_en,
            price.receiving.name_en,
        ),
    )


def corridor_cost_history(
    *, sending: Country, receiving: Country
) -> list[CorridorPrice]:
    """Every published quarter of one corridor, oldest first."""
    queryset = (
        CorridorCost.objects.filter(
            vintage__is_current=True, sending=sending, receiving=receiving
        )
        .select_related("vintage__dataset")
        .order_by("year", "quarter", "vintage_id", "pk")
    )
    return [
        CorridorPrice(
            sending,
            receiving,
            cost.period,
            Figure(cost.cost_percent, "percent", cost.year, (Source.of(cost.vintage),)),
        )
        for cost in queryset
    ]


def top_senders(country: Country, limit: int = TOP) -> list[Share]:
    rows = (
        BilateralRemittance.objects.filter(vintage__is_current=True, receiving=country)
        .select_related("sending", "vintage__dataset")
        .order_by("-value_musd", "sending_id")[:limit]
    )
    return [
        Share(
            row.sending,
            Figure(
                row.value_musd,
                "usd_millions",
                row.year,
                (Source.of(row.vintage),),
                is_estimate=row.is_analytical_estimate,
            ),
        )
        for row in rows
    ]


def remittance_series(
    country: Country,
) -> tuple[list[tuple[int, float | None, float | None]], tuple[Source, ...]]:
    """(year, received, paid) from the first published year on; gaps stay None."""
    series = _series(country, (RECEIVED, PAID))
    received, paid = series.get((RECEIVED, "T"), {}), series.get((PAID, "T"), {})

    def value(observations: Series, year: int) -> float | None:
        observation = observations.get(year)
        if observation is None or observation.not_meaningful:
            return None
        return observation.value

    published = sorted(
        year
        for observations in (received, paid)
        for year in observations
        if value(observations, year) is not None
    )
    if not published:
        return [], ()
    points = [
        (year, value(received, year), value(paid, year))
        for year in range(published[0], published[-1] + 1)
    ]
    vintages = {
        observation.vintage_id: observation.vintage
        for observations in (received, paid)
        for observation in observations.values()
    }
    return points, tuple(Source.of(vintages[pk]) for pk in sorted(vintages))


# --- the profile --------------------------------------------------------------------


def country_profile(country: Country) -> CountryProfile:
    series = _series(country, PROFILE_INDICATORS)
    immigrants = latest_figure(series, STOCK)
    bilateral_sources = model_sources(BilateralStock)
    year = bilateral_latest_year()
    emigrants = latest_figure(series, EMIGRANTS)
    if emigrants.is_published:
        # UN DESA's origin workbook: every destination, regions included.
        emigrants_trend = _trend(series, EMIGRANTS)
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
        immigrants_male=_at(series, STOCK, immigrants.year, "M"),
        immigrants_female=_at(series, STOCK, immigrants.year, "F"),
        immigrants_pct_population=_at(series, STOCK_PCT, immigrants.year),
        refugees=latest_figure(series, REFUGEES),
        immigrant_trend=_trend(series, STOCK),
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


# --- the Americas overview ---------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    country: Country
    figure: Figure
    position: int | None


def oas_ranking(code: str) -> tuple[int | None, list[RankingRow]]:
    """All OAS member states for the latest year of `code`, published ones ranked."""
    kind = KINDS[code]
    observations = (
        Observation.objects.current()
        .filter(
            indicator__code=code,
            period="",
            sex="T",
            country__is_oas_member=True,
            value__isnull=False,
            not_meaningful=False,
        )
        .select_related("vintage__dataset")
    )
    year = observations.order_by("-year").values_list("year", flat=True).first()
    latest = observations.filter(year=year) if year is not None else observations.none()
    by_country = {obs.country_id: obs for obs in latest}
    members = list(Country.objects.oas_members())
    rows = [
        RankingRow(member, figure_from(by_country.get(member.pk), kind), None)
        for member in members
    ]
    published = sorted(
        (row for row in rows if row.figure.value is not None),
        key=lambda row: (-row.figure.value, row.country.name_en, row.country.iso3),  # type: ignore[operator]
    )
    ranked = [
        RankingRow(row.country, row.figure, index)
        for index, row in enumerate(published, 1)
    ]
    unpublished = sorted(
        (row for row in rows if row.figure.value is None),
        key=lambda row: (row.country.name, row.country.iso3),
    )
    return year, ranked + unpublished
