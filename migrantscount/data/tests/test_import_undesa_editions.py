"""Other UN DESA editions through the same reader, without a code or manifest change:
doctored copies of the 2020 and 2024 workbooks (columns moved, a year added, an
edition label changed), made here, since the exact older files are not shipped."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook import Workbook

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.models import DatasetVintage, Observation
from migrantscount.data.services.imports import DataImportError, import_file

pytestmark = pytest.mark.django_db

REV_2020 = "POP/DB/MIG/Stock/Rev.2020"
REV_2024 = "POP/DB/MIG/Stock/Rev.2024"
WORKBOOK_2020 = (
    SHIPPED_DIR
    / "undesa_migrant_stock"
    / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
)
WORKBOOK_2024 = (
    SHIPPED_DIR
    / "undesa_migrant_stock_2024"
    / "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"
)
TABLES_2024 = ["Table 1", "Table 2", "Table 3", "Table 4", "Table 5"]


def doctored(
    source: Path, tmp_path: Path, edit: Callable[[Workbook], None], name: str = ""
) -> Path:
    workbook = openpyxl.load_workbook(source)
    edit(workbook)
    path = tmp_path / (name or source.name)
    workbook.save(path)
    return path


def relabel(old: str, new: str) -> Callable[[Workbook], None]:
    def edit(workbook: Workbook) -> None:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(max_row=10):
                for cell in row:
                    if isinstance(cell.value, str) and old in cell.value:
                        cell.value = cell.value.replace(old, new)

    return edit


def colombia_row(sheet: openpyxl.worksheet.worksheet.Worksheet) -> int:
    return next(
        cell.row
        for cell in sheet["B"]
        if isinstance(cell.value, str) and cell.value.strip() == "Colombia"
    )


def current_stock(iso3: str, year: int, sex: str = "T") -> Observation:
    return (
        Observation.objects.current()
        .select_related("vintage")
        .get(indicator__code="IMS.STOCK", country__iso3=iso3, year=year, sex=sex)
    )


def test_columns_moved_are_read_by_their_headers(
    reference_data: None, tmp_path: Path
) -> None:
    # The 2020 workbook with Rev.2024's order: type of data in D, code in E.
    def swap_code_and_type(workbook: Workbook) -> None:
        for sheet in workbook.worksheets:
            if sheet.title.startswith("Table "):
                for row in sheet.iter_rows(min_row=11, min_col=4, max_col=5):
                    row[0].value, row[1].value = row[1].value, row[0].value

    report = import_file(doctored(WORKBOOK_2020, tmp_path, swap_code_and_type))
    assert report.status == "imported"
    colombia = current_stock("COL", 2020)
    assert colombia.value == 1_905_393
    assert colombia.note == "Type of data: B"
    assert (colombia.source_sheet, colombia.source_column) == ("Table 1", "L")
    refugees = Observation.objects.current().get(
        indicator__code="IMS.REFUGEES", aggregate__code="900", year=2020
    )
    assert refugees.value == 33_807_795


def test_a_year_added_is_read(reference_data: None, tmp_path: Path) -> None:
    def add_2022(workbook: Workbook) -> None:
        sheet = workbook["Table 1"]
        sheet.insert_cols(13)  # before M, 2024 of both sexes
        sheet["M11"] = 2022
        sheet[f"M{colombia_row(sheet)}"] = 2_500_000

    import_file(doctored(WORKBOOK_2024, tmp_path, add_2022))
    assert current_stock("COL", 2022).value == 2_500_000
    moved = current_stock("COL", 2024)
    assert (moved.value, moved.source_column) == (3_063_518, "N")
    assert current_stock("COL", 2024, "M").value == 1_521_185


def test_an_unlisted_edition_label_becomes_current_with_a_provisional_date(
    reference_data: None, tmp_path: Path
) -> None:
    import_file(WORKBOOK_2024)

    def rev2026(workbook: Workbook) -> None:
        relabel(REV_2024, "POP/DB/MIG/Stock/Rev.2026")(workbook)
        sheet = workbook["Table 1"]
        sheet[f"M{colombia_row(sheet)}"] = 3_100_000

    report = import_file(
        doctored(WORKBOOK_2024, tmp_path, rev2026, "undesa_pd_2026_destination.xlsx")
    )
    assert (report.status, report.vintage) == (
        "imported",
        "POP/DB/MIG/Stock/Rev.2026",
    )
    colombia = current_stock("COL", 2024)
    assert colombia.value == 3_100_000
    assert colombia.vintage.vintage_date == dt.date(2026, 12, 31)
    assert "provisional" in colombia.vintage.vintage_source
    editions = DatasetVintage.objects.filter(dataset__slug="undesa-ims-destination")
    assert [(v.label, v.is_current) for v in editions] == [
        ("POP/DB/MIG/Stock/Rev.2026", True),
        (REV_2024, False),
    ]


def test_an_older_edition_is_stored_and_the_current_one_stays(
    reference_data: None, tmp_path: Path
) -> None:
    import_file(WORKBOOK_2024)
    older = import_file(WORKBOOK_2020)
    rev2015 = import_file(
        doctored(
            WORKBOOK_2020,
            tmp_path,
            relabel(REV_2020, "POP/DB/MIG/Stock/Rev.2015"),
            "undesa_pd_2015_destination.xlsx",
        )
    )
    assert older.status == rev2015.status == "stored as an older vintage"
    assert current_stock("COL", 2024).vintage.label == REV_2024
    assert current_stock("COL", 2020).value == 1_932_807  # Rev.2024's re-estimate
    # Rev.2024 has no refugees table: the newest older edition that has one.
    refugees = Observation.objects.current().get(
        indicator__code="IMS.REFUGEES", aggregate__code="900", year=2020
    )
    assert refugees.vintage.label == REV_2020


def refusal(path: Path) -> DataImportError:
    with pytest.raises(DataImportError) as error:
        import_file(path)
    assert not Observation.objects.exists()
    return error.value


def test_an_unknown_caption_is_refused_by_cell(
    reference_data: None, tmp_path: Path
) -> None:
    def recaption(workbook: Workbook) -> None:
        workbook["Table 3"]["N8"] = "Migrants per 100 inhabitants, males"

    error = refusal(doctored(WORKBOOK_2024, tmp_path, recaption))
    assert (error.sheet, error.row, error.column) == ("Table 3", 8, "N")
    assert error.found == "Migrants per 100 inhabitants, males"
    assert "International migrant stock at mid-year" in error.expected


def test_tables_naming_different_editions_are_refused(
    reference_data: None, tmp_path: Path
) -> None:
    def mislabel(workbook: Workbook) -> None:
        workbook["Table 3"]["F4"] = "POP/DB/MIG/Stock/Rev.2023"

    error = refusal(doctored(WORKBOOK_2024, tmp_path, mislabel))
    assert (error.sheet, error.row, error.column) == ("Table 3", 4, "F")
    assert (error.expected, error.found) == (
        f"{REV_2024!r}, as in the first table",
        "POP/DB/MIG/Stock/Rev.2023",
    )


def test_a_missing_code_column_is_named(reference_data: None, tmp_path: Path) -> None:
    def rename(workbook: Workbook) -> None:
        workbook["Table 5"]["E11"] = "M49"

    error = refusal(doctored(WORKBOOK_2024, tmp_path, rename))
    assert (error.sheet, error.row) == ("Table 5", 11)
    assert error.expected == "'Location code'"
    assert "M49" in error.found


def test_a_row_of_table_2_that_does_not_match_table_1_is_refused(
    reference_data: None, tmp_path: Path
) -> None:
    # Rev.2024's Table 2 has no codes: its rows are matched to Table 1 by index,
    # and the names must agree.
    def rename_row(workbook: Workbook) -> None:
        sheet = workbook["Table 2"]
        sheet[f"B{colombia_row(sheet)}"] = "Gran Colombia"

    error = refusal(doctored(WORKBOOK_2024, tmp_path, rename_row))
    assert (error.sheet, error.column) == ("Table 2", "D")
    assert "index and name of a row of the first table" in error.expected


def test_a_workbook_without_an_edition_label_is_refused(
    reference_data: None, tmp_path: Path
) -> None:
    error = refusal(
        doctored(WORKBOOK_2024, tmp_path, relabel(REV_2024, "International Migrant"))
    )
    assert error.sheet == "Table 1"
    assert "POP/DB/MIG/Stock/Rev.YYYY" in error.expected
