import datetime as dt

import pytest
from django.utils import translation

from migrantscount.data.models import Aggregate, Country
from migrantscount.profiles.queries.figures import Rank, Source
from migrantscount.profiles.queries.indicators import (
    GDP,
    PAID,
    RECEIVED,
    RECEIVED_PCT_GDP,
    STOCK,
    STOCK_PCT,
)
from migrantscount.profiles.queries.observations import oas_totals
from migrantscount.profiles.queries.profile import country_profile
from migrantscount.profiles.queries.ranking import oas_ranking

from .factories import (
    BilateralRemittanceFactory,
    BilateralStockFactory,
    CorridorCostFactory,
    ObservationFactory,
    VintageFactory,
    indicator_with_vintage,
    reference_country,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_countries")]


def observe(code: str, country, year: int, value, sex: str = "T", **extra):
    indicator, vintage = indicator_with_vintage(code)
    return ObservationFactory(
        indicator=indicator,
        vintage=vintage,
        country=country,
        year=year,
        value=value,
        sex=sex,
        **extra,
    )


def latin_america() -> Aggregate:
    region, _created = Aggregate.objects.get_or_create(
        scheme="wdi", code="LCN", defaults={"name": "Latin America & Caribbean"}
    )
    return region


@pytest.fixture
def colombia() -> Country:
    return reference_country("COL")


@pytest.fixture
def venezuela() -> Country:
    return reference_country("VEN")


def test_immigrant_figures_carry_their_vintage(colombia):
    for year, value in [(2015, 138_000.0), (2020, 1_905_393.0)]:
        stock = observe(STOCK, colombia, year, value)
    observe(STOCK, colombia, 2020, 940_000.0, sex="M")
    observe(STOCK, colombia, 2020, 965_393.0, sex="F")
    observe(STOCK_PCT, colombia, 2020, 3.7)

    profile = country_profile(colombia)

    assert profile.immigrants.value == 1_905_393.0
    assert profile.immigrants.year == 2020
    assert profile.immigrants_male.value == 940_000.0
    assert profile.immigrants_female.value == 965_393.0
    assert profile.immigrants_pct_population.value == 3.7
    assert [point.year for point in profile.immigrant_trend] == [2015, 2020]
    assert profile.immigrants.sources == (Source.of(stock.vintage),)
    with translation.override("en"):
        assert stock.vintage.vintage_date.isoformat() in profile.immigrants.source_line
        assert profile.immigrants.display("en") == "1,905,393"


def test_unreported_figures_are_not_published_never_zero(colombia):
    cuba = reference_country("CUB")
    observe(RECEIVED, colombia, 2022, 9_454_507_516.93)

    profile = country_profile(cuba)

    assert profile.remittances_received.value is None
    assert not profile.remittances_received.is_published
    with translation.override("en"):
        assert profile.remittances_received.display("en") == "not published"
    with translation.override("es"):
        assert profile.remittances_received.display("es") != "0"
    assert profile.remittances_received_rank is None


def test_pct_of_gdp_is_computed_from_both_series_after_the_published_one_stops(
    colombia,
):
    observe(RECEIVED_PCT_GDP, colombia, 2021, 2.9)
    received = observe(RECEIVED, colombia, 2023, 10_000_000_000.0)
    gdp_indicator, gdp_vintage = indicator_with_vintage(
        GDP, vintage_date=dt.date(2024, 10, 24)
    )
    ObservationFactory(
        indicator=gdp_indicator,
        vintage=gdp_vintage,
        country=colombia,
        year=2023,
        value=400_000_000_000.0,
    )

    profile = country_profile(colombia)

    assert profile.remittances_pct_gdp.value == 2.9
    assert profile.remittances_pct_gdp.year == 2021
    computed = profile.remittances_pct_gdp_computed
    assert computed is not None and computed.is_computed
    assert computed.year == 2023
    assert computed.value == pytest.approx(2.5)
    assert computed.sources == (
        Source.of(received.vintage),
        Source.of(gdp_vintage),
    )


def test_no_computed_ratio_when_the_published_series_is_as_recent(colombia):
    observe(RECEIVED_PCT_GDP, colombia, 2023, 2.9)
    observe(RECEIVED, colombia, 2023, 1.0)
    observe(GDP, colombia, 2023, 100.0)
    assert country_profile(colombia).remittances_pct_gdp_computed is None


def test_rank_counts_oas_members_only(colombia, venezuela):
    outsider = reference_country("ESP")
    assert not outsider.is_oas_member
    observe(RECEIVED, colombia, 2022, 9.0)
    observe(RECEIVED, venezuela, 2022, 12.0)
    observe(RECEIVED, outsider, 2022, 100.0)
    indicator, vintage = indicator_with_vintage(RECEIVED)
    ObservationFactory(
        indicator=indicator,
        vintage=vintage,
        country=None,
        aggregate=latin_america(),
        year=2022,
        value=500.0,
    )

    rank = country_profile(colombia).remittances_received_rank

    assert (rank.position, rank.out_of, rank.year) == (2, 2, 2022)


def test_paid_and_share_of_gdp_are_ranked_at_their_own_years(colombia, venezuela):
    observe(PAID, colombia, 2023, 300.0)
    observe(PAID, venezuela, 2023, 400.0)
    observe(PAID, venezuela, 2024, 500.0)  # Colombia's latest year is 2023
    observe(RECEIVED_PCT_GDP, colombia, 2021, 2.9)
    observe(RECEIVED_PCT_GDP, venezuela, 2021, 0.0, not_meaningful=True)

    profile = country_profile(colombia)

    assert profile.remittances_paid_rank == Rank(2, 2, 2023)
    assert profile.remittances_pct_gdp_rank == Rank(1, 1, 2021)
    assert profile.remittances_received_rank is None
    assert country_profile(venezuela).remittances_paid_rank == Rank(1, 1, 2024)


def test_paid_share_of_gdp_is_computed_and_cites_both_vintages(colombia):
    paid = observe(PAID, colombia, 2023, 1_000_000_000.0)
    gdp = observe(GDP, colombia, 2023, 400_000_000_000.0)

    computed = country_profile(colombia).remittances_paid_pct_gdp_computed

    assert computed.is_computed and computed.year == 2023
    assert computed.value == pytest.approx(0.25)
    assert computed.sources == (
        Source.of(paid.vintage),
        Source.of(gdp.vintage),
    )


def test_flagged_zero_is_skipped_for_the_latest_published_year(venezuela):
    observe(RECEIVED, venezuela, 2019, 5.0)
    observe(RECEIVED, venezuela, 2020, 0.0, not_meaningful=True)
    assert country_profile(venezuela).remittances_received.year == 2019


def test_old_vintages_are_ignored(colombia):
    indicator, current = indicator_with_vintage(STOCK)
    old = VintageFactory(
        dataset=current.dataset, vintage_date=dt.date(2019, 1, 1), is_current=False
    )
    ObservationFactory(
        indicator=indicator, vintage=old, country=colombia, year=2020, value=1.0
    )
    ObservationFactory(
        indicator=indicator, vintage=current, country=colombia, year=2020, value=2.0
    )
    assert country_profile(colombia).immigrants.value == 2.0


def test_emigrants_sum_bilateral_stock_by_origin(colombia, venezuela):
    peru = reference_country("PER")
    vintage = VintageFactory()
    for destination, sex, value in [
        (colombia, "M", 883_775.0),
        (colombia, "F", 896_711.0),
        (peru, "M", 500_000.0),
        (peru, "F", 540_000.0),
    ]:
        BilateralStockFactory(
            vintage=vintage,
            origin=venezuela,
            destination=destination,
            sex=sex,
            value=value,
        )
    BilateralStockFactory(
        vintage=vintage,
        origin=venezuela,
        destination=colombia,
        sex="M",
        value=40.0,
        year=2015,
    )

    profile = country_profile(venezuela)

    assert profile.emigrants.value == 883_775.0 + 896_711.0 + 500_000.0 + 540_000.0
    assert [share.country for share in profile.top_destinations] == [colombia, peru]
    assert profile.top_destinations[0].figure.value == 1_780_486.0
    assert [(point.year, point.male) for point in profile.emigrant_trend] == [
        (2015, 40.0),
        (2020, 1_383_775.0),
    ]
    assert country_profile(colombia).top_origins[0].country == venezuela


def test_corridors_cheapest_dearest_and_ceiling(colombia):
    usa, canada = reference_country("USA"), reference_country("CAN")
    vintage = VintageFactory()
    CorridorCostFactory(
        vintage=vintage,
        sending=usa,
        receiving=colombia,
        year=2019,
        quarter=1,
        cost_percent=9.0,
    )
    CorridorCostFactory(
        vintage=vintage, sending=usa, receiving=colombia, cost_percent=5.28280019760132
    )
    CorridorCostFactory(
        vintage=vintage, sending=canada, receiving=colombia, cost_percent=4.1
    )

    profile = country_profile(colombia)

    assert profile.cheapest_corridor.sending == canada
    assert profile.dearest_corridor.sending == usa
    assert profile.dearest_corridor.period == "2020Q3"
    assert [corridor.sending for corridor in profile.corridors_above_ceiling] == [usa]


def test_top_senders_are_labelled_estimates(colombia):
    usa = reference_country("USA")
    BilateralRemittanceFactory(sending=usa, receiving=colombia, value_musd=4_000.5)
    sender = country_profile(colombia).top_senders[0]
    assert sender.country == usa and sender.figure.is_estimate
    assert sender.figure.kind == "usd_millions"


def test_profile_queries_do_not_grow_with_partners(
    colombia, django_assert_max_num_queries
):
    vintage = VintageFactory()
    origins = Country.objects.exclude(pk=colombia.pk).order_by("iso3")[:30]
    for index, origin in enumerate(origins):
        BilateralStockFactory(
            vintage=vintage, origin=origin, destination=colombia, value=index + 1.0
        )
        CorridorCostFactory(vintage=vintage, sending=origin, receiving=colombia)
        observe(STOCK, origin, 2020, float(index))
    observe(STOCK, colombia, 2020, 10.0)
    with django_assert_max_num_queries(16):
        country_profile(colombia)


def test_oas_ranking_lists_every_member_with_unpublished_last(colombia, venezuela):
    mexico = reference_country("MEX")
    observe(STOCK, colombia, 2020, 1_905_393.0)
    observe(STOCK, venezuela, 2020, 1_197_624.0)
    observe(STOCK, mexico, 2020, 1_197_624.0)  # a tie: broken by name
    observe(STOCK, reference_country("ESP"), 2020, 7_000_000.0)  # not OAS

    with translation.override("en"):
        year, rows = oas_ranking(STOCK)

    assert year == 2020
    assert [(row.country, row.position) for row in rows[:3]] == [
        (colombia, 1),
        (mexico, 2),
        (venezuela, 3),
    ]
    unpublished = rows[3:]
    members = Country.objects.oas_members().exclude(pk__in=[colombia.pk, mexico.pk])
    assert len(rows) == 35
    assert {row.country for row in unpublished} == set(members.exclude(iso3="VEN"))
    assert all(row.position is None for row in unpublished)
    assert [row.country.name_en for row in unpublished] == sorted(
        row.country.name_en for row in unpublished
    )


def test_a_revision_note_names_the_re_estimate_and_both_editions(colombia):
    indicator, rev2024 = indicator_with_vintage(
        STOCK,
        label="POP/DB/MIG/Stock/Rev.2024",
        vintage_date=dt.date(2025, 1, 15),
    )
    rev2020 = VintageFactory(
        dataset=rev2024.dataset,
        label="POP/DB/MIG/Stock/Rev.2020",
        vintage_date=dt.date(2021, 1, 15),
        is_current=False,
    )
    for vintage, year, value in [
        (rev2020, 2020, 1_905_393.0),
        (rev2024, 2020, 1_932_807.0),
        (rev2024, 2024, 3_063_518.0),
    ]:
        ObservationFactory(
            indicator=indicator,
            vintage=vintage,
            country=colombia,
            year=year,
            value=value,
        )
    with translation.override("en"):
        note = country_profile(colombia).revision_note
        assert note.text == (
            "UN DESA's 2024 revision re-estimated 2020: 1,932,807 "
            "(was 1,905,393 in the 2020 revision)"
        )
    assert [s.vintage_label for s in note.before.sources] == [rev2020.label]


def test_no_revision_note_without_an_earlier_edition(colombia):
    observe(STOCK, colombia, 2020, 1_905_393.0)
    assert country_profile(colombia).revision_note is None


def test_oas_totals_are_the_published_totals_of_member_states_only(colombia, venezuela):
    counted = observe(STOCK, colombia, 2020, 1_905_393.0)
    observe(STOCK, colombia, 2020, 930_000.0, sex="M")
    observe(STOCK, colombia, 2021, 2_000_000.0, period="Q1")
    observe(STOCK, venezuela, 2020, None)
    observe(STOCK, venezuela, 2019, 0.0, not_meaningful=True)
    observe(STOCK, reference_country("ESP"), 2020, 6_842_202.0)
    observe(STOCK, None, 2020, 14_794_623.0, aggregate=latin_america())
    indicator, current = indicator_with_vintage(STOCK)
    old = VintageFactory(
        dataset=current.dataset, vintage_date=dt.date(2019, 1, 1), is_current=False
    )
    ObservationFactory(
        indicator=indicator, vintage=old, country=venezuela, year=2020, value=1.0
    )

    assert list(oas_totals()) == [counted]
