"""Bilateral migrant stock: partners, emigrants and corridors by sex."""

from collections import defaultdict

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from migrantscount.data.models import BilateralStock, Country, DatasetVintage

from .figures import Figure, Share, Source, TrendPoint
from .indicators import TOP


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
