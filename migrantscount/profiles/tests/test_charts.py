"""Chart data and specs: the remittances chart, the Americas map's projection and
states."""

import pytest

from migrantscount.data.models import Country
from migrantscount.profiles.charts import americas, lines, render
from migrantscount.profiles.queries.indicators import PAID, RECEIVED, STOCK

from .factories import ObservationFactory, indicator_with_vintage, reference_country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_countries")]
SMALL_CARIBBEAN_STATES = {"ATG", "BRB", "DMA", "GRD", "KNA", "LCA", "VCT"}


def test_map_uses_an_equal_area_projection_centred_on_the_americas():
    spec = americas.map_spec(STOCK, "en")

    assert spec["projection"]["type"] == "azimuthalEqualArea"
    longitude, latitude, _roll = spec["projection"]["rotate"]
    assert (-longitude, -latitude) == (-80, 15)  # 80° W, 15° N: the Caribbean


def test_map_draws_every_member_state_and_circles_the_small_ones():
    spec = americas.map_spec(STOCK, "en")
    shapes, dots = (layer["data"]["values"] for layer in spec["layer"])

    members = set(Country.objects.oas_members().values_list("iso3", flat=True))
    assert {feature["id"] for feature in shapes} == members
    assert all(feature["geometry"]["coordinates"] for feature in shapes)
    circled = {point["label"].split("(")[1][:3] for point in dots}
    assert SMALL_CARIBBEAN_STATES <= circled <= members


def test_remittances_chart_shows_received_and_paid_with_gaps_not_zeros():
    mexico = reference_country("MEX")
    for code, year, value in [
        (RECEIVED, 2022, 61_457_717_975.0),
        (RECEIVED, 2024, 67_637_913_797.0),
        (PAID, 2021, 1_000_000_000.0),
        (PAID, 2022, 1_100_000_000.0),
    ]:
        indicator, vintage = indicator_with_vintage(code)
        ObservationFactory(
            indicator=indicator, vintage=vintage, country=mexico, year=year, value=value
        )

    data = lines.build_chart_data(mexico, "remittances", "en")

    assert data.title == "Personal remittances received and paid by Mexico"
    assert data.series_labels == {"received": "Received", "paid": "Paid"}
    assert data.rows == [
        {"year": 2021, "received": None, "paid": 1_000_000_000.0},
        {"year": 2022, "received": 61_457_717_975.0, "paid": 1_100_000_000.0},
        {"year": 2023, "received": None, "paid": None},
        {"year": 2024, "received": 67_637_913_797.0, "paid": None},
    ]
    assert data.description == (
        "Personal remittances received and paid by Mexico. Received, 2022 to 2024: "
        "US$\u00a061,457,717,975 in 2022 and US$\u00a067,637,913,797 in 2024. "
        "Paid, 2021 to 2022: US$\u00a01,000,000,000 in 2021 and "
        "US$\u00a01,100,000,000 in 2022."
    )
    assert len(data.source_line.split("; ")) == 2  # both series' vintages
    assert render.render_csv(data).splitlines()[2:] == [
        "# Empty cell: not published",
        "year,received,paid",
        "2021,,1000000000",
        "2022,61457717975,1100000000",
        "2023,,",
        "2024,67637913797,",
    ]


def test_a_long_series_labels_every_tenth_year_a_short_one_every_year():
    colombia = reference_country("COL")
    indicator, vintage = indicator_with_vintage(RECEIVED)
    for year in range(1970, 2025):
        ObservationFactory(
            indicator=indicator, vintage=vintage, country=colombia, year=year, value=1e6
        )
    long_series = lines.build_chart_data(colombia, "remittances", "en")
    assert render.year_labels(long_series) == list(range(1970, 2021, 10))
    # The SVG draws those labels only (it printed all 55 on top of each other).
    svg = render.render_svg(long_series, "en")
    assert ">1980<" in svg and ">1981<" not in svg

    stock, stock_vintage = indicator_with_vintage(STOCK)
    for year in (1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024):
        ObservationFactory(
            indicator=stock,
            vintage=stock_vintage,
            country=colombia,
            year=year,
            value=1.0,
        )
    short_series = lines.build_chart_data(colombia, "immigrants", "en")
    assert render.year_labels(short_series) == [
        1990,
        1995,
        2000,
        2005,
        2010,
        2015,
        2020,
        2024,
    ]
