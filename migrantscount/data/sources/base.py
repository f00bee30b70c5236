"""What every source reader returns, and the one error they raise.

Readers only read: they turn a publisher's file into plain records that name their
areas by code or by name. The import service resolves areas and writes rows.
"""

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

FILES_DIR = Path(__file__).resolve().parent.parent / "files"
MANIFEST_PATH = FILES_DIR / "manifest.toml"

# Markers the publishers use for "no figure": not available, protected (fewer
# than 5), rounds to zero, not reported. None of them is a zero.
# In a vintage's `vintage_source` when its date is the platform's guess.
PROVISIONAL_DATE = "provisional"
MISSING_MARKERS = frozenset({"", "..", "~", "—", "–", "-", "n/a", "N/A"})


class DataImportError(Exception):
    """A file that cannot be imported, located as precisely as possible."""

    def __init__(
        self,
        problem: str,
        *,
        file: str,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        expected: str = "",
        found: Any = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        message = f"{', '.join(where)}: {self.problem}"
        if self.expected:
            message += f"; expected {self.expected}"
        if self.found is not None:
            message += f", found {self.found!r}"
        return message

    def as_dict(self) -> dict[str, Any]:
        return {
            "message": str(self),
            "problem": self.problem,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "found": None if self.found is None else str(self.found),
        }


class UnidentifiedFile(DataImportError):
    """A file whose layout is known but which does not say which dataset or edition
    it is, or when it was released: a data officer confirms that (the admin's
    "needs confirmation of its edition"); the command refuses it as before.

    `proposed` holds what could be read (dataset, label, vintage_date as ISO,
    licence, citation, url, date_is_provisional); `datasets` the datasets this
    layout can belong to."""

    def __init__(
        self,
        problem: str,
        *,
        file: str,
        proposed: dict[str, Any],
        datasets: list[str],
        **where: Any,
    ) -> None:
        super().__init__(problem, file=file, **where)
        self.proposed = proposed
        self.datasets = datasets

    def as_dict(self) -> dict[str, Any]:
        return {
            **super().as_dict(),
            "proposed": self.proposed,
            "datasets": self.datasets,
        }


@dataclass(frozen=True)
class Identity:
    """What a data officer confirmed about a file that does not identify itself."""

    dataset: str
    label: str
    vintage_date: dt.date
    licence: str
    citation: str
    url: str
    date_is_provisional: bool = False
    confirmed_by_id: int | None = None
    confirmed_at: dt.datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "label": self.label,
            "vintage_date": self.vintage_date.isoformat(),
            "licence": self.licence,
            "citation": self.citation,
            "url": self.url,
            "date_is_provisional": self.date_is_provisional,
        }

    @classmethod
    def from_json(
        cls,
        data: dict[str, Any],
        *,
        confirmed_by_id: int | None = None,
        confirmed_at: dt.datetime | None = None,
    ) -> "Identity":
        return cls(
            dataset=str(data["dataset"]),
            label=str(data["label"]),
            vintage_date=dt.date.fromisoformat(str(data["vintage_date"])),
            licence=str(data.get("licence", "")),
            citation=str(data.get("citation", "")),
            url=str(data.get("url", "")),
            date_is_provisional=bool(data.get("date_is_provisional")),
            confirmed_by_id=confirmed_by_id,
            confirmed_at=confirmed_at,
        )

    @property
    def vintage_source(self) -> str:
        when = self.confirmed_at.date().isoformat() if self.confirmed_at else ""
        if self.date_is_provisional:
            return (
                f"confirmed by a data officer on {when}; release date not known: "
                f"{PROVISIONAL_DATE}"
            )
        return f"confirmed by a data officer on {when}"


class Progress:
    """Where an import has got: stages (READING, WRITING, FINISHING), each with a
    total of units (tables, rows) when known. This base class reports nowhere; the
    admin's import jobs record it (services.progress.JobProgress)."""

    def stage(self, name: str, total: int = 0) -> None:
        """Start a stage of `total` units (0: unknown)."""

    def advance(self, count: int = 1) -> None:
        """`count` more units of the stage are done."""


NO_PROGRESS = Progress()
READING, WRITING, FINISHING = "reading", "writing", "finishing"
# Readers report rows read in steps of this many rows, not one by one.
PROGRESS_ROWS = 2000


class Area(NamedTuple):
    """How a file names a place: kind is iso3, m49, name or aggregate.

    A tuple, so that the millions of look-ups an import makes hash in C.
    """

    kind: str
    code: str
    name: str = ""
    scheme: str = ""


class ObservationRecord(NamedTuple):
    indicator: str
    area: Area
    year: int
    period: str
    sex: str
    value: float
    is_estimate: bool
    not_meaningful: bool
    note: str
    sheet: str
    row: int
    column: str


class StockRecord(NamedTuple):
    origin: Area | None  # None: the publisher's "Other" (unknown origin)
    destination: Area
    year: int
    sex: str
    value: float
    row: int
    column: str


class CorridorRecord(NamedTuple):
    sending: Area
    receiving: Area
    period: str
    year: int
    quarter: int
    value: float
    row: int
    column: str


class RemittanceRecord(NamedTuple):
    sending: Area
    receiving: Area
    year: int
    value: float
    sheet: str
    row: int
    column: str


@dataclass
class IndicatorInfo:
    code: str
    name: str
    unit: str = ""
    definition: str = ""
    source_note: str = ""


@dataclass
class ParsedFile:
    format: str
    dataset_slug: str
    dataset_meta: dict[str, str]
    vintage_label: str
    vintage_date: dt.date
    vintage_source: str
    # What the file states about this edition (publisher, licence, citation,
    # caveats); a fact left out is the dataset's.
    vintage_meta: dict[str, str] = field(default_factory=dict)
    indicators: list[IndicatorInfo] = field(default_factory=list)
    observations: list[ObservationRecord] = field(default_factory=list)
    stocks: list[StockRecord] = field(default_factory=list)
    corridors: list[CorridorRecord] = field(default_factory=list)
    remittances: list[RemittanceRecord] = field(default_factory=list)
    rows_read: int = 0
    missing_values: int = 0
    notes: list[str] = field(default_factory=list)
    # A file that tells countries from aggregates only with a companion file beside
    # it (WDI's Metadata_Country_…) names that file here when it was not there.
    missing_companion: str = ""


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is float or type(value) is int:  # the common case, first
        return False
    return isinstance(value, str) and value.strip() in MISSING_MARKERS


def to_number(
    value: Any, *, file: str, sheet: str = "", row: int, column: str
) -> float:
    if type(value) is float or type(value) is int:  # the common case, first
        return float(value)
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        raise DataImportError(
            "a value cannot be read as a number",
            file=file,
            sheet=sheet,
            row=row,
            column=column,
            expected="a number or a missing-value marker ('..')",
            found=value,
        ) from None


def manifest_entry(file_name: str) -> dict[str, Any]:
    """Vintage facts for files that state none, from the shipped manifest."""
    with MANIFEST_PATH.open("rb") as handle:
        manifest = tomllib.load(handle)
    return dict(manifest.get("files", {}).get(file_name, {}))


def manifest_label_date(label: str) -> dt.date | None:
    with MANIFEST_PATH.open("rb") as handle:
        manifest = tomllib.load(handle)
    value = manifest.get("labels", {}).get(label, {}).get("vintage_date")
    return value if isinstance(value, dt.date) else None


def looks_like(values: list[Any], expected: list[str]) -> bool:
    cleaned = [str(value).strip() if value is not None else "" for value in values]
    return cleaned[: len(expected)] == expected
