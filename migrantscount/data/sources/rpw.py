"""World Bank Remittance Prices Worldwide: DataBank corridor export (CSV)."""

import csv
import datetime as dt
import re
from pathlib import Path

from ..catalogue import DATASETS
from .base import (
    NO_PROGRESS,
    Area,
    CorridorRecord,
    DataImportError,
    ParsedFile,
    Progress,
    is_missing,
    to_number,
)

# DataBank writes a double space in the receiving-country headers.
HEADER = [
    "Sending Countries Name",
    "Sending Countries Code",
    "Series Name",
    "Series Code",
    "Receiving Countries  Name",
    "Receiving Countries  Code",
]
SERIES = "ATCR.CORR"
PERIOD = re.compile(r"^(\d{4})Q([1-4]) \[YR\d{4}Q[1-4]\]$")
UPDATED = re.compile(r"^Last Updated: (\d{1,2})/(\d{1,2})/(\d{4})$")


def is_rpw_csv(first_line: str) -> bool:
    return first_line.lstrip("\ufeff").startswith("Sending Countries Name")


def _periods(header: list[str], file_name: str) -> list[tuple[int, str, int, int]]:
    normalised = [" ".join(cell.split()) for cell in header[: len(HEADER)]]
    if normalised != [" ".join(cell.split()) for cell in HEADER]:
        raise DataImportError(
            "unexpected header",
            file=file_name,
            row=1,
            column="A",
            expected=", ".join(HEADER),
            found=", ".join(header[: len(HEADER)]),
        )
    periods = []
    for index, cell in enumerate(header[len(HEADER) :], start=len(HEADER)):
        if not cell.strip():
            continue
        match = PERIOD.match(cell.strip())
        if not match:
            raise DataImportError(
                "unexpected column header",
                file=file_name,
                row=1,
                column=cell,
                expected="a quarter such as '2020Q3 [YR2020Q3]'",
                found=cell,
            )
        year, quarter = int(match.group(1)), int(match.group(2))
        periods.append((index, f"{year}Q{quarter}", year, quarter))
    return periods


def _updated(footer: list[list[str]], file_name: str) -> dt.date:
    for row in footer:
        match = UPDATED.match(row[0].strip()) if row else None
        if match:
            # DataBank writes US dates (month/day/year).
            month, day, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    raise DataImportError(
        "the edition date cannot be read",
        file=file_name,
        expected="a footer line 'Last Updated: MM/DD/YYYY'",
    )


def read_csv(
    path: Path, file_name: str, *, progress: Progress = NO_PROGRESS
) -> ParsedFile:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    if not lines:
        raise DataImportError(
            "the file is empty", file=file_name, expected="a DataBank export"
        )
    periods = _periods(lines[0], file_name)
    body = [
        (number, row)
        for number, row in enumerate(lines[1:], start=2)
        if len(row) > 3 and row[3].strip()
    ]
    footer = [row for row in lines[1:] if len(row) < 4 or not row[3].strip()]
    date = _updated(footer, file_name)
    parsed = ParsedFile(
        format="rpw-corridors-csv",
        dataset_slug="rpw-corridors",
        dataset_meta=DATASETS["rpw-corridors"],
        vintage_label=f"RPW {date.isoformat()}",
        vintage_date=date,
        vintage_source="'Last Updated' footer in the file",
    )
    for row_number, row in body:
        if row[3].strip() != SERIES:
            raise DataImportError(
                "a row belongs to another series",
                file=file_name,
                row=row_number,
                column="Series Code",
                expected=repr(SERIES),
                found=row[3],
            )
        parsed.rows_read += 1
        sending = Area("iso3", row[1].strip(), row[0].strip())
        receiving = Area("iso3", row[5].strip(), row[4].strip())
        for index, period, year, quarter in periods:
            value = row[index] if index < len(row) else ""
            if is_missing(value):
                parsed.missing_values += 1
                continue
            number = to_number(
                value, file=file_name, row=row_number, column=lines[0][index]
            )
            parsed.corridors.append(
                CorridorRecord(
                    sending,
                    receiving,
                    period,
                    year,
                    quarter,
                    number,
                    row_number,
                    period,
                )
            )
    if not parsed.rows_read:
        raise DataImportError(
            "the file holds no corridor rows",
            file=file_name,
            row=2,
            expected=f"rows of series {SERIES}",
        )
    return parsed
