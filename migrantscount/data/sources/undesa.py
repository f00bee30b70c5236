"""UN DESA International Migrant Stock 2020: the destination workbook (Tables 1-6)
and the origin x destination table exported by IOM's gdiviz as CSV."""

import re
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from ..catalogue import DATASETS, UNDESA_INDICATORS
from .base import (
    MISSING_MARKERS,
    Area,
    DataImportError,
    IndicatorInfo,
    ObservationRecord,
    ParsedFile,
    StockRecord,
    is_missing,
    manifest_entry,
    manifest_label_date,
    to_number,
)
from .xlsx import Workbook

HEADER_ROW = 11
FIRST_DATA_ROW = 12
FIRST_VALUE_COLUMN = 6  # F
YEARS = [1990, 1995, 2000, 2005, 2010, 2015, 2020]
PERIODS = [f"{start}-{start + 5}" for start in YEARS[:-1]]
FIXED_HEADERS = {
    2: "Region, development group, country or area",
    3: "Notes",
    4: "Location code",
    5: "Type of data",
}
# Each table is a row of column blocks: (indicator, sex, headers).
TABLES: dict[str, list[tuple[str, str, list[Any]]]] = {
    "Table 1": [("IMS.STOCK", sex, YEARS) for sex in "TMF"],
    "Table 2": [("IMS.POP", sex, YEARS) for sex in "TMF"],
    "Table 3": [("IMS.STOCK.PCT.POP", sex, YEARS) for sex in "TMF"],
    "Table 4": [("IMS.FEMALE.PCT.STOCK", "T", YEARS)],
    "Table 5": [("IMS.STOCK.GROWTH", sex, PERIODS) for sex in "TMF"],
    "Table 6": [
        ("IMS.REFUGEES", "T", YEARS),
        ("IMS.REFUGEES.PCT.STOCK", "T", YEARS),
        ("IMS.REFUGEES.GROWTH", "T", PERIODS),
    ],
}
AGGREGATE_CODE_FROM = 900
GDIVIZ_COLUMNS = ["to", "from", "t", "sex", "v"]
# The gdiviz CSV states nothing about itself: its manifest entry says it all.
DATASET_FIELDS = ("publisher", "name", "licence", "citation", "caveats", "url")
MANIFEST_KEYS = ("dataset", "vintage_date", "publisher", "name", "licence")
GDIVIZ_OTHER_ORIGIN = "XXX"
SEXES = {"Male": "M", "Female": "F"}


def is_destination_workbook(sheet_names: list[str]) -> bool:
    return "Table of contents" in sheet_names or any(
        re.fullmatch(r"Table \d", name) for name in sheet_names
    )


def _vintage(workbook: Workbook, file_name: str) -> tuple[str, Any]:
    label = ""
    for row in workbook.rows("Table 1")[:10]:
        value = row[4] if len(row) > 4 else None
        if isinstance(value, str) and "/Rev." in value:
            label = value.strip()
    date = manifest_label_date(label) if label else None
    if date is None:
        raise DataImportError(
            "the edition of this workbook is unknown",
            file=file_name,
            sheet="Table 1",
            column="E",
            expected="an edition label such as 'POP/DB/MIG/Stock/Rev.2020' that is "
            "listed in files/manifest.toml",
            found=label or None,
        )
    return label, date


def _check_header(
    header: tuple[Any, ...],
    *,
    file_name: str,
    sheet: str,
    blocks: list[tuple[str, str, list[Any]]],
) -> None:
    for index, expected in FIXED_HEADERS.items():
        found = header[index - 1] if len(header) >= index else None
        if str(found or "").strip() != expected:
            raise DataImportError(
                "the header row is not where it should be or has changed",
                file=file_name,
                sheet=sheet,
                row=HEADER_ROW,
                column=get_column_letter(index),
                expected=repr(expected),
                found=found,
            )
    column = FIRST_VALUE_COLUMN
    for _indicator, _sex, labels in blocks:
        for label in labels:
            found = header[column - 1] if len(header) >= column else None
            if str(found).strip() != str(label):
                raise DataImportError(
                    "unexpected column header",
                    file=file_name,
                    sheet=sheet,
                    row=HEADER_ROW,
                    column=get_column_letter(column),
                    expected=repr(label),
                    found=found,
                )
            column += 1


def _area(name: Any, code: Any, *, file_name: str, sheet: str, row: int) -> Area:
    if not isinstance(code, int | float) or isinstance(code, bool):
        raise DataImportError(
            "a location code is missing or not a number",
            file=file_name,
            sheet=sheet,
            row=row,
            column="D",
            expected="a UN M49 location code",
            found=code,
        )
    clean_name = str(name or "").strip().rstrip("*")
    if int(code) >= AGGREGATE_CODE_FROM:
        return Area("aggregate", str(int(code)), clean_name, "undesa")
    return Area("m49", f"{int(code):03d}", clean_name)


def _value_cells(
    blocks: list[tuple[str, str, list[Any]]],
) -> list[tuple[int, str, str, int, str, str]]:
    """(column number, indicator, sex, year, period, column letter) of each value."""
    cells = []
    column = FIRST_VALUE_COLUMN
    for indicator, sex, labels in blocks:
        for label in labels:
            if isinstance(label, int):
                year, period = label, ""
            else:
                year, period = int(label[-4:]), label
            cells.append(
                (column, indicator, sex, year, period, get_column_letter(column))
            )
            column += 1
    return cells


def _read_table(
    workbook: Workbook, sheet: str, parsed: ParsedFile, file_name: str
) -> None:
    blocks = TABLES[sheet]
    if sheet not in workbook.sheetnames:
        raise DataImportError(
            "a sheet is missing",
            file=file_name,
            sheet=sheet,
            expected=f"sheets {', '.join(TABLES)}",
            found=", ".join(workbook.sheetnames),
        )
    rows = iter(workbook.rows(sheet)[HEADER_ROW - 1 :])
    header = next(rows, ())
    _check_header(header, file_name=file_name, sheet=sheet, blocks=blocks)
    cells = _value_cells(blocks)
    for row_number, row in enumerate(rows, start=FIRST_DATA_ROW):
        if not row or (row[0] is None and not row[1]):
            break
        area = _area(row[1], row[3], file_name=file_name, sheet=sheet, row=row_number)
        note = f"Type of data: {row[4]}" if row[4] and str(row[4]).strip() else ""
        parsed.rows_read += 1
        width = len(row)
        for column, indicator, sex, year, period, letter in cells:
            value = row[column - 1] if width >= column else None
            if is_missing(value):
                parsed.missing_values += 1
                continue
            number = to_number(
                value, file=file_name, sheet=sheet, row=row_number, column=letter
            )
            parsed.observations.append(
                ObservationRecord(
                    indicator,
                    area,
                    year,
                    period,
                    sex,
                    number,
                    False,
                    False,
                    note,
                    sheet,
                    row_number,
                    letter,
                )
            )


def read_destination_workbook(path: Path, file_name: str) -> ParsedFile:
    with Workbook(path, file_name) as workbook:
        if "Table 1" not in workbook.sheetnames:
            raise DataImportError(
                "a sheet is missing",
                file=file_name,
                sheet="Table 1",
                expected=f"sheets {', '.join(TABLES)}",
                found=", ".join(workbook.sheetnames),
            )
        label, date = _vintage(workbook, file_name)
        parsed = ParsedFile(
            format="undesa-ims-destination",
            dataset_slug="undesa-ims-2020-destination",
            dataset_meta=DATASETS["undesa-ims-2020-destination"],
            vintage_label=label,
            vintage_date=date,
            vintage_source="edition label in the workbook; date from manifest.toml",
            indicators=[
                IndicatorInfo(code, name, unit, definition)
                for code, (name, unit, definition) in UNDESA_INDICATORS.items()
            ],
        )
        for sheet in TABLES:
            _read_table(workbook, sheet, parsed, file_name)
    return parsed


def read_gdiviz_csv(path: Path, file_name: str) -> ParsedFile:
    entry = manifest_entry(file_name)
    missing = [key for key in MANIFEST_KEYS if not entry.get(key)]
    if missing:
        raise DataImportError(
            "this file states no edition and its manifest entry is incomplete",
            file=file_name,
            expected=f'an entry [files."{file_name}"] in files/manifest.toml with '
            + ", ".join(MANIFEST_KEYS),
            found=f"no {', '.join(missing)}",
        )
    parsed = ParsedFile(
        format="undesa-ims-bilateral-csv",
        dataset_slug=entry["dataset"],
        dataset_meta={key: str(entry.get(key, "")) for key in DATASET_FIELDS},
        vintage_label=entry.get("label", str(entry["vintage_date"])),
        vintage_date=entry["vintage_date"],
        vintage_source="files/manifest.toml",
    )
    frame = _read_gdiviz_frame(path, file_name)
    # Row numbers as in the file: the header is row 1.
    frame.index = frame.index + 2
    sexes = frame["sex"].map(SEXES)
    _refuse_first(
        frame, sexes.isna(), "sex", "unknown sex", "'Male' or 'Female'", file_name
    )
    if frame["t"].dtype.kind == "i" and frame["v"].dtype.kind in "if":
        # The common case: pandas' C parser read every year as a whole number and
        # every value as a number or an exact missing-value marker.
        years, values = frame["t"], frame["v"]
        missing = values.isna()
    else:
        years, values, missing = _gdiviz_text_columns(frame, file_name)
    parsed.rows_read = len(frame)
    parsed.missing_values = int(missing.sum())
    kept = ~missing
    areas: dict[str, Area] = {}
    for code in set(frame["to"]) | set(frame["from"]):
        areas[code] = Area("iso3", code)
    origins = [
        None if code == GDIVIZ_OTHER_ORIGIN else areas[code]
        for code in frame["from"][kept]
    ]
    destinations = [areas[code] for code in frame["to"][kept]]
    count = len(destinations)
    parsed.stocks = list(
        map(
            StockRecord._make,
            zip(
                origins,
                destinations,
                years[kept].astype(int).tolist(),
                sexes[kept].tolist(),
                values[kept].tolist(),
                frame.index[kept].tolist(),
                ["v"] * count,
                strict=True,
            ),
        )
    )
    return parsed


def _read_gdiviz_frame(path: Path, file_name: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(
            path,
            dtype={"to": str, "from": str, "sex": str},
            keep_default_na=False,
            na_values={"v": sorted(MISSING_MARKERS)},
            encoding="utf-8-sig",
            float_precision="round_trip",
            low_memory=False,  # one dtype per column, not one per chunk
        )
    except (ValueError, pd.errors.ParserError) as error:
        raise DataImportError(
            f"the CSV cannot be read ({error})",
            file=file_name,
            expected="comma-separated columns " + ",".join(GDIVIZ_COLUMNS),
        ) from None
    header = list(frame.columns)
    if sorted(header) != sorted(GDIVIZ_COLUMNS):
        raise DataImportError(
            "unexpected header",
            file=file_name,
            row=1,
            expected="columns " + ",".join(GDIVIZ_COLUMNS),
            found=",".join(header),
        )
    return frame


def _gdiviz_text_columns(
    frame: pd.DataFrame, file_name: str
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Years, values and the missing mask, checked cell by cell from the text."""
    text = {column: frame[column].astype(str) for column in ("t", "v")}
    # The C parser turned exact markers into NaN; they are missing all the same.
    text["v"] = text["v"].where(frame["v"].notna(), "")
    years = pd.to_numeric(text["t"], errors="coerce")
    bad_year = years.isna() | (years != years.round())
    _refuse_first(
        frame, bad_year, "t", "a year cannot be read", "a year such as 2020", file_name
    )
    missing = text["v"].str.strip().isin(MISSING_MARKERS)
    values = pd.to_numeric(text["v"].where(~missing), errors="coerce")
    _refuse_first(
        frame,
        values.isna() & ~missing,
        "v",
        "a value cannot be read as a number",
        "a number or a missing-value marker ('..')",
        file_name,
    )
    return years, values, missing


def _refuse_first(
    frame: pd.DataFrame,
    bad: pd.Series,
    column: str,
    problem: str,
    expected: str,
    file_name: str,
) -> None:
    if bad.any():
        row = int(bad.idxmax())
        raise DataImportError(
            problem,
            file=file_name,
            row=row,
            column=column,
            expected=expected,
            found=frame.at[row, column],
        )
