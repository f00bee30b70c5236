"""Figures with their sources: what every query returns.

Every `Figure` carries the vintages it was read from. A figure the publisher does not
report has `value=None` and displays as "not published", never as 0.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from migrantscount.data.models import Country, DatasetVintage, Observation

from ..formatting import format_number, format_percent, format_usd, format_usd_millions


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
