"""One country's observations of the current vintages, and its rank among OAS states."""

from collections import defaultdict
from typing import cast

from django.db.models import QuerySet

from migrantscount.data.models import Country, Observation

from .figures import Figure, Rank, Source, TrendPoint, figure_from
from .indicators import GDP, KINDS, RECEIVED

Series = dict[int, Observation]


def oas_totals() -> QuerySet[Observation]:
    """Published, meaningful yearly totals (both sexes) of the OAS member states in
    the current vintages: what every rank among OAS states counts (aggregates never)."""
    return Observation.objects.current().filter(
        period="",
        sex="T",
        country__is_oas_member=True,
        value__isnull=False,
        not_meaningful=False,
    )


def country_series(
    country: Country, codes: tuple[str, ...]
) -> dict[tuple[str, str], Series]:
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


def figure_at(
    series: dict[tuple[str, str], Series], code: str, year: int | None, sex: str = "T"
) -> Figure:
    observation = series.get((code, sex), {}).get(year) if year else None
    if observation is not None and observation.not_meaningful:
        observation = None
    return figure_from(observation, KINDS[code])


def indicator_trend(
    series: dict[tuple[str, str], Series], code: str
) -> list[TrendPoint]:
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
        oas_totals()
        .filter(indicator__code__in=wanted, year__in=set(wanted.values()))
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
