"""UN DESA International Migrant Stock 2024 (Rev.2024) supersedes Rev.2020 where it
has figures: every reference figure of files/undesa_migrant_stock_2024/SOURCE.md."""

import hashlib
from collections.abc import Iterator

import pytest
from django.db.models import Sum

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.models import (
    BilateralStock,
    DatasetVintage,
    Observation,
)
from migrantscount.data.services.imports import ImportReport, import_file
from migrantscount.data.services.reference import load_reference_data
from migrantscount.data.sources.xlsx import Workbook

from .conftest import clear_data

pytestmark = pytest.mark.django_db

REV_2020 = "POP/DB/MIG/Stock/Rev.2020"
REV_2024 = "POP/DB/MIG/Stock/Rev.2024"
FILES_2020 = SHIPPED_DIR / "undesa_migrant_stock"
FILES_2024 = SHIPPED_DIR / "undesa_migrant_stock_2024"
DESTINATION = FILES_2024 / "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"
ORIGIN = FILES_2024 / "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx"
EXTRACT = (
    FILES_2024 / "undesa_2024_ims_destination_and_origin_table1_both_sexes_extract.xlsx"
)
UNDESA_FILES = [
    FILES_2020 / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    FILES_2020 / "gdiviz_stocks_converted.csv",
    DESTINATION,
    ORIGIN,
    EXTRACT,
]


@pytest.fixture(scope="module")
def undesa(django_db_setup, django_db_blocker) -> Iterator[dict[str, ImportReport]]:
    with django_db_blocker.unblock():
        load_reference_data()
        reports = {path.name: import_file(path) for path in UNDESA_FILES}
    yield reports
    with django_db_blocker.unblock():
        clear_data()


def current(
    indicator: str, year: int, sex: str = "T", *, iso3: str = "", code: str = ""
) -> Observation:
    area = {"country__iso3": iso3} if iso3 else {"aggregate__code": code}
    return (
        Observation.objects.current()
        .select_related("vintage")
        .get(indicator__code=indicator, year=year, sex=sex, period="", **area)
    )


def stock(origin: str | None, destination: str, year: int) -> float:
    rows = BilateralStock.objects.filter(
        vintage__is_current=True, destination__iso3=destination, year=year
    )
    rows = (
        rows.filter(origin__isnull=True)
        if origin is None
        else rows.filter(origin__iso3=origin)
    )
    return rows.aggregate(total=Sum("value"))["total"]


def test_the_shipped_files_are_the_documented_bytes() -> None:
    expected = {
        DESTINATION: (
            541_936,
            "894fe0637f649e9eb2555915e7f5d6e9818a913b7653c8d7b5e3803fc236ce82",
        ),
        ORIGIN: (
            231_809,
            "67a6683e3993805da8df1c014d24e5b824e657877559e4f674e14fc10362b94c",
        ),
        EXTRACT: (
            2_620_203,
            "caa454d57b1c974ba751fc11f5cbb5081c14f38385cdab6467ffff33d6b31130",
        ),
    }
    for path, (size, sha256) in expected.items():
        content = path.read_bytes()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (size, sha256)


def test_rev2024_becomes_current_and_rev2020_is_kept(
    undesa: dict[str, ImportReport],
) -> None:
    for name in (DESTINATION.name, ORIGIN.name, EXTRACT.name):
        assert undesa[name].status == "imported", undesa[name]
        assert undesa[name].is_current
    destination = DatasetVintage.objects.filter(dataset__slug="undesa-ims-destination")
    assert [(v.label, v.is_current) for v in destination] == [
        (REV_2024, True),
        (REV_2020, False),
    ]
    rev2024 = destination.get(label=REV_2024)
    assert rev2024.vintage_date.isoformat() == "2025-01-15"
    assert rev2024.licence == "CC BY 3.0 IGO"
    assert rev2024.citation == (
        "United Nations Department of Economic and Social Affairs, Population "
        "Division (2024). International Migrant Stock 2024."
    )
    bilateral = DatasetVintage.objects.filter(dataset__slug="undesa-ims-bilateral")
    assert [v.is_current for v in bilateral] == [True, False]
    assert "MigLingDiv" in bilateral[0].publisher
    assert "gdiviz" in bilateral[1].publisher


def test_destination_reference_figures(undesa: dict[str, ImportReport]) -> None:
    world = {sex: current("IMS.STOCK", 2024, sex, code="900").value for sex in "TMF"}
    assert world == {"T": 304_021_813, "M": 158_009_795, "F": 146_012_018}
    assert current("IMS.STOCK", 2020, code="900").value == 275_284_032
    colombia = {sex: current("IMS.STOCK", 2024, sex, iso3="COL") for sex in "TMF"}
    assert {sex: row.value for sex, row in colombia.items()} == {
        "T": 3_063_518,
        "M": 1_521_185,
        "F": 1_542_333,
    }
    assert colombia["T"].vintage.label == REV_2024
    assert current("IMS.STOCK", 2024, iso3="USA").value == 52_375_047
    assert current("IMS.STOCK", 2024, iso3="MEX").value == 1_726_089
    assert current("IMS.STOCK", 2024, iso3="VEN").value == 1_263_304
    assert current("IMS.STOCK", 2024, code="1830").value == 17_510_527
    assert current("IMS.STOCK.PCT.POP", 2024, iso3="COL").value == 5.79264261374903
    assert current("IMS.STOCK.PCT.POP", 2024, iso3="USA").value == 15.16242564906798
    # Table 2 has no location codes: joined to Table 1 on the index.
    population = current("IMS.POP", 2024, iso3="COL")
    assert population.value == 52_886.363
    assert population.source_sheet == "Table 2"
    assert population.note == "Type of data: B R"


def test_rev2024_re_estimates_2020(undesa: dict[str, ImportReport]) -> None:
    assert current("IMS.STOCK", 2020, iso3="COL").value == 1_932_807
    rev2020 = Observation.objects.get(
        vintage__label=REV_2020,
        indicator__code="IMS.STOCK",
        country__iso3="COL",
        year=2020,
        sex="T",
    )
    assert rev2020.value == 1_905_393


def test_destination_layout_facts(undesa: dict[str, ImportReport]) -> None:
    report = undesa[DESTINATION.name]
    # 287 rows in each of the five tables.
    assert report.rows_read == 5 * 287
    stock_2024 = Observation.objects.filter(
        vintage__label=REV_2024, indicator__code="IMS.STOCK", year=2024, sex="T"
    )
    # 235 countries or areas: Channel Islands (830) matches no ISO country, and
    # Saint Barthélemy (652) and Saint Martin (663) are empty every year.
    assert stock_2024.filter(country__isnull=False).count() == 235 - 1 - 2
    assert report.unknown_areas == ["830 (Channel Islands)"]
    # 52 aggregates, of which Latin America and the Caribbean twice (904, 1830).
    assert stock_2024.filter(aggregate__isnull=False).count() == 52
    missing = Observation.objects.filter(
        vintage__label=REV_2024, indicator__code="IMS.STOCK"
    ).filter(country__iso3__in=["BLM", "MAF"])
    assert not missing.exists()
    assert current("IMS.STOCK", 2024, code="904").value == 17_510_527
    growth = Observation.objects.current().get(
        indicator__code="IMS.STOCK.GROWTH",
        country__iso3="COL",
        period="2020-2024",
        sex="T",
    )
    assert growth.year == 2024


def test_origin_reference_figures(undesa: dict[str, ImportReport]) -> None:
    assert current("IMS.EMIGRANTS", 2024, code="900").value == 304_021_813
    venezuela = current("IMS.EMIGRANTS", 2024, iso3="VEN")
    assert venezuela.value == 8_328_514
    assert venezuela.vintage.dataset.slug == "undesa-ims-origin"
    assert current("IMS.EMIGRANTS", 2020, iso3="VEN").value == 5_477_198
    assert current("IMS.EMIGRANTS", 2024, iso3="MEX").value == 11_596_529
    assert current("IMS.EMIGRANTS", 2024, iso3="COL").value == 3_652_238
    assert current("IMS.EMIGRANTS", 2024, iso3="USA").value == 3_186_999
    assert current("IMS.EMIGRANTS", 2024, code="2003").value == 22_065_614
    female = current("IMS.EMIGRANTS.FEMALE.PCT", 2024, iso3="VEN")
    assert female.value == 51.51708936312048
    assert undesa[ORIGIN.name].rows_read == 2 * 288


def test_bilateral_reference_figures(undesa: dict[str, ImportReport]) -> None:
    assert stock("VEN", "COL", 2024) == 2_904_873
    assert stock("VEN", "COL", 2020) == 1_796_066
    assert stock(None, "COL", 2024) == 23_733
    colombia = BilateralStock.objects.filter(
        vintage__is_current=True, destination__iso3="COL", year=2024
    )
    assert colombia.aggregate(total=Sum("value"))["total"] == 3_063_518
    assert set(colombia.values_list("sex", flat=True)) == {"T"}
    assert stock("MEX", "USA", 2024) == 11_279_561
    assert stock("COL", "USA", 2024) == 1_008_875
    assert stock("COL", "VEN", 2024) == 875_552
    assert stock("VEN", "PER", 2024) == 1_596_667
    # The 2020 revision's split by sex is kept, as an older vintage.
    rev2020 = BilateralStock.objects.filter(
        vintage__is_current=False,
        origin__iso3="VEN",
        destination__iso3="COL",
        year=2020,
    )
    assert {row.sex: row.value for row in rev2020} == {"M": 883_775, "F": 896_711}


def test_bilateral_extract_layout_facts(undesa: dict[str, ImportReport]) -> None:
    report = undesa[EXTRACT.name]
    assert report.rows_read == 28_030
    # One empty cell: Hungary <- United Arab Emirates, 1990; zeros are kept.
    assert report.missing_values == 1
    assert not BilateralStock.objects.filter(
        vintage__is_current=True,
        origin__iso3="ARE",
        destination__iso3="HUN",
        year=1990,
    ).exists()
    assert BilateralStock.objects.filter(vintage__is_current=True, value=0).exists()


def test_the_extract_agrees_with_the_official_totals(
    undesa: dict[str, ImportReport],
) -> None:
    """SOURCE.md: every 'origin = World' row equals the destination totals and every
    'destination = World' row the origin totals, all 8 years (Saint Barthélemy and
    Saint Martin: 0 in the extract, blank in the workbooks)."""
    with Workbook(EXTRACT, EXTRACT.name) as workbook:
        rows = workbook.rows("Sheet1")[1:]
    official = {
        (indicator, code, year): value
        for indicator, code, year, value in Observation.objects.filter(
            vintage__label=REV_2024,
            indicator__code__in=["IMS.STOCK", "IMS.EMIGRANTS"],
            sex="T",
        ).values_list("indicator__code", "country__numeric", "year", "value")
    }
    years = [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
    compared = 0
    for row in rows:
        destination, origin = int(row[2]), int(row[4])
        if origin == 900 and destination < 900:
            indicator, code = "IMS.STOCK", f"{destination:03d}"
        elif destination == 900 and origin < 900:
            indicator, code = "IMS.EMIGRANTS", f"{origin:03d}"
        else:
            continue
        for year, figure in zip(years, row[5:], strict=True):
            if (indicator, code, year) in official:
                assert official[(indicator, code, year)] == figure, (row, year)
                compared += 1
            elif code not in {"830"}:
                assert figure == 0, (row, year)
    assert compared > 2 * 230 * 8
