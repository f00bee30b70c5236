"""World Bank WDI series: bulk CSV downloads (with their Metadata files) and the
legacy Excel (.xls) downloads, one series per file."""

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import xlrd

from ..catalogue import DATASETS, WDI_DATASET_PREFIX
from .base import (
    NO_PROGRESS,
    Area,
    DataImportError,
    IndicatorInfo,
    ObservationRecord,
    ParsedFile,
    Progress,
    is_missing,
    to_number,
)

HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
CSV_HEADER_LINE = 5
XLS_HEADER_ROW = 4
# Venezuela reports zero remittances in recent years while the economy is
# unclassified; a zero there means "no data", not "no remittances".
VENEZUELA_ZERO_FROM = 2016
REMITTANCE_CODES = ("BX.TRF.PWKR", "BM.TRF.PWKR", "KNOMAD.REM")


def flag_not_meaningful(indicator: str, iso3: str, year: int, value: float) -> bool:
    return (
        iso3 == "VEN"
        and value == 0
        and year >= VENEZUELA_ZERO_FROM
        and indicator.startswith(REMITTANCE_CODES)
    )


def dataset_slug(indicator_code: str) -> str:
    return WDI_DATASET_PREFIX + re.sub(r"[^a-z0-9]+", "-", indicator_code.lower())


def _parsed(
    file_format: str, code: str, name: str, date: dt.date, source: str
) -> ParsedFile:
    meta = dict(DATASETS["wdi"])
    meta["name"] = f"World Development Indicators: {name}"
    return ParsedFile(
        format=file_format,
        dataset_slug=dataset_slug(code),
        dataset_meta=meta,
        vintage_label=f"WDI {date.isoformat()}",
        vintage_date=date,
        vintage_source=source,
    )


def _read_rows(
    rows: list[tuple[int, list[Any]]],
    years: list[tuple[int, int, str]],
    parsed: ParsedFile,
    *,
    file_name: str,
    sheet: str,
    regions: dict[str, str],
) -> None:
    code = parsed.indicators[0].code
    for row_number, row in rows:
        if not any(str(cell).strip() for cell in row):
            continue
        name, iso3, indicator = (
            str(row[0]).strip(),
            str(row[1]).strip(),
            str(row[3]).strip(),
        )
        if indicator != code:
            raise DataImportError(
                "a row belongs to another series",
                file=file_name,
                sheet=sheet,
                row=row_number,
                column="D",
                expected=repr(code),
                found=indicator,
            )
        parsed.rows_read += 1
        is_aggregate = regions and regions.get(iso3, "") == ""
        area = (
            Area("aggregate", iso3, name, "wdi")
            if is_aggregate
            else Area("iso3", iso3, name)
        )
        for index, year, column in years:
            value = row[index] if index < len(row) else ""
            if is_missing(value):
                parsed.missing_values += 1
                continue
            number = to_number(
                value, file=file_name, sheet=sheet, row=row_number, column=column
            )
            flagged = flag_not_meaningful(code, iso3, year, number)
            parsed.observations.append(
                ObservationRecord(
                    code,
                    area,
                    year,
                    "",
                    "T",
                    number,
                    False,
                    flagged,
                    "Reported as zero while the economy is unclassified"
                    if flagged
                    else "",
                    sheet,
                    row_number,
                    column,
                )
            )


def _year_columns(
    header: list[Any], *, file_name: str, sheet: str, row: int
) -> list[tuple[int, int, str]]:
    if [str(cell).strip() for cell in header[:4]] != HEADER:
        raise DataImportError(
            "the header row is not where it should be or has changed",
            file=file_name,
            sheet=sheet,
            row=row,
            column="A",
            expected=", ".join(HEADER),
            found=", ".join(str(c) for c in header[:4]),
        )
    years = []
    for index, cell in enumerate(header[4:], start=4):
        label = str(cell).strip()
        if label.endswith(".0"):
            label = label[:-2]
        if not label:
            continue
        if not label.isdigit():
            raise DataImportError(
                "unexpected column header",
                file=file_name,
                sheet=sheet,
                row=row,
                column=xlrd.formula.colname(index) if sheet else label,
                expected="a year such as 2020",
                found=cell,
            )
        years.append(
            (index, int(label), label if not sheet else xlrd.formula.colname(index))
        )
    return years


def _metadata_path(path: Path, kind: str) -> Path | None:
    candidate = path.with_name(f"Metadata_{kind}_{path.name}")
    return candidate if candidate.exists() else None


def _csv_metadata(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    regions: dict[str, str] = {}
    definition: dict[str, str] = {}
    if country_file := _metadata_path(path, "Country"):
        with country_file.open(encoding="utf-8-sig", newline="") as handle:
            regions = {
                row["Country Code"]: row["Region"] for row in csv.DictReader(handle)
            }
    if indicator_file := _metadata_path(path, "Indicator"):
        with indicator_file.open(encoding="utf-8-sig", newline="") as handle:
            definition = next(csv.DictReader(handle), {}) or {}
    return regions, definition


def is_wdi_csv(first_line: str) -> bool:
    return first_line.lstrip("\ufeff").startswith('"Data Source"')


def read_csv(
    path: Path, file_name: str, *, progress: Progress = NO_PROGRESS
) -> ParsedFile:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    if len(lines) < CSV_HEADER_LINE + 1:
        raise DataImportError(
            "the file is truncated",
            file=file_name,
            row=len(lines),
            expected="a 4-line preamble, a header on line 5 and data rows",
        )
    updated = lines[2][:2] if len(lines[2]) >= 2 else []
    try:
        if updated[0] != "Last Updated Date":
            raise ValueError
        date = dt.date.fromisoformat(updated[1])
    except (ValueError, IndexError):
        raise DataImportError(
            "the edition date cannot be read",
            file=file_name,
            row=3,
            column="B",
            expected='"Last Updated Date","YYYY-MM-DD"',
            found=",".join(lines[2]),
        ) from None
    header = lines[CSV_HEADER_LINE - 1]
    years = _year_columns(header, file_name=file_name, sheet="", row=CSV_HEADER_LINE)
    first = lines[CSV_HEADER_LINE]
    regions, definition = _csv_metadata(path)
    parsed = _parsed(
        "wdi-csv", first[3], first[2], date, "Last Updated Date in the file"
    )
    parsed.indicators.append(
        IndicatorInfo(
            first[3],
            first[2],
            _unit(first[2]),
            definition.get("SOURCE_NOTE", ""),
            definition.get("SOURCE_ORGANIZATION", ""),
        )
    )
    if not regions:
        parsed.missing_companion = f"Metadata_Country_{file_name}"
        parsed.notes.append(
            f"No {parsed.missing_companion} beside this file: regions and income "
            "groups cannot be told from economies."
        )
    rows = list(enumerate(lines[CSV_HEADER_LINE:], start=CSV_HEADER_LINE + 1))
    _read_rows(rows, years, parsed, file_name=file_name, sheet="", regions=regions)
    return parsed


def _unit(name: str) -> str:
    match = re.search(r"\(([^)]*)\)\s*$", name)
    return match.group(1) if match else ""


def read_xls(
    path: Path, file_name: str, *, progress: Progress = NO_PROGRESS
) -> ParsedFile:
    try:
        book = xlrd.open_workbook(path)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is bad input
        raise DataImportError(
            f"the workbook cannot be opened ({error.__class__.__name__})",
            file=file_name,
            expected="a legacy Excel .xls workbook",
        ) from None
    if "Data" not in book.sheet_names():
        raise DataImportError(
            "a sheet is missing",
            file=file_name,
            sheet="Data",
            expected="a sheet named 'Data'",
            found=", ".join(book.sheet_names()),
        )
    sheet = book.sheet_by_name("Data")
    if sheet.nrows <= XLS_HEADER_ROW:
        raise DataImportError(
            "the sheet is truncated",
            file=file_name,
            sheet="Data",
            row=sheet.nrows,
            expected="a header in row 4 and data rows",
        )
    label, serial = sheet.cell_value(1, 0), sheet.cell_value(1, 1)
    if label != "Last Updated Date" or not isinstance(serial, float):
        raise DataImportError(
            "the edition date cannot be read",
            file=file_name,
            sheet="Data",
            row=2,
            column="B",
            expected="'Last Updated Date' and an Excel date",
            found=serial,
        )
    date = xlrd.xldate_as_datetime(serial, book.datemode).date()
    header = sheet.row_values(XLS_HEADER_ROW - 1)
    years = _year_columns(header, file_name=file_name, sheet="Data", row=XLS_HEADER_ROW)
    first = sheet.row_values(XLS_HEADER_ROW)
    regions = _xls_regions(book)
    definition = _xls_definition(book)
    parsed = _parsed(
        "wdi-xls", str(first[3]), str(first[2]), date, "Last Updated Date in the file"
    )
    parsed.indicators.append(
        IndicatorInfo(
            str(first[3]),
            str(first[2]),
            _unit(str(first[2])),
            definition.get("SOURCE_NOTE", ""),
            definition.get("SOURCE_ORGANIZATION", ""),
        )
    )
    rows = [
        (index + 1, sheet.row_values(index))
        for index in range(XLS_HEADER_ROW, sheet.nrows)
    ]
    _read_rows(rows, years, parsed, file_name=file_name, sheet="Data", regions=regions)
    return parsed


def _xls_regions(book: Any) -> dict[str, str]:
    if "Metadata - Countries" not in book.sheet_names():
        return {}
    sheet = book.sheet_by_name("Metadata - Countries")
    header = [str(cell) for cell in sheet.row_values(0)]
    if "Country Code" not in header or "Region" not in header:
        return {}
    code, region = header.index("Country Code"), header.index("Region")
    return {
        str(row[code]): str(row[region]).strip()
        for row in (sheet.row_values(index) for index in range(1, sheet.nrows))
    }


def _xls_definition(book: Any) -> dict[str, str]:
    if "Metadata - Indicators" not in book.sheet_names():
        return {}
    sheet = book.sheet_by_name("Metadata - Indicators")
    if sheet.nrows < 2:
        return {}
    return dict(
        zip(
            [str(c) for c in sheet.row_values(0)],
            [str(c) for c in sheet.row_values(1)],
            strict=False,
        )
    )
