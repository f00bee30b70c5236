"""Broken and doctored copies, generated here: clear errors, vintages, unknown areas."""

from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.models import BilateralStock, DatasetVintage, Observation
from migrantscount.data.services.imports import DataImportError, import_file

pytestmark = pytest.mark.django_db

WDI_CSV = (
    SHIPPED_DIR / "wdi_remittances" / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
)
WDI_XLS = SHIPPED_DIR / "wdi_remittances" / "personal-remittances-paid.xls"
UNDESA = (
    SHIPPED_DIR
    / "undesa_migrant_stock"
    / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
)
RPW = (
    SHIPPED_DIR / "remittance_prices" / "36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def wdi_copy(
    tmp_path: Path,
    *,
    date: str,
    mexico_2023: str | None = None,
    companion: bool = True,
) -> Path:
    """A doctored copy of the WDI CSV, with its Metadata_ files beside it (as the
    publisher's ZIP brings them) unless `companion` is False."""
    if companion:
        for metadata in WDI_CSV.parent.glob(f"Metadata_*_{WDI_CSV.name}"):
            (tmp_path / metadata.name).write_bytes(metadata.read_bytes())
    text = WDI_CSV.read_text(encoding="utf-8-sig")
    text = text.replace(
        '"Last Updated Date","2025-07-01"', f'"Last Updated Date","{date}"'
    )
    if mexico_2023 is not None:
        text = text.replace('"66237847600"', f'"{mexico_2023}"')
    return write(tmp_path, WDI_CSV.name, text)


def mexico_2023() -> Observation:
    return Observation.objects.current().get(
        indicator__code="BX.TRF.PWKR.CD.DT", country__iso3="MEX", year=2023
    )


def test_an_older_vintage_imported_later_is_stored_but_not_current(
    reference_data: None, tmp_path: Path
) -> None:
    import_file(WDI_CSV)
    older = import_file(wdi_copy(tmp_path, date="2024-01-15", mexico_2023="1"))
    assert older.status == "stored as an older vintage"
    assert not older.is_current
    assert mexico_2023().value == 66_237_847_600
    vintages = DatasetVintage.objects.filter(dataset__slug="wdi-bx-trf-pwkr-cd-dt")
    assert vintages.count() == 2
    assert vintages.get(is_current=True).vintage_date.isoformat() == "2025-07-01"
    assert Observation.objects.filter(
        indicator__code="BX.TRF.PWKR.CD.DT", country__iso3="MEX", year=2023, value=1
    ).exists()


def test_a_newer_vintage_becomes_current(reference_data: None, tmp_path: Path) -> None:
    import_file(WDI_CSV)
    newer = import_file(wdi_copy(tmp_path, date="2026-07-01", mexico_2023="2"))
    assert newer.is_current
    assert mexico_2023().value == 2
    assert DatasetVintage.objects.filter(is_current=True).count() == 1


def test_a_truncated_csv_names_the_file(reference_data: None, tmp_path: Path) -> None:
    lines = WDI_CSV.read_text(encoding="utf-8-sig").splitlines()
    path = write(tmp_path, WDI_CSV.name, "\n".join(lines[:3]))
    with pytest.raises(DataImportError) as error:
        import_file(path)
    assert error.value.file == WDI_CSV.name
    assert "truncated" in str(error.value)


def test_a_wrong_header_row_names_row_and_column(
    reference_data: None, tmp_path: Path
) -> None:
    lines = WDI_CSV.read_text(encoding="utf-8-sig").splitlines()
    lines.insert(3, '"An extra line",')
    with pytest.raises(DataImportError) as error:
        import_file(write(tmp_path, WDI_CSV.name, "\n".join(lines)))
    assert (error.value.row, error.value.column) == (5, "A")
    assert "Country Name" in error.value.expected
    assert not Observation.objects.exists()


def test_an_unreadable_value_names_the_cell(
    reference_data: None, tmp_path: Path
) -> None:
    text = WDI_CSV.read_text(encoding="utf-8-sig").replace('"66237847600"', '"sixty"')
    with pytest.raises(DataImportError) as error:
        import_file(write(tmp_path, WDI_CSV.name, text))
    assert error.value.column == "2023"
    assert error.value.found == "sixty"
    assert "row" in str(error.value) and "sixty" in str(error.value)
    # One transaction per file: nothing of the file was written.
    assert not DatasetVintage.objects.exists()


def test_a_renamed_sheet_is_named_in_the_error(
    reference_data: None, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(UNDESA)
    workbook["Table 6"].title = "Refugees"
    path = tmp_path / UNDESA.name
    workbook.save(path)
    with pytest.raises(DataImportError) as error:
        import_file(path)
    assert error.value.sheet == "Table 6"
    assert "Refugees" in str(error.value.found)
    assert not Observation.objects.exists()


def test_swapped_year_columns_are_refused(reference_data: None, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(UNDESA)
    sheet = workbook["Table 1"]
    sheet["F11"], sheet["G11"] = 1995, 1990
    path = tmp_path / UNDESA.name
    workbook.save(path)
    with pytest.raises(DataImportError) as error:
        import_file(path)
    assert (error.value.sheet, error.value.row, error.value.column) == (
        "Table 1",
        11,
        "G",
    )
    assert (error.value.expected, error.value.found) == ("a year after 1995", 1990)


def test_an_error_cell_is_refused_not_taken_for_missing(
    reference_data: None, tmp_path: Path
) -> None:
    # calamine reads error cells as empty: such a workbook is read by openpyxl.
    workbook = openpyxl.load_workbook(UNDESA)
    workbook["Table 1"]["Z60"] = "#N/A"
    path = tmp_path / UNDESA.name
    workbook.save(path)
    with pytest.raises(DataImportError) as error:
        import_file(path)
    assert (error.value.sheet, error.value.row, error.value.column) == (
        "Table 1",
        60,
        "Z",
    )
    assert error.value.found == "#N/A"
    assert not Observation.objects.exists()


def test_markers_everywhere_mean_missing_not_zero(
    reference_data: None, tmp_path: Path
) -> None:
    lines = RPW.read_text(encoding="utf-8-sig").splitlines()
    body = []
    for line in lines[1:4]:
        fields = line.split(",")
        body.append(",".join(fields[:6] + [".."] * (len(fields) - 6)))
    text = "\n".join([lines[0], *body, *lines[-2:]])
    report = import_file(write(tmp_path, RPW.name, text))
    assert report.records_written == 0
    assert report.missing_values == 3 * (len(lines[0].split(",")) - 6)


def test_a_region_where_a_country_is_expected_is_listed(
    reference_data: None, tmp_path: Path
) -> None:
    text = "to,from,t,sex,v\nCOL,VEN,2020,Male,10\nLCN,VEN,2020,Male,5\n"
    report = import_file(write(tmp_path, "gdiviz_stocks_converted.csv", text))
    assert report.unknown_areas == ["LCN"]
    assert report.skipped_records == 1
    assert BilateralStock.objects.get().value == 10


def test_csv_columns_in_another_order_are_read_by_name(
    reference_data: None, tmp_path: Path
) -> None:
    text = "v,sex,t,from,to\n7,Female,2015,XXX,MEX\n"
    import_file(write(tmp_path, "gdiviz_stocks_converted.csv", text))
    row = BilateralStock.objects.get()
    assert (row.destination.iso3, row.origin, row.year, row.sex, row.value) == (
        "MEX",
        None,
        2015,
        "F",
        7,
    )


def test_bilateral_markers_padded_or_not_are_missing(
    reference_data: None, tmp_path: Path
) -> None:
    text = (
        "to,from,t,sex,v\nCOL,VEN,2020,Male,..\nCOL,VEN,2020,Female, .. \n"
        "COL,ECU,2020,Male,\nCOL,PER,2020,Male,12.5\n"
    )
    report = import_file(write(tmp_path, "gdiviz_stocks_converted.csv", text))
    assert (report.missing_values, report.records_written) == (3, 1)
    assert BilateralStock.objects.get().value == 12.5


@pytest.mark.parametrize(
    ("line", "column", "found"),
    [("COL,VEN,2020,Male,ten", "v", "ten"), ("COL,VEN,20x0,Male,10", "t", "20x0")],
)
def test_an_unreadable_bilateral_cell_names_row_and_column(
    reference_data: None, tmp_path: Path, line: str, column: str, found: str
) -> None:
    text = f"to,from,t,sex,v\nCOL,ECU,2020,Male,4\n{line}\n"
    with pytest.raises(DataImportError) as error:
        import_file(write(tmp_path, "gdiviz_stocks_converted.csv", text))
    assert (error.value.row, error.value.column, error.value.found) == (
        3,
        column,
        found,
    )
    assert not BilateralStock.objects.exists()


def test_a_file_without_a_vintage_is_refused(
    reference_data: None, tmp_path: Path
) -> None:
    path = write(tmp_path, "stocks.csv", "to,from,t,sex,v\nCOL,VEN,2020,Male,10\n")
    with pytest.raises(DataImportError) as error:
        import_file(path)
    assert "manifest" in str(error.value)


def test_a_dateless_file_takes_its_facts_from_the_manifest(
    reference_data: None, tmp_path: Path
) -> None:
    text = "to,from,t,sex,v\nCOL,VEN,2020,Male,10\n"
    report = import_file(write(tmp_path, "gdiviz_stocks_converted.csv", text))
    vintage = DatasetVintage.objects.select_related("dataset").get()
    assert (report.dataset, vintage.vintage_date.isoformat()) == (
        "undesa-ims-bilateral",
        "2021-01-15",
    )
    assert vintage.vintage_source == "files/manifest.toml"
    # The file's facts are this edition's; the dataset keeps the catalogue's.
    assert vintage.licence == "CC BY 3.0 IGO"
    assert "gdiviz" in vintage.publisher
    assert "Kosovo" in vintage.caveats
    assert "gdiviz" not in vintage.dataset.publisher


def test_an_unknown_format_is_refused(reference_data: None, tmp_path: Path) -> None:
    with pytest.raises(DataImportError):
        import_file(write(tmp_path, "notes.txt", "hello"))
    broken = tmp_path / "broken.xls"
    broken.write_bytes(b"not really excel")
    with pytest.raises(DataImportError) as error:
        import_file(broken)
    assert "cannot be opened" in str(error.value)


def test_the_xls_reader_reads_its_own_edition_date(reference_data: None) -> None:
    report = import_file(WDI_XLS)
    assert report.vintage_date == "2023-05-10"


def test_the_command_reports_errors_without_a_traceback(
    reference_data: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(
        tmp_path,
        "gdiviz_stocks_converted.csv",
        "to,from,t,sex,v\nCOL,VEN,2020,Male,10\n",
    )
    (tmp_path / "bad").mkdir()
    bad = write(
        tmp_path / "bad",
        "gdiviz_stocks_converted.csv",
        "to,from,t,sex,v\nCOL,VEN,2020,Mixed,10\n",
    )
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_data", str(good), str(bad))
    err = capsys.readouterr().err
    assert "row 2, column sex" in err and "Mixed" in err and "Traceback" not in err
    assert BilateralStock.objects.count() == 1


def test_a_repeated_bilateral_row_is_named_and_nothing_is_written(
    reference_data: None, tmp_path: Path
) -> None:
    text = (
        "to,from,t,sex,v\nCOL,VEN,2020,Male,10\nCOL,ECU,2020,Male,4\n"
        "COL,VEN,2020,Male,11\n"
    )
    with pytest.raises(DataImportError) as error:
        import_file(write(tmp_path, "gdiviz_stocks_converted.csv", text))
    assert (error.value.row, error.value.column) == (4, "v")
    assert "row 2" in error.value.expected
    assert not BilateralStock.objects.exists()
    assert not DatasetVintage.objects.exists()
    if connection.vendor == "sqlite":
        # The secondary indexes dropped for the bulk insert came back with the rollback.
        indexes = connection.introspection.get_constraints(
            connection.cursor(), BilateralStock._meta.db_table
        )
        assert any(
            info["columns"] == ["origin_id", "year"] for info in indexes.values()
        )


def test_losing_the_aggregate_classification_is_refused_naming_the_companion(
    reference_data: None, tmp_path: Path
) -> None:
    # Imported from data/files/, with its Metadata_Country_ file beside it.
    import_file(WDI_CSV)
    before = Observation.objects.current().filter(aggregate__isnull=False).count()
    assert before > 0
    # The same series uploaded alone: WLD, LCN … would become "unknown areas".
    alone = wdi_copy(tmp_path, date="2025-07-01", mexico_2023="2", companion=False)
    with pytest.raises(DataImportError) as error:
        import_file(alone)
    assert error.value.expected.startswith(f"Metadata_Country_{WDI_CSV.name} ")
    assert "aggregate classification" in error.value.problem
    assert "Africa Eastern and Southern" in error.value.problem
    assert Observation.objects.current().filter(aggregate__isnull=False).count() == (
        before
    )
    assert mexico_2023().value == 66_237_847_600


def test_a_first_import_without_the_companion_is_kept_with_a_note(
    reference_data: None, tmp_path: Path
) -> None:
    report = import_file(wdi_copy(tmp_path, date="2025-07-01", companion=False))
    assert report.status == "imported"
    assert any(f"Metadata_Country_{WDI_CSV.name}" in note for note in report.notes)
