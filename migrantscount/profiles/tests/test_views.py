"""Chart downloads, the embed page and the corridor view, over small factory data."""

import csv as csv_module
import io
import json
import re

import pytest
from django.test import Client

from migrantscount.profiles.charts import lines
from migrantscount.profiles.queries.indicators import STOCK

from .factories import (
    BilateralStockFactory,
    CorridorCostFactory,
    ObservationFactory,
    VintageFactory,
    indicator_with_vintage,
    reference_country,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_countries")]
NBSP = "\u00a0"


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def venezuela_to_colombia() -> None:
    """Venezuela-born people in Colombia (UN DESA 2020 figures), by sex and year."""
    vintage = VintageFactory()
    for year, sex, value in [
        (2015, "M", 24_000.0),
        (2015, "F", 24_714.0),
        (2020, "M", 883_775.0),
        (2020, "F", 896_711.0),
    ]:
        BilateralStockFactory(
            vintage=vintage,
            origin=reference_country("VEN"),
            destination=reference_country("COL"),
            year=year,
            sex=sex,
            value=value,
        )


@pytest.fixture
def mexico_to_usa() -> None:
    """Mexicans in the United States, and the cost of sending money home by quarter."""
    mexico, usa = reference_country("MEX"), reference_country("USA")
    BilateralStockFactory(origin=mexico, destination=usa, sex="F", value=5_000_000.0)
    BilateralStockFactory(origin=mexico, destination=usa, sex="M", value=5_900_000.0)
    vintage = VintageFactory()
    for year, quarter, cost in [(2019, 4, 5.65333318710327), (2020, 3, 4.1803703)]:
        CorridorCostFactory(
            vintage=vintage,
            sending=usa,
            receiving=mexico,
            year=year,
            quarter=quarter,
            cost_percent=cost,
        )


def test_corridor_chart_is_the_stock_by_sex(venezuela_to_colombia):
    data = lines.build_corridor_chart_data(
        reference_country("VEN"), reference_country("COL"), "en"
    )

    assert data.title == "People born in Venezuela living in Colombia"
    assert data.rows == [
        {"year": 2015, "total": 48_714.0, "male": 24_000.0, "female": 24_714.0},
        {"year": 2020, "total": 1_780_486.0, "male": 883_775.0, "female": 896_711.0},
    ]
    assert list(data.series_labels.values()) == ["Both sexes", "Men", "Women"]
    assert data.description.endswith("48,714 in 2015 and 1,780,486 in 2020.")
    assert data.source_line.startswith("Source: ")


@pytest.mark.parametrize(
    ("language", "total", "heading"),
    [
        ("en", "1,780,486", "People born in Venezuela living in Colombia"),
        ("es", "1,780,486", "Personas nacidas en Venezuela que viven en Colombia"),
        (
            "fr",
            f"1{NBSP}780{NBSP}486",
            "Personnes nées dans le pays d’origine (Venezuela) et vivant dans le pays"
            " de destination (Colombie)",
        ),
        (
            "pt",
            "1.780.486",
            "Pessoas nascidas no país de origem (Venezuela) que vivem no país de"
            " destino (Colômbia)",
        ),
    ],
)
def test_corridor_view_has_the_chart_table_and_downloads(
    client, venezuela_to_colombia, language, total, heading
):
    response = client.get(f"/{language}/corridors/VEN/COL/")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        rf'<img src="/{language}/corridors/VEN/COL/chart\.svg" alt="[^"]+" width="\d+" height="\d+"',
        html,
    )
    assert f"<caption>{heading}</caption>" in html
    assert f"<td>{total}</td>" in html
    base = f"/{language}/corridors/VEN/COL/chart"
    # The files and the embed code are on the chart's own page, linked from the chart.
    assert f'href="{base}/table/#downloads"' in html
    assert f'href="{base}.csv"' not in html and "<iframe" not in html
    chart_page = client.get(f"{base}/table/").content.decode()
    for url in (f"{base}.png", f"{base}.svg", f"{base}.csv", f"{base}.json"):
        assert f'href="{url}"' in chart_page
    assert f'value=\'<iframe src="http://localhost{base}/embed/"' in chart_page
    assert f"<td>{total}</td>" in chart_page
    assert f'href="/{language}/corridors/VEN/COL/#chart-' in chart_page
    if language == "en":
        assert "Remittance cost: not published for this corridor." in html


def test_corridor_downloads_carry_the_source(client, venezuela_to_colombia):
    base = "/en/corridors/VEN/COL/chart"
    svg = client.get(f"{base}.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert "Source: " in svg.content.decode()
    csv = client.get(f"{base}.csv")
    assert (
        'filename="migrantscount-ven-col-corridor-en.csv"' in csv["Content-Disposition"]
    )
    rows = list(csv_module.reader(io.StringIO(csv.content.decode())))
    assert rows[0] == ["# People born in Venezuela living in Colombia"]
    assert rows[1][0].startswith("# Source: The World Bank, ")
    assert rows[2:] == [
        ["year", "total", "male", "female"],
        ["2015", "48714", "24000", "24714"],
        ["2020", "1780486", "883775", "896711"],
    ]
    data = json.loads(client.get(f"{base}.json").content)
    assert data["source"].startswith("Source: ") and data["vega_lite"]["$schema"]
    assert client.get(f"{base}.png").content.startswith(b"\x89PNG")
    embed = client.get(f"{base}/embed/")
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    assert "Source: " in embed.content.decode()
    assert client.get("/en/corridors/VEN/COL/")["X-Frame-Options"] == "DENY"


def test_corridor_without_stock_has_no_chart_downloads(client):
    assert client.get("/en/corridors/VEN/COL/chart.csv").status_code == 404
    html = client.get("/en/corridors/VEN/COL/").content.decode()
    assert "No migrant stock is published for this corridor." in html
    assert "Remittance cost: not published for this corridor." in html
    assert 'chart.svg" alt=' not in html


def test_corridor_shows_the_latest_remittance_cost_and_its_history(
    client, mexico_to_usa
):
    html = client.get("/en/corridors/MEX/USA/").content.decode()

    assert "From United States to Mexico: 4.2% of the amount sent (2020Q3)." in html
    assert "Within the 5% ceiling of SDG target 10.c." in html
    history = html[html.index('id="cost-caption"') :]
    assert history.index("2019Q4") < history.index("2020Q3")
    assert "5.7%" in history and "above 5%" in history


def test_same_origin_and_destination_is_not_a_corridor(client):
    assert client.get("/en/corridors/COL/COL/").status_code == 404
    assert client.get("/en/corridors/COL/COL/chart.svg").status_code == 404


def test_map_downloads_and_embed_carry_the_source_and_every_state(client):
    indicator, vintage = indicator_with_vintage(STOCK)
    ObservationFactory(
        indicator=indicator,
        vintage=vintage,
        country=reference_country("COL"),
        year=2020,
        value=1_905_393.0,
    )
    base, query = "/es/charts/americas/map", "?indicator=IMS.STOCK"

    rows = list(
        csv_module.reader(
            io.StringIO(client.get(f"{base}.csv{query}").content.decode())
        )
    )
    assert rows[0] == ["# Migrantes internacionales, 2020"]
    assert rows[1][0].startswith("# Fuente: ")
    assert rows[2] == ["# Celda vacía: no publicado"]
    assert rows[3] == ["rank", "iso3", "country", "year", "value"]
    assert rows[4] == ["1", "COL", "Colombia", "2020", "1905393"]
    assert len(rows[4:]) == 35 and all(row[0] == "" for row in rows[5:])
    data = json.loads(client.get(f"{base}.json{query}").content)
    assert data["indicator"] == "IMS.STOCK" and data["year"] == 2020
    assert data["source"].startswith("Fuente: ") and data["vega_lite"]["$schema"]
    png = client.get(f"{base}.png{query}")
    assert png.content.startswith(b"\x89PNG")
    assert "migrantscount-americas-ims.stock-es.png" in png["Content-Disposition"]
    embed = client.get(f"{base}/embed/{query}")
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    html = embed.content.decode()
    assert "Fuente: " in html and len(re.findall(r"<tr><td>", html)) == 35
    assert f'href="{base}.csv{query}"' in html
    assert client.get(f"{base}.csv?indicator=NOPE").status_code == 404
