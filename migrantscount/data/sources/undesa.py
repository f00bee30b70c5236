"""UN DESA International Migrant Stock: the destination and origin workbooks of any
revision, read by their header names, and the origin x destination tables (IOM
gdiviz's CSV of Rev.2020; a both-sexes extract of Rev.2024's Table 1).

A workbook's tables are found by the table of contents, their columns by the
header row ('Region, development group, country or area', 'Location code', the
years) and each column block's indicator and sex by its caption above the first
year ('International migrant stock at mid-year, males'). The 2020 and 2024 layouts
differ (code and data-type columns swapped, a year added, Table 2 without codes,
no refugees table) and go through the same reader.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from ..catalogue import DATASETS, UNDESA_INDICATORS, UNDESA_ORIGIN_INDICATORS
from .base import (
    MISSING_MARKERS,
    NO_PROGRESS,
    PROGRESS_ROWS,
    PROVISIONAL_DATE,
    READING,
    Area,
    DataImportError,
    Identity,
    IndicatorInfo,
    ObservationRecord,
    ParsedFile,
    Progress,
    StockRecord,
    UnidentifiedFile,
    is_missing,
    manifest_entry,
    manifest_label_date,
    to_number,
)
from .xlsx import Row, Workbook

EDITION_LABEL = re.compile(r"POP/DB/MIG/Stock/Rev\.(\d{4})")
TITLE = re.compile(r"International Migrant Stock (\d{4}): (Destination|Origin)\s*$")
NAME_HEADER = "Region, development group, country or area"
CODE_HEADER = "Location code"
TYPE_HEADERS = ("Type of data", "Data type")
CONTENTS_SHEET = "Table of contents"
TABLE_SHEET = re.compile(r"Table \d+")
TITLE_ROWS = 10
HEADER_SEARCH_ROWS = 20
PERIOD = re.compile(r"(\d{4})-(\d{4})")
CAPTION_SEX = re.compile(r"^(.*?),\s*(both sexes combined|males|females)$")
SEXES_BY_CAPTION = {"both sexes combined": "T", "males": "M", "females": "F"}
# A column block's caption (its sex and any unit removed, lower case) -> its
# indicator in a destination / an origin workbook.
BLOCK_INDICATORS: dict[str, dict[str, str]] = {
    "international migrant stock at mid-year": {
        "destination": "IMS.STOCK",
        "origin": "IMS.EMIGRANTS",
    },
    "total population at mid-year": {"destination": "IMS.POP"},
    "international migrant stock as a percentage of the total population": {
        "destination": "IMS.STOCK.PCT.POP"
    },
    "female migrants as a percentage of the international migrant stock": {
        "destination": "IMS.FEMALE.PCT.STOCK",
        "origin": "IMS.EMIGRANTS.FEMALE.PCT",
    },
    "annual rate of change of the migrant stock": {"destination": "IMS.STOCK.GROWTH"},
    "refugee and asylum seekers at mid-year": {"destination": "IMS.REFUGEES"},
    "refugee and asylum seekers as a percentage of the international migrant stock": {
        "destination": "IMS.REFUGEES.PCT.STOCK"
    },
    "annual rate of change of the refugee and asylum seekers": {
        "destination": "IMS.REFUGEES.GROWTH"
    },
}
MAIN_INDICATOR = {"destination": "IMS.STOCK", "origin": "IMS.EMIGRANTS"}
WORKBOOK_DATASETS = {
    "destination": "undesa-ims-destination",
    "origin": "undesa-ims-origin",
}
BILATERAL_DATASET = "undesa-ims-bilateral"
LICENCE = re.compile(r"Creative Commons licen[cs]e (CC [A-Z-]+ \d\.\d(?: IGO)?)")
CITATION = re.compile(r"Suggested citation:\s*(.+)$")
AGGREGATE_CODE_FROM = 900
OTHER_ORIGIN_CODE = 2003
GDIVIZ_COLUMNS = ["to", "from", "t", "sex", "v"]
EXTRACT_ID_COLUMNS = [
    "index",
    "destination",
    "location_code_destination",
    "origin",
    "location_code_origin",
]
# A file that states nothing about itself: its manifest entry says it all.
DATASET_FIELDS = ("publisher", "name", "licence", "citation", "caveats", "url")
MANIFEST_KEYS = ("dataset", "vintage_date", "publisher", "name", "licence")
GDIVIZ_OTHER_ORIGIN = "XXX"
SEXES = {"Male": "M", "Female": "F"}


def is_ims_workbook(sheet_names: list[str]) -> bool:
    return CONTENTS_SHEET in sheet_names or any(
        TABLE_SHEET.fullmatch(name) for name in sheet_names
    )


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _cell(row: Row, index: int) -> Any:
    return row[index] if index < len(row) else None


@dataclass(frozen=True)
class Block:
    indicator: str
    sex: str
    # (column index, year, period) of each figure
    columns: tuple[tuple[int, int, str], ...]


@dataclass
class Layout:
    """Where one table sheet keeps what: found by the header's names."""

    header_row: int  # 1-based
    index_column: int  # 0-based, like the other columns
    name_column: int
    code_column: int
    type_column: int | None
    blocks: list[Block]


def _table_sheets(workbook: Workbook, file_name: str) -> list[str]:
    """The tables the contents sheet lists (each must be there), else every
    'Table N' sheet."""
    tables = [name for name in workbook.sheetnames if TABLE_SHEET.fullmatch(name)]
    if CONTENTS_SHEET in workbook.sheetnames:
        listed = [
            _text(_cell(row, 1))
            for row in workbook.rows(CONTENTS_SHEET)
            if TABLE_SHEET.fullmatch(_text(_cell(row, 1)))
        ]
        for name in listed:
            if name not in workbook.sheetnames:
                raise DataImportError(
                    "a sheet listed in the table of contents is missing",
                    file=file_name,
                    sheet=name,
                    expected=f"sheets {', '.join(listed)}",
                    found=", ".join(workbook.sheetnames),
                )
        tables = listed or tables
    if not tables:
        raise DataImportError(
            "no table sheet",
            file=file_name,
            expected="sheets named 'Table 1', 'Table 2', …",
            found=", ".join(workbook.sheetnames),
        )
    return tables


def _kind_and_label(
    workbook: Workbook, sheet: str, file_name: str, identity: Identity | None
) -> tuple[str, str, dict[str, str]]:
    """Destination or origin, the edition label and the facts the titles state;
    what the titles do not say comes from a data officer's `identity`, or the file
    waits for one (UnidentifiedFile)."""
    kind, label, facts = "", "", {}
    for row in workbook.rows(sheet)[:TITLE_ROWS]:
        for value in row:
            text = _text(value)
            if not text:
                continue
            if match := TITLE.search(text):
                kind = match.group(2).lower()
            if match := EDITION_LABEL.search(text):
                label = match.group(0)
            if match := CITATION.search(text):
                facts["citation"] = match.group(1)
            if match := LICENCE.search(text):
                facts["licence"] = match.group(1)
    if identity is not None:
        kinds = {slug: name for name, slug in WORKBOOK_DATASETS.items()}
        return kinds.get(identity.dataset, kind), label or identity.label, facts
    proposed = {
        "dataset": WORKBOOK_DATASETS.get(kind, ""),
        "label": label,
        **facts,
        "url": DATASETS[WORKBOOK_DATASETS.get(kind, "undesa-ims-destination")]["url"],
    }
    if not kind:
        raise UnidentifiedFile(
            "the workbook's title is not that of a known UN DESA workbook",
            file=file_name,
            sheet=sheet,
            row=2,
            expected="'International Migrant Stock YYYY: Destination' or "
            "'… YYYY: Origin' in rows 1-10",
            proposed=proposed,
            datasets=list(WORKBOOK_DATASETS.values()),
        )
    if not label:
        raise UnidentifiedFile(
            "the edition of this workbook is unknown",
            file=file_name,
            sheet=sheet,
            row=4,
            expected="an edition label of the form 'POP/DB/MIG/Stock/Rev.YYYY' "
            "in rows 1-10",
            proposed=proposed,
            datasets=[WORKBOOK_DATASETS[kind]],
        )
    return kind, label, facts


def _check_label(rows: list[Row], label: str, *, sheet: str, file_name: str) -> None:
    """Every table names the same edition as the first."""
    for number, row in enumerate(rows[:TITLE_ROWS], start=1):
        for index, value in enumerate(row):
            match = EDITION_LABEL.search(_text(value))
            if match and match.group(0) != label:
                raise DataImportError(
                    "the tables of this workbook name different editions",
                    file=file_name,
                    sheet=sheet,
                    row=number,
                    column=get_column_letter(index + 1),
                    expected=f"{label!r}, as in the first table",
                    found=match.group(0),
                )


def edition_date(label: str) -> tuple[dt.date, str]:
    """The release date listed in the manifest, else a provisional one (31 December
    of the revision year, so editions still sort in order)."""
    listed = manifest_label_date(label)
    if listed is not None:
        return listed, "edition label in the workbook; date from manifest.toml"
    match = EDITION_LABEL.search(label)
    assert match is not None  # noqa: S101 - labels are matched before
    return (
        dt.date(int(match.group(1)), 12, 31),
        f"edition label in the workbook; release date not listed: {PROVISIONAL_DATE},"
        " the end of the revision year",
    )


def _header_row(rows: list[Row], sheet: str, file_name: str) -> int:
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        if any(_text(value) == NAME_HEADER for value in row):
            return number
    raise DataImportError(
        "the header row is missing or has changed",
        file=file_name,
        sheet=sheet,
        expected=f"a row holding {NAME_HEADER!r} in rows 1-{HEADER_SEARCH_ROWS}",
    )


def _column(header: Row, names: tuple[str, ...]) -> int | None:
    for index, value in enumerate(header):
        if _text(value) in names:
            return index
    return None


def _year_label(value: Any) -> tuple[int, str] | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value, ""
    text = _text(value)
    if text.isdigit() and len(text) == 4:
        return int(text), ""
    if match := PERIOD.fullmatch(text):
        return int(match.group(2)), text
    return None


def _block_indicator(
    caption: str, kind: str, *, file_name: str, sheet: str, row: int, column: int
) -> tuple[str, str]:
    text = re.sub(r"\((thousands|percentage)\)", "", caption.lower()).strip(" .")
    text = " ".join(text.split())
    sex = "T"
    if match := CAPTION_SEX.match(text):
        text, sex = match.group(1), SEXES_BY_CAPTION[match.group(2)]
    indicator = BLOCK_INDICATORS.get(text, {}).get(kind)
    if indicator is None:
        raise DataImportError(
            "a column block's caption is not one this reader knows",
            file=file_name,
            sheet=sheet,
            row=row,
            column=get_column_letter(column + 1),
            expected="a caption such as 'International migrant stock at mid-year, "
            "both sexes combined'",
            found=caption,
        )
    return indicator, sex


def _layout(rows: list[Row], sheet: str, kind: str, file_name: str) -> Layout:
    header_row = _header_row(rows, sheet, file_name)
    header = rows[header_row - 1]
    name_column = _column(header, (NAME_HEADER,))
    code_column = _column(header, (CODE_HEADER,))
    assert name_column is not None  # noqa: S101 - the header row holds it
    if code_column is None:
        raise DataImportError(
            "a column is missing",
            file=file_name,
            sheet=sheet,
            row=header_row,
            expected=repr(CODE_HEADER),
            found=", ".join(_text(value) for value in header if _text(value)),
        )
    first = next(
        (
            index
            for index in range(name_column + 1, len(header))
            if _year_label(header[index]) is not None
        ),
        None,
    )
    if first is None:
        raise DataImportError(
            "no year columns",
            file=file_name,
            sheet=sheet,
            row=header_row,
            expected="year headers such as 1990 or periods such as 1990-1995",
        )
    caption_row = next(
        (
            number
            for number in range(header_row - 1, 0, -1)
            if _text(_cell(rows[number - 1], first))
        ),
        None,
    )
    if caption_row is None:
        raise DataImportError(
            "the year columns have no caption",
            file=file_name,
            sheet=sheet,
            row=header_row - 1,
            column=get_column_letter(first + 1),
            expected="a caption above the first year, such as 'International "
            "migrant stock at mid-year, both sexes combined'",
        )
    captions = rows[caption_row - 1]
    starts = [
        index
        for index in range(first, max(len(captions), len(header)))
        if _text(_cell(captions, index))
    ]
    blocks = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(header)
        indicator, sex = _block_indicator(
            _text(captions[start]),
            kind,
            file_name=file_name,
            sheet=sheet,
            row=caption_row,
            column=start,
        )
        blocks.append(
            Block(
                indicator,
                sex,
                _block_columns(header, start, end, sheet, header_row, file_name),
            )
        )
    return Layout(
        header_row,
        _column(header, ("Index",)) or 0,
        name_column,
        code_column,
        _column(header, TYPE_HEADERS),
        blocks,
    )


def _block_columns(
    header: Row, start: int, end: int, sheet: str, row: int, file_name: str
) -> tuple[tuple[int, int, str], ...]:
    columns: list[tuple[int, int, str]] = []
    for index in range(start, end):
        value = _cell(header, index)
        if not _text(value):
            break  # the block's last year is followed by empty headers
        label = _year_label(value)
        previous = columns[-1][1] if columns else None
        if label is None or (previous is not None and label[0] <= previous):
            raise DataImportError(
                "unexpected column header",
                file=file_name,
                sheet=sheet,
                row=row,
                column=get_column_letter(index + 1),
                expected="a year such as 1990 or a period such as 1990-1995"
                if previous is None
                else f"a year after {previous}",
                found=value,
            )
        columns.append((index, *label))
    return tuple(columns)


@dataclass(frozen=True)
class Place:
    area: Area
    name: str
    note: str


def _area(code: int, name: str) -> Area:
    if code >= AGGREGATE_CODE_FROM:
        return Area("aggregate", str(code), name, "undesa")
    return Area("m49", f"{code:03d}", name)


def _clean_name(value: Any) -> str:
    return _text(value).rstrip("*").strip()


def _place(
    row: Row,
    row_number: int,
    layout: Layout,
    places: dict[Any, Place] | None,
    *,
    sheet: str,
    file_name: str,
) -> Place:
    """A row's area by its location code, or, where the column holds none (Rev.2024
    Table 2), by its index in the first table, whose name must then agree."""
    name = _clean_name(_cell(row, layout.name_column))
    code = _cell(row, layout.code_column)
    kind = layout.type_column
    note = _text(_cell(row, kind)) if kind is not None else ""
    if isinstance(code, int | float) and not isinstance(code, bool):
        return Place(
            _area(int(code), name), name, f"Type of data: {note}" if note else ""
        )
    known = places.get(_cell(row, layout.index_column)) if places else None
    if known is not None and known.name == name:
        return known
    raise DataImportError(
        "a location code is missing or not a number",
        file=file_name,
        sheet=sheet,
        row=row_number,
        column=get_column_letter(layout.code_column + 1),
        expected="a UN M49 location code"
        + (", or the index and name of a row of the first table" if places else ""),
        found=code,
    )


def _read_table(
    rows: list[Row],
    layout: Layout,
    places: dict[Any, Place] | None,
    parsed: ParsedFile,
    *,
    sheet: str,
    file_name: str,
) -> dict[Any, Place]:
    """The sheet's figures into `parsed`; returns its places by index."""
    found: dict[Any, Place] = {}
    cells = [
        (
            block.indicator,
            block.sex,
            column,
            year,
            period,
            get_column_letter(column + 1),
        )
        for block in layout.blocks
        for column, year, period in block.columns
    ]
    append = parsed.observations.append
    for row_number in range(layout.header_row + 1, len(rows) + 1):
        row = rows[row_number - 1]
        if not row or (
            _cell(row, layout.index_column) is None
            and not _cell(row, layout.name_column)
        ):
            break
        place = _place(
            row, row_number, layout, places, sheet=sheet, file_name=file_name
        )
        found[_cell(row, layout.index_column)] = place
        parsed.rows_read += 1
        width = len(row)
        for indicator, sex, column, year, period, letter in cells:
            value = row[column] if column < width else None
            if is_missing(value):
                parsed.missing_values += 1
                continue
            number = to_number(
                value, file=file_name, sheet=sheet, row=row_number, column=letter
            )
            append(
                ObservationRecord(
                    indicator,
                    place.area,
                    year,
                    period,
                    sex,
                    number,
                    False,
                    False,
                    place.note,
                    sheet,
                    row_number,
                    letter,
                )
            )
    return found


def read_ims_workbook(
    path: Path,
    file_name: str,
    *,
    progress: Progress = NO_PROGRESS,
    identity: Identity | None = None,
) -> ParsedFile:
    with Workbook(path, file_name) as workbook:
        sheets = _table_sheets(workbook, file_name)
        kind, label, facts = _kind_and_label(workbook, sheets[0], file_name, identity)
        if identity is not None:
            date, date_source = identity.vintage_date, identity.vintage_source
        else:
            date, date_source = edition_date(label)
        slug = WORKBOOK_DATASETS[kind]
        catalogue = (
            UNDESA_INDICATORS if kind == "destination" else (UNDESA_ORIGIN_INDICATORS)
        )
        parsed = ParsedFile(
            format=f"undesa-ims-{kind}",
            dataset_slug=slug,
            dataset_meta=DATASETS[slug],
            vintage_label=label,
            vintage_date=date,
            vintage_source=date_source,
            vintage_meta=facts,
        )
        places: dict[Any, Place] | None = None
        progress.stage(READING, len(sheets))
        for sheet in sheets:
            rows = workbook.rows(sheet)
            _check_label(rows, label, sheet=sheet, file_name=file_name)
            layout = _layout(rows, sheet, kind, file_name)
            found = _read_table(
                rows, layout, places, parsed, sheet=sheet, file_name=file_name
            )
            places = places or found
            progress.advance()
    read = {record.indicator for record in parsed.observations}
    if MAIN_INDICATOR[kind] not in read:
        raise DataImportError(
            "the migrant stock table is missing",
            file=file_name,
            sheet=sheets[0],
            expected="a column block captioned 'International migrant stock at "
            "mid-year, both sexes combined'",
        )
    parsed.indicators = [
        IndicatorInfo(code, name, unit, definition)
        for code, (name, unit, definition) in catalogue.items()
        if code in read
    ]
    return parsed


def _manifest_facts(file_name: str, identity: Identity | None) -> dict[str, Any]:
    """The manifest entry of a file that states nothing about itself, or what a
    data officer confirmed about it."""
    if identity is not None:
        dataset = DATASETS.get(identity.dataset, {})
        return {
            "dataset": identity.dataset,
            "label": identity.label,
            "vintage_date": identity.vintage_date,
            "vintage_source": identity.vintage_source,
            "publisher": dataset.get("publisher", ""),
            "name": dataset.get("name", ""),
            "licence": identity.licence,
            "citation": identity.citation,
            "caveats": dataset.get("caveats", ""),
            "url": identity.url,
        }
    entry = manifest_entry(file_name)
    missing = [key for key in MANIFEST_KEYS if not entry.get(key)]
    if missing:
        slug = str(entry.get("dataset") or BILATERAL_DATASET)
        known = DATASETS.get(slug, {})
        raise UnidentifiedFile(
            "this file states no edition and its manifest entry is incomplete",
            file=file_name,
            expected=f'an entry [files."{file_name}"] in files/manifest.toml with '
            + ", ".join(MANIFEST_KEYS),
            found=f"no {', '.join(missing)}",
            proposed={
                "dataset": slug,
                "label": str(entry.get("label", "")),
                "vintage_date": str(entry.get("vintage_date", "")),
                **{
                    key: str(entry.get(key) or known.get(key, ""))
                    for key in ("licence", "citation", "url")
                },
            },
            datasets=[BILATERAL_DATASET],
        )
    return entry


def _parsed_from_manifest(entry: dict[str, Any], file_format: str) -> ParsedFile:
    """A file described by its manifest entry: the entry's facts are this edition's;
    the dataset's are the catalogue's when the dataset is known."""
    facts = {key: str(entry.get(key, "")) for key in DATASET_FIELDS}
    return ParsedFile(
        format=file_format,
        dataset_slug=entry["dataset"],
        dataset_meta=DATASETS.get(entry["dataset"], facts),
        vintage_label=entry.get("label", str(entry["vintage_date"])),
        vintage_date=entry["vintage_date"],
        vintage_source=entry.get("vintage_source", "files/manifest.toml"),
        vintage_meta=facts,
    )


def is_bilateral_extract(first_row: Row) -> bool:
    return [_text(value) for value in first_row[:5]] == EXTRACT_ID_COLUMNS


def read_bilateral_extract(
    path: Path,
    file_name: str,
    *,
    progress: Progress = NO_PROGRESS,
    identity: Identity | None = None,
) -> ParsedFile:
    """Rev.2024 Table 1 (destination x origin, both sexes), one sheet, header in
    row 1: country pairs and 'Others' (origin unknown) are kept; rows naming a
    region or income group on either side are totals, not stored."""
    parsed = _parsed_from_manifest(
        _manifest_facts(file_name, identity), "undesa-ims-bilateral-extract"
    )
    with Workbook(path, file_name) as workbook:
        sheet = workbook.sheetnames[0]
        rows = workbook.rows(sheet)
    progress.stage(READING, max(len(rows) - 1, 0))
    header = rows[0] if rows else ()
    columns = {_text(value): index for index, value in enumerate(header)}
    missing = [name for name in EXTRACT_ID_COLUMNS if name not in columns]
    years = [
        (index, label[0])
        for index, value in enumerate(header)
        if (label := _year_label(value)) is not None and not label[1]
    ]
    if missing or not years:
        raise DataImportError(
            "unexpected header",
            file=file_name,
            sheet=sheet,
            row=1,
            expected="columns " + ", ".join(EXTRACT_ID_COLUMNS) + " and years",
            found=", ".join(columns),
        )
    destination_at = columns["location_code_destination"]
    origin_at = columns["location_code_origin"]
    destination_name, origin_name = columns["destination"], columns["origin"]
    letters = {index: get_column_letter(index + 1) for index, _year in years}
    stocks = parsed.stocks
    totals = 0
    for row_number, row in enumerate(rows[1:], start=2):
        if row_number % PROGRESS_ROWS == 0:
            progress.advance(PROGRESS_ROWS)
        destination_code = _code(row, destination_at, row_number, sheet, file_name)
        origin_code = _code(row, origin_at, row_number, sheet, file_name)
        if destination_code is None and origin_code is None:
            break
        parsed.rows_read += 1
        if destination_code is None or origin_code is None:
            raise DataImportError(
                "a location code is missing",
                file=file_name,
                sheet=sheet,
                row=row_number,
                column=get_column_letter(
                    (destination_at if destination_code is None else origin_at) + 1
                ),
                expected="a UN M49 location code",
            )
        if destination_code >= AGGREGATE_CODE_FROM or (
            origin_code >= AGGREGATE_CODE_FROM and origin_code != OTHER_ORIGIN_CODE
        ):
            totals += 1
            continue
        destination = Area(
            "m49", f"{destination_code:03d}", _clean_name(_cell(row, destination_name))
        )
        origin = (
            None
            if origin_code == OTHER_ORIGIN_CODE
            else Area("m49", f"{origin_code:03d}", _clean_name(_cell(row, origin_name)))
        )
        width = len(row)
        for index, year in years:
            value = row[index] if index < width else None
            if is_missing(value):
                parsed.missing_values += 1
                continue
            number = to_number(
                value,
                file=file_name,
                sheet=sheet,
                row=row_number,
                column=letters[index],
            )
            stocks.append(
                StockRecord(
                    origin, destination, year, "T", number, row_number, letters[index]
                )
            )
    parsed.notes.append(
        f"{totals} rows with a region or group as destination or origin are totals; "
        "not stored."
    )
    return parsed


def _code(
    row: Row, index: int, row_number: int, sheet: str, file_name: str
) -> int | None:
    value = _cell(row, index)
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    raise DataImportError(
        "a location code is not a number",
        file=file_name,
        sheet=sheet,
        row=row_number,
        column=get_column_letter(index + 1),
        expected="a UN M49 location code",
        found=value,
    )


def read_gdiviz_csv(
    path: Path,
    file_name: str,
    *,
    progress: Progress = NO_PROGRESS,
    identity: Identity | None = None,
) -> ParsedFile:
    parsed = _parsed_from_manifest(
        _manifest_facts(file_name, identity), "undesa-ims-bilateral-csv"
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
