"""What an import did, as the admin and the command show it."""

from dataclasses import asdict, dataclass, field
from typing import Any

from ...sources.base import ParsedFile


@dataclass
class ImportReport:
    file: str
    format: str = ""
    dataset: str = ""
    vintage: str = ""
    vintage_date: str = ""
    status: str = ""
    is_current: bool = False
    rows_read: int = 0
    records_written: int = 0
    missing_values: int = 0
    not_meaningful: int = 0
    aggregates: list[str] = field(default_factory=list)
    unknown_areas: list[str] = field(default_factory=list)
    skipped_records: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def report_for(parsed: ParsedFile, file_name: str) -> ImportReport:
    return ImportReport(
        file=file_name,
        format=parsed.format,
        dataset=parsed.dataset_slug,
        vintage=parsed.vintage_label,
        vintage_date=parsed.vintage_date.isoformat(),
        rows_read=parsed.rows_read,
        missing_values=parsed.missing_values,
        notes=list(parsed.notes),
    )
