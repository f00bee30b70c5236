"""Data facts: short verified statements with their figure, citation and page.

A fact quotes stored figures only (an observation, or a sum of stored bilateral rows),
from the current vintage. It is ranked by its percentile among the OAS member states
for the same indicator and year. Stale values (older than the indicator's latest year
by more than `STALE_AFTER_YEARS`), values flagged not meaningful, and aggregates never
make a fact.
"""

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from migrantscount.data.models import BilateralStock, Country, Observation

from .caching import cached
from .formatting import format_number, format_percent
from .queries.figures import Figure, Rank, figure_from
from .queries.indicators import COST_TO, RECEIVED_PCT_GDP, SDG_AVERAGE_TARGET
from .queries.observations import oas_totals
from .queries.stocks import bilateral_latest_year, total_persons
from .queries.vintages import model_sources

STALE_AFTER_YEARS = 3
MAX_TEXT_LENGTH = 200


@dataclass(frozen=True)
class Fact:
    id: str
    text: str
    figure: Figure
    rank: Rank
    url: str

    @property
    def percentile(self) -> float:
        return self.rank.percentile

    @property
    def source_line(self) -> str:
        return self.figure.source_line


def _latest_year(code: str) -> int | None:
    return (
        Observation.objects.current()
        .filter(indicator__code=code, country__isnull=False, value__isnull=False)
        .aggregate(year=Max("year"))["year"]
    )


def _observation_rank(
    code: str, country: Country, *, ascending: bool = False
) -> tuple[Observation, Rank] | None:
    """The country's latest usable observation and its rank among OAS states that year."""
    latest = _latest_year(code)
    if latest is None:
        return None
    usable = (
        oas_totals()
        .filter(indicator__code=code, year__gte=latest - STALE_AFTER_YEARS)
        .select_related("vintage__dataset")
    )
    own = usable.filter(country=country).order_by("-year").first()
    if own is None:
        return None
    peers = list(
        usable.filter(year=own.year).order_by(
            "value" if ascending else "-value", "country_id"
        )
    )
    position = [peer.country_id for peer in peers].index(country.pk) + 1
    return own, Rank(position, len(peers), own.year)


FactBuilder = Callable[[Country, str], "Fact | None"]


def _in_language(builder: FactBuilder) -> FactBuilder:
    """A fact's text is in the language asked for, whatever language is active."""

    @functools.wraps(builder)
    def build(country: Country, language: str) -> Fact | None:
        with translation.override(language):
            return builder(country, language)

    return build


def profile_page_url(country: Country, language: str) -> str:
    """The country's live profile page in `language`, or "" if it has none."""
    page = (
        country.profile_pages.filter(live=True, locale__language_code=language)
        .only("pk", "url_path")
        .first()
    )
    return page.url if page else ""


@_in_language
def remittances_gdp_fact(country: Country, language: str) -> Fact | None:
    found = _observation_rank(RECEIVED_PCT_GDP, country)
    if found is None:
        return None
    observation, rank = found
    value = cast(float, observation.value)  # _observation_rank skips empty values
    text = _(
        "Remittances received by %(country)s were %(value)s of its GDP in %(year)s, "
        "number %(position)s of %(out_of)s OAS states."
    ) % {
        "country": country.name_in(language),
        "value": format_percent(value, language=language),
        "year": observation.year,
        "position": rank.position,
        "out_of": rank.out_of,
    }
    return Fact(
        f"{country.iso3}.remittances-gdp.{observation.year}",
        text,
        figure_from(observation, "percent"),
        rank,
        "",
    )


@_in_language
def remittance_cost_fact(country: Country, language: str) -> Fact | None:
    found = _observation_rank(COST_TO, country, ascending=True)
    if found is None:
        return None
    observation, rank = found
    value = cast(float, observation.value)  # _observation_rank skips empty values
    if value < SDG_AVERAGE_TARGET:
        template = _(
            "Sending USD 200 to %(country)s cost %(value)s of the amount in %(year)s, "
            "below the SDG target of 3%%."
        )
    else:
        template = _(
            "Sending USD 200 to %(country)s cost %(value)s of the amount in %(year)s; "
            "the SDG target is under 3%%."
        )
    text = template % {
        "country": country.name_in(language),
        "value": format_percent(value, language=language),
        "year": observation.year,
    }
    return Fact(
        f"{country.iso3}.remittance-cost.{observation.year}",
        text,
        figure_from(observation, "percent"),
        rank,
        "",
    )


def _bilateral_totals(
    group: str, year: int
) -> dict[int, list[tuple[int | None, float]]]:
    """{OAS state: [(partner, persons)]} summed over sex, one query."""
    member_filter = {f"{group}__is_oas_member": True}
    partner = "destination" if group == "origin" else "origin"
    rows = (
        BilateralStock.objects.filter(
            vintage__is_current=True, year=year, **member_filter
        )
        .values(group, partner)
        .annotate(total=total_persons())
    )
    totals: dict[int, list[tuple[int | None, float]]] = defaultdict(list)
    for row in rows:
        totals[row[group]].append((row[partner], row["total"]))
    return totals


def _rank_in(values: dict[int, float], country: Country, year: int) -> Rank | None:
    ordered = sorted(values, key=lambda pk: (-values[pk], pk))
    if country.pk not in values:
        return None
    return Rank(ordered.index(country.pk) + 1, len(ordered), year)


@_in_language
def diaspora_fact(country: Country, language: str) -> Fact | None:
    year = bilateral_latest_year()
    if year is None:
        return None
    totals = {
        pk: sum(value for _partner, value in partners)
        for pk, partners in _bilateral_totals("origin", year).items()
    }
    rank = _rank_in(totals, country, year)
    if rank is None or not totals[country.pk]:
        return None
    sources = model_sources(BilateralStock)
    text = _(
        "%(value)s people born in %(country)s lived in another country in %(year)s."
    ) % {
        "value": format_number(totals[country.pk], language=language),
        "country": country.name_in(language),
        "year": year,
    }
    figure = Figure(totals[country.pk], "persons", year, sources)
    return Fact(f"{country.iso3}.diaspora.{year}", text, figure, rank, "")


@_in_language
def largest_origin_fact(country: Country, language: str) -> Fact | None:
    year = bilateral_latest_year()
    if year is None:
        return None
    largest = {
        pk: max(
            ((value, partner) for partner, value in partners if partner),
            default=(0, None),
        )
        for pk, partners in _bilateral_totals("destination", year).items()
    }
    value, origin_pk = largest.get(country.pk, (0, None))
    rank = _rank_in({pk: item[0] for pk, item in largest.items()}, country, year)
    if rank is None or origin_pk is None or not value:
        return None
    origin = Country.objects.get(pk=origin_pk)
    text = _(
        "The largest group of immigrants in %(country)s was born in %(origin)s: "
        "%(value)s people in %(year)s."
    ) % {
        "country": country.name_in(language),
        "origin": origin.name_in(language),
        "value": format_number(value, language=language),
        "year": year,
    }
    figure = Figure(value, "persons", year, model_sources(BilateralStock))
    return Fact(f"{country.iso3}.largest-origin.{year}", text, figure, rank, "")


BUILDERS = (
    remittances_gdp_fact,
    diaspora_fact,
    largest_origin_fact,
    remittance_cost_fact,
)


def build_country_facts(country: Country, language: str) -> list[Fact]:
    with translation.override(language):
        url = profile_page_url(country, language)
        facts = []
        for builder in BUILDERS:
            fact = builder(country, language)
            if fact is not None and len(fact.text) < MAX_TEXT_LENGTH:
                facts.append(Fact(fact.id, fact.text, fact.figure, fact.rank, url))
    return sorted(facts, key=lambda fact: (-fact.percentile, fact.id))


def country_facts(country: Country, *, language: str | None = None) -> list[Fact]:
    language = (language or translation.get_language() or "en").split("-")[0]
    return cached(
        ("facts", country.pk, language), lambda: build_country_facts(country, language)
    )
