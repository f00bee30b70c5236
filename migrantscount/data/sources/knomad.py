"""World Bank / KNOMAD workbooks: annual remittance inflows and outflows, and the
bilateral remittance matrix (analytical estimates). Countries are named, not coded."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..catalogue import DATASETS, KNOMAD_INDICATORS
from .base import (
    NO_PROGRESS,
    Area,
    DataImportError,
    IndicatorInfo,
    ObservationRecord,
    ParsedFile,
    Progress,
    RemittanceRecord,
    is_missing,
    to_number,
)
from .wdi import flag_not_meaningful
from .xlsx import Workbook

FLOW_SHEETS = {
    "Inward remittance flows": ("KNOMAD.REM.IN", "Remittance inflows (US$ million)"),
    "Outward remittance flows": ("KNOMAD.REM.OUT", "Remittance outflows (US$ million)"),
}
AGGREGATE_NAMES = {
    "World",
    "WORLD",
    "Low-and Middle-Income Countries",
    "Low- and Middle-Income Countries",
}
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
FOOTNOTE_DATE = re.compile(r"^Date: (\w+) (\d{4})")
MATRIX_SHEET = "Bilateral_Remittances_2017"
MATRIX_CORNER = "receiving (across) / sending (down)"
MATRIX_TITLE = re.compile(r"Estimates for (\d{4}).*\((\w+) (\d{4}) Version\)")


def _area(name: str) -> Area:
    if name in AGGREGATE_NAMES:
        return Area("aggregate", name.upper(), name, "knomad")
    return Area("name", name, name)


def is_flows_workbook(sheet_names: list[str]) -> bool:
    return any(name in FLOW_SHEETS for name in sheet_names)


def is_matrix_workbook(sheet_names: list[str]) -> bool:
    return MATRIX_SHEET in sheet_names


def _header_row(
    rows: list[tuple[Any, ...]], title: str, file_name: str, sheet: str
) -> int:
    for index, row in enumerate(rows[:5]):
        if row and str(row[0] or "").strip() == title:
            return index
    raise DataImportError(
        "the header row is not where it should be or has changed",
        file=file_name,
        sheet=sheet,
        row=1,
        column="A",
        expected=repr(title),
        found=rows[0][0] if rows and rows[0] else None,
    )


def _month_date(rows: list[tuple[Any, ...]], file_name: str, sheet: str) -> dt.date:
    for row in rows:
        match = FOOTNOTE_DATE.match(str(row[0] or "").strip()) if row else None
        if match and match.group(1) in MONTHS:
            return dt.date(int(match.group(2)), MONTHS[match.group(1)], 1)
    raise DataImportError(
        "the edition date cannot be read",
        file=file_name,
        sheet=sheet,
        column="A",
        expected="a footnote 'Date: <Month> <Year>'",
    )


def read_flows(
    path: Path, file_name: str, *, progress: Progress = NO_PROGRESS
) -> ParsedFile:
    with Workbook(path, file_name) as workbook:
        sheet = next(name for name in workbook.sheetnames if name in FLOW_SHEETS)
        rows = workbook.rows(sheet)
    code, title = FLOW_SHEETS[sheet]
    header_index = _header_row(rows, title, file_name, sheet)
    date = _month_date(rows, file_name, sheet)
    direction = "inflows" if code == "KNOMAD.REM.IN" else "outflows"
    meta = dict(DATASETS["knomad-remittances"])
    meta["name"] = f"{meta['name']}: {direction}"
    parsed = ParsedFile(
        format=f"knomad-{direction}",
        dataset_slug=f"knomad-remittances-{direction}",
        dataset_meta=meta,
        vintage_label=f"KNOMAD {date:%B %Y}",
        vintage_date=date,
        vintage_source="'Date:' footnote in the workbook",
        indicators=[IndicatorInfo(code, *KNOMAD_INDICATORS[code])],
    )
    columns = _flow_columns(
        rows[header_index], code, parsed, file_name, sheet, header_index + 1
    )
    last_year = max(year for _index, _code, year in columns)
    for row_number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        name = str(row[0] or "").strip() if row else ""
        if not name:
            break
        parsed.rows_read += 1
        area = _area(name)
        for index, indicator, year in columns:
            value = row[index] if index < len(row) else None
            letter = get_column_letter(index + 1)
            if is_missing(value):
                parsed.missing_values += 1
                continue
            number = to_number(
                value, file=file_name, sheet=sheet, row=row_number, column=letter
            )
            flagged = name == "Venezuela, RB" and flag_not_meaningful(
                indicator, "VEN", year, number
            )
            parsed.observations.append(
                ObservationRecord(
                    indicator,
                    area,
                    year,
                    "",
                    "T",
                    number,
                    indicator == "KNOMAD.REM.IN" and year == last_year,
                    flagged,
                    "Reported as zero while the economy is unclassified"
                    if flagged
                    else "",
                    sheet,
                    row_number,
                    letter,
                )
            )
    return parsed


def _flow_columns(
    header: tuple[Any, ...],
    code: str,
    parsed: ParsedFile,
    file_name: str,
    sheet: str,
    row: int,
) -> list[tuple[int, str, int]]:
    columns = []
    for index, cell in enumerate(header[1:], start=1):
        label = str(cell).strip() if cell is not None else ""
        if not label:
            continue
        if label.isdigit():
            columns.append((index, code, int(label)))
        elif match := re.fullmatch(r"% of GDP in (\d{4})", label):
            gdp_code = "KNOMAD.REM.OUT.GDP"
            parsed.indicators.append(
                IndicatorInfo(gdp_code, *KNOMAD_INDICATORS[gdp_code])
            )
            columns.append((index, gdp_code, int(match.group(1))))
        else:
            raise DataImportError(
                "unexpected column header",
                file=file_name,
                sheet=sheet,
                row=row,
                column=get_column_letter(index + 1),
                expected="a year such as 2022",
                found=cell,
            )
    if not columns:
        raise DataImportError(
            "no year columns",
            file=file_name,
            sheet=sheet,
            row=row,
            expected="years such as 2000 ... 2022 after column A",
        )
    return columns


def read_matrix(
    path: Path, file_name: str, *, progress: Progress = NO_PROGRESS
) -> ParsedFile:
    with Workbook(path, file_name) as workbook:
        rows = workbook.rows(MATRIX_SHEET)
    title = str(rows[0][0] if rows and rows[0] else "")
    match = MATRIX_TITLE.search(title)
    if not match or match.group(2) not in MONTHS:
        raise DataImportError(
            "the edition cannot be read from the title",
            file=file_name,
            sheet=MATRIX_SHEET,
            row=1,
            column="A",
            expected="a title naming the year and '(<Month> <Year> Version)'",
            found=title,
        )
    year = int(match.group(1))
    date = dt.date(int(match.group(3)), MONTHS[match.group(2)], 1)
    if len(rows) < 3 or str(rows[1][0] or "").strip() != MATRIX_CORNER:
        raise DataImportError(
            "the header row is not where it should be or has changed",
            file=file_name,
            sheet=MATRIX_SHEET,
            row=2,
            column="A",
            expected=repr(MATRIX_CORNER),
            found=rows[1][0] if len(rows) > 1 else None,
        )
    parsed = ParsedFile(
        format="wb-bilateral-remittance-matrix",
        dataset_slug="wb-bilateral-remittance-matrix",
        dataset_meta=DATASETS["wb-bilateral-remittance-matrix"],
        vintage_label=f"{year} estimates ({match.group(2)} {match.group(3)} version)",
        vintage_date=date,
        vintage_source="title in cell A1",
    )
    receivers = [
        (index, Area("name", name, name), get_column_letter(index + 1))
        for index, name in (
            (index, str(cell).strip())
            for index, cell in enumerate(rows[1][1:], start=1)
            if cell is not None
        )
        if name not in AGGREGATE_NAMES
    ]
    parsed.notes.append(
        "Analytical estimates, not officially reported data; WORLD totals are not stored."
    )
    for row_number, row in enumerate(rows[2:], start=3):
        sender = str(row[0] or "").strip()
        if not sender or sender in AGGREGATE_NAMES:
            break
        parsed.rows_read += 1
        sending = Area("name", sender, sender)
        width = len(row)
        for index, receiving, letter in receivers:
            value = row[index] if index < width else None
            if is_missing(value):
                parsed.missing_values += 1
                continue
            number = to_number(
                value, file=file_name, sheet=MATRIX_SHEET, row=row_number, column=letter
            )
            parsed.remittances.append(
                RemittanceRecord(
                    sending,
                    receiving,
                    year,
                    number,
                    MATRIX_SHEET,
                    row_number,
                    letter,
                )
            )
    return parsed
