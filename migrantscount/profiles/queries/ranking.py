"""The Americas overview: the OAS member states ranked on one indicator."""

from dataclasses import dataclass

from migrantscount.data.models import Country

from .figures import Figure, figure_from
from .indicators import KINDS
from .observations import oas_totals


@dataclass(frozen=True)
class RankingRow:
    country: Country
    figure: Figure
    position: int | None


def oas_ranking(code: str) -> tuple[int | None, list[RankingRow]]:
    """All OAS member states for the latest year of `code`, published ones ranked."""
    kind = KINDS[code]
    observations = (
        oas_totals().filter(indicator__code=code).select_related("vintage__dataset")
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
