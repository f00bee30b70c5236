"""Remittance costs per corridor, the largest senders and a country's flows."""

from dataclasses import dataclass

from migrantscount.data.models import BilateralRemittance, CorridorCost, Country

from .figures import Figure, Share, Source
from .indicators import PAID, RECEIVED, SDG_CORRIDOR_CEILING, TOP
from .observations import Series, country_series


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
    series = country_series(country, (RECEIVED, PAID))
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
