"""Published figures read back exactly from the shipped files (see each SOURCE.md)."""

import openpyxl
import pytest
from django.db.models import QuerySet, Sum

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.models import (
    Aggregate,
    BilateralRemittance,
    BilateralStock,
    CorridorCost,
    Country,
    DatasetVintage,
    Observation,
)
from migrantscount.data.services.imports import ImportReport, import_file

pytestmark = pytest.mark.django_db

UNDESA = (
    SHIPPED_DIR
    / "undesa_migrant_stock"
    / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
)


REV_2020 = "POP/DB/MIG/Stock/Rev.2020"
REV_2024 = "POP/DB/MIG/Stock/Rev.2024"
GDIVIZ_2020 = "POP/DB/MIG/Stock/Rev.2020 (gdiviz export)"


def observations(edition: str | None) -> "QuerySet[Observation]":
    """The current figures, or those of a named edition (vintage label)."""
    if edition is None:
        return Observation.objects.current()
    return Observation.objects.filter(vintage__label=edition)


def value(
    indicator: str,
    iso3: str,
    year: int,
    sex: str = "T",
    *,
    edition: str | None = None,
    **extra: object,
) -> float:
    figure = (
        observations(edition)
        .get(indicator__code=indicator, country__iso3=iso3, year=year, sex=sex, **extra)
        .value
    )
    assert figure is not None
    return figure


def stock(
    origin: str, destination: str, year: int, *, edition: str | None = None
) -> float:
    rows = BilateralStock.objects.filter(
        origin__iso3=origin, destination__iso3=destination, year=year
    )
    if edition is None:
        rows = rows.filter(vintage__is_current=True)
    else:
        rows = rows.filter(vintage__label=edition)
    return rows.aggregate(total=Sum("value"))["total"]


def test_every_shipped_file_imports_as_current(
    shipped_data: dict[str, ImportReport],
) -> None:
    assert len(shipped_data) == 15
    for report in shipped_data.values():
        assert report.status == "imported", report
        assert report.records_written > 0


def test_undesa_2020_destination_figures(
    shipped_data: dict[str, ImportReport],
) -> None:
    rev2020 = {"edition": REV_2020}
    assert value("IMS.STOCK", "COL", 2020, **rev2020) == 1_905_393
    assert value("IMS.STOCK", "MEX", 2020, **rev2020) == 1_197_624
    assert value("IMS.POP", "COL", 2020, **rev2020) == 50_882.884
    assert value("IMS.POP", "MEX", 2020, **rev2020) == 128_932.753
    lac = observations(REV_2020).get(
        indicator__code="IMS.STOCK",
        aggregate__scheme="undesa",
        aggregate__code="904",
        year=2020,
        sex="T",
    )
    assert lac.value == 14_794_623
    male = value("IMS.STOCK", "COL", 2020, "M", **rev2020)
    female = value("IMS.STOCK", "COL", 2020, "F", **rev2020)
    assert male + female == 1_905_393


def test_refugees_stay_current_from_the_2020_revision_labelled_with_it(
    shipped_data: dict[str, ImportReport],
) -> None:
    # Rev.2024 has no refugees table: Rev.2020's figures are the current ones.
    refugees = Observation.objects.current().get(
        indicator__code="IMS.REFUGEES", aggregate__code="900", year=2020
    )
    assert refugees.value == 33_807_795
    assert refugees.vintage.label == REV_2020
    assert not refugees.vintage.is_current
    growth = Observation.objects.current().get(
        indicator__code="IMS.REFUGEES.GROWTH", aggregate__code="900", period="2015-2020"
    )
    assert growth.year == 2020
    assert growth.value == pytest.approx(6.4518, abs=1e-4)


def test_provenance_points_at_the_cell_holding_the_figure(
    shipped_data: dict[str, ImportReport],
) -> None:
    observation = observations(REV_2020).get(
        indicator__code="IMS.STOCK", country__iso3="COL", year=2020, sex="F"
    )
    assert observation.source_sheet == "Table 1"
    assert observation.source_column == "Z"
    workbook = openpyxl.load_workbook(UNDESA, read_only=True, data_only=True)
    cell = workbook["Table 1"][f"{observation.source_column}{observation.source_row}"]
    assert cell.value == observation.value
    assert workbook["Table 1"][f"B{observation.source_row}"].value.strip() == "Colombia"
    workbook.close()
    assert observation.vintage.dataset.slug == "undesa-ims-destination"
    assert observation.note == "Type of data: B"


def test_bilateral_2020_stock_matches_the_destination_totals(
    shipped_data: dict[str, ImportReport],
) -> None:
    gdiviz = {"edition": GDIVIZ_2020}
    assert stock("VEN", "COL", 2020, **gdiviz) == 1_780_486
    rows = BilateralStock.objects.filter(
        vintage__label=GDIVIZ_2020,
        origin__iso3="VEN",
        destination__iso3="COL",
        year=2020,
    )
    assert {row.sex: row.value for row in rows} == {"M": 883_775, "F": 896_711}
    in_2020 = BilateralStock.objects.filter(vintage__label=GDIVIZ_2020, year=2020)
    by_origin = in_2020.filter(destination__iso3="COL")
    assert by_origin.aggregate(total=Sum("value"))["total"] == value(
        "IMS.STOCK", "COL", 2020, edition=REV_2020
    )
    assert stock("MEX", "USA", 2020, **gdiviz) == 10_853_105
    emigrants = in_2020.filter(origin__iso3="MEX")
    assert emigrants.aggregate(total=Sum("value"))["total"] == 11_185_737
    venezuelans = in_2020.filter(origin__iso3="VEN")
    assert venezuelans.aggregate(total=Sum("value"))["total"] == 5_415_337


def test_unknown_origin_is_kept_as_other(shipped_data: dict[str, ImportReport]) -> None:
    assert BilateralStock.objects.filter(origin__isnull=True).exists()
    assert "CHI" in shipped_data["gdiviz_stocks_converted.csv"].unknown_areas


def test_wdi_remittances_and_gdp(shipped_data: dict[str, ImportReport]) -> None:
    assert value("BX.TRF.PWKR.CD.DT", "MEX", 2023) == 66_237_847_600
    assert value("BX.TRF.PWKR.CD.DT", "MEX", 2022) == 61_457_717_975
    assert value("BX.TRF.PWKR.CD.DT", "MEX", 2024) == 67_637_913_797
    assert value("BX.TRF.PWKR.CD.DT", "COL", 2022) == 9_454_507_516.93043
    assert value("NY.GDP.MKTP.CD", "MEX", 2023) == 1_788_886_821_046.81
    assert value("NY.GDP.MKTP.CD", "GTM", 2023) == 102_050_473_863.636
    assert value("BM.TRF.PWKR.CD.DT", "USA", 2021) == 72_669_000_000
    assert value("BX.TRF.PWKR.DT.GD.ZS", "MEX", 2021) == pytest.approx(4.25, abs=0.005)
    lcn = Observation.objects.current().get(
        indicator__code="BX.TRF.PWKR.CD.DT", aggregate__code="LCN", year=2022
    )
    assert lcn.value == 146_097_155_793.196


def test_aggregates_are_stored_apart_from_countries(
    shipped_data: dict[str, ImportReport],
) -> None:
    assert not Country.objects.filter(iso3__in=["WLD", "LCN", "INX"]).exists()
    assert Aggregate.objects.filter(scheme="wdi", code="WLD").exists()
    assert not Observation.objects.filter(
        country__isnull=True, aggregate__isnull=True
    ).exists()
    report = shipped_data["API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"]
    assert "World" in report.aggregates
    assert any("XKX" in area for area in report.unknown_areas)


def test_missing_markers_are_not_zero(shipped_data: dict[str, ImportReport]) -> None:
    # Mexico % of GDP 2022 is blank in the 2023-05-10 vintage.
    assert not Observation.objects.filter(
        indicator__code="BX.TRF.PWKR.DT.GD.ZS", country__iso3="MEX", year=2022
    ).exists()
    assert shipped_data["remittances-received-percent-gdp.xls"].missing_values > 0


def test_venezuela_zero_remittances_are_flagged_not_meaningful(
    shipped_data: dict[str, ImportReport],
) -> None:
    zeros = Observation.objects.current().filter(
        indicator__code="BX.TRF.PWKR.CD.DT",
        country__iso3="VEN",
        year__gte=2020,
        year__lte=2023,
    )
    assert zeros.count() == 4
    assert all(row.value == 0 and row.not_meaningful for row in zeros)
    assert not Observation.objects.filter(
        indicator__code="BX.TRF.PWKR.CD.DT", country__iso3="MEX", not_meaningful=True
    ).exists()


def test_corridor_costs(shipped_data: dict[str, ImportReport]) -> None:
    def cost(sending: str, receiving: str) -> float:
        return CorridorCost.objects.get(
            vintage__is_current=True,
            sending__iso3=sending,
            receiving__iso3=receiving,
            period="2020Q3",
        ).cost_percent

    assert round(cost("USA", "MEX"), 2) == 4.18
    assert cost("USA", "MEX") == 4.18037033081055
    assert cost("USA", "GTM") == 3.94071435928345
    assert cost("CAN", "JAM") == 6.55800008773804
    vintage = DatasetVintage.objects.get(dataset__slug="rpw-corridors")
    assert vintage.vintage_date.isoformat() == "2020-12-07"
    assert value("SI.RMT.COST.IB.ZS", "MEX", 2020) == pytest.approx(4.179567, abs=1e-6)
    assert value("SI.RMT.COST.OB.ZS", "USA", 2020) == pytest.approx(5.140987, abs=1e-6)


def test_knomad_flows_and_bilateral_matrix(
    shipped_data: dict[str, ImportReport],
) -> None:
    inflow = Observation.objects.current().get(
        indicator__code="KNOMAD.REM.IN", country__iso3="MEX", year=2022
    )
    assert inflow.value == pytest.approx(61_099.6, abs=0.05)
    assert inflow.is_estimate
    assert value("KNOMAD.REM.OUT", "USA", 2022) == pytest.approx(79_153, abs=0.5)
    world = Observation.objects.current().get(
        indicator__code="KNOMAD.REM.IN",
        aggregate__scheme="knomad",
        aggregate__code="WORLD",
        year=2022,
    )
    assert world.value == pytest.approx(831_103.0, abs=0.05)
    matrix = BilateralRemittance.objects.get(
        sending__iso3="USA", receiving__iso3="MEX", year=2017
    )
    assert matrix.value_musd == pytest.approx(30_019.19, abs=0.005)
    assert matrix.is_analytical_estimate
    assert BilateralRemittance.objects.get(
        sending__iso3="CAN", receiving__iso3="MEX"
    ).value_musd == pytest.approx(155.79, abs=0.005)


def test_reimporting_a_file_changes_nothing(
    shipped_data: dict[str, ImportReport],
) -> None:
    path = SHIPPED_DIR / "wdi_gdp" / "API_NY.GDP.MKTP.CD_DS2_en_csv_v2_9865.csv"
    before = list(
        Observation.objects.filter(indicator__code="NY.GDP.MKTP.CD").values_list(
            "country", "aggregate", "year", "value", "source_row"
        )
    )
    again = import_file(path)
    assert again.status == "unchanged"
    forced = import_file(path, force=True)
    assert forced.records_written == shipped_data[path.name].records_written
    after = list(
        Observation.objects.filter(indicator__code="NY.GDP.MKTP.CD").values_list(
            "country", "aggregate", "year", "value", "source_row"
        )
    )
    assert sorted(after, key=repr) == sorted(before, key=repr)
    assert (
        DatasetVintage.objects.filter(dataset__slug="wdi-ny-gdp-mktp-cd").count() == 1
    )


# The remaining reference figures of each SOURCE.md: (indicator, country, year,
# published figure, tolerance of its rounding; 0 = the double in the file).
REFERENCE_OBSERVATIONS = [
    ("NY.GDP.MKTP.CD", "MEX", 2022, 1_463_323_889_036.56, 0),
    ("NY.GDP.MKTP.CD", "HND", 2023, 34_400_509_852.0436, 0),
    ("NY.GDP.MKTP.CD", "SLV", 2023, 34_015_620_000, 0),
    ("NY.GDP.MKTP.CD", "COL", 2023, 363_540_156_234.868, 0),
    ("BX.TRF.PWKR.CD.DT", "GTM", 2022, 18_204_553_280, 0.5),
    ("BX.TRF.PWKR.DT.GD.ZS", "MEX", 2019, 3.07, 0.005),
    ("BX.TRF.PWKR.DT.GD.ZS", "MEX", 2020, 3.93, 0.005),
    ("BX.TRF.PWKR.DT.GD.ZS", "GTM", 2021, 17.92, 0.005),
    ("BX.TRF.PWKR.DT.GD.ZS", "HND", 2021, 25.29, 0.005),
    ("BX.TRF.PWKR.DT.GD.ZS", "SLV", 2021, 26.06, 0.005),
    ("BM.TRF.PWKR.CD.DT", "MEX", 2021, 1_057_147_138, 0.5),
    ("SI.RMT.COST.IB.ZS", "COL", 2020, 4.941951, 5e-7),
    ("SI.RMT.COST.IB.ZS", "SLV", 2020, 2.853846, 5e-7),
    ("SI.RMT.COST.IB.ZS", "HTI", 2020, 7.218717, 5e-7),
    ("SI.RMT.COST.OB.ZS", "CAN", 2020, 6.267835, 5e-7),
    ("SI.RMT.COST.OB.ZS", "BRA", 2020, 9.773196, 5e-7),
    ("KNOMAD.REM.IN", "GTM", 2022, 18_177.3, 0.05),
    ("KNOMAD.REM.IN", "COL", 2022, 9_440.1, 0.05),
    ("KNOMAD.REM.IN", "USA", 2022, 7_079, 0.5),
    ("KNOMAD.REM.OUT", "MEX", 2022, 1_131.1, 0.05),
]


@pytest.mark.parametrize(
    ("indicator", "iso3", "year", "published", "rounding"), REFERENCE_OBSERVATIONS
)
def test_other_reference_figures(
    shipped_data: dict[str, ImportReport],
    indicator: str,
    iso3: str,
    year: int,
    published: float,
    rounding: float,
) -> None:
    stored = value(indicator, iso3, year)
    if rounding:
        assert stored == pytest.approx(published, abs=rounding)
    else:
        assert stored == published


def test_other_corridor_and_matrix_reference_figures(
    shipped_data: dict[str, ImportReport],
) -> None:
    usa_colombia = CorridorCost.objects.get(
        vintage__is_current=True,
        sending__iso3="USA",
        receiving__iso3="COL",
        period="2020Q3",
    )
    assert usa_colombia.cost_percent == 5.28280019760132

    def matrix(sending: str, receiving: str) -> float:
        return BilateralRemittance.objects.get(
            vintage__is_current=True,
            sending__iso3=sending,
            receiving__iso3=receiving,
            year=2017,
        ).value_musd

    assert matrix("USA", "GTM") == pytest.approx(7_725.32, abs=0.005)
    assert matrix("ESP", "MEX") == pytest.approx(100.45, abs=0.005)
    # WORLD totals are not stored; the senders to Mexico add up to them.
    to_mexico = BilateralRemittance.objects.filter(
        vintage__is_current=True, receiving__iso3="MEX"
    ).aggregate(total=Sum("value_musd"))["total"]
    assert to_mexico == pytest.approx(30_600.05, abs=0.05)
