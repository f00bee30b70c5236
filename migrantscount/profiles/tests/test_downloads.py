"""Every download and embed URL of a small profile answers as it always has: status,
content type, file name, framing and body (the body is what the chart's own
renderer makes of the same data)."""

from collections.abc import Callable

import pytest
from django.test import Client

from migrantscount.data.models import Country
from migrantscount.profiles.charts import americas, lines
from migrantscount.profiles.charts.render import (
    ChartData,
    render_csv,
    render_json,
    render_png,
)
from migrantscount.profiles.queries.indicators import PAID, RECEIVED, STOCK

from .factories import (
    BilateralStockFactory,
    ObservationFactory,
    VintageFactory,
    indicator_with_vintage,
    reference_country,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_countries")]
CSV, JSON = "text/csv; charset=utf-8", "application/json"
SVG, PNG = "image/svg+xml; charset=utf-8", "image/png"


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def colombia() -> Country:
    """Immigrants by sex, emigrants and a corridor from the bilateral table, and
    remittances received and paid: every chart of a profile has data."""
    colombia, venezuela = reference_country("COL"), reference_country("VEN")
    stock, vintage = indicator_with_vintage(STOCK)
    for year, total in [(2015, 138_000.0), (2020, 1_905_393.0)]:
        for sex, share in [("T", 1.0), ("M", 0.49), ("F", 0.51)]:
            ObservationFactory(
                indicator=stock,
                vintage=vintage,
                country=colombia,
                year=year,
                sex=sex,
                value=total * share,
            )
    for code, values in [(RECEIVED, (7e9, 9e9)), (PAID, (1e8, None))]:
        indicator, vintage = indicator_with_vintage(code)
        for year, value in zip((2021, 2022), values, strict=True):
            ObservationFactory(
                indicator=indicator,
                vintage=vintage,
                country=colombia,
                year=year,
                value=value,
            )
    bilateral = VintageFactory()
    for sex, value in [("M", 883_775.0), ("F", 896_711.0)]:
        BilateralStockFactory(
            vintage=bilateral,
            origin=venezuela,
            destination=colombia,
            sex=sex,
            value=value,
        )
        BilateralStockFactory(
            vintage=bilateral,
            origin=colombia,
            destination=venezuela,
            sex=sex,
            value=value / 3,
        )
    return colombia


def _assert_file(
    response, content_type: str, disposition: str | None, body: bytes
) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.get("Content-Disposition") == disposition
    assert response["X-Frame-Options"] == "DENY"
    assert response.content == body


def _assert_line_chart_outputs(
    client: Client,
    base: str,
    language: str,
    stem: str,
    data: Callable[[], ChartData],
    svg: Callable[[], str],
) -> None:
    chart = data()
    _assert_file(client.get(f"{base}.svg"), SVG, None, svg().encode())
    _assert_file(
        client.get(f"{base}.png"),
        PNG,
        f'inline; filename="{stem}.png"',
        render_png(chart, language),
    )
    _assert_file(
        client.get(f"{base}.csv"),
        CSV,
        f'attachment; filename="{stem}.csv"',
        render_csv(chart).encode(),
    )
    _assert_file(
        client.get(f"{base}.json"),
        JSON,
        f'attachment; filename="{stem}.json"',
        render_json(chart).encode(),
    )
    embed = client.get(f"{base}/embed/")
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    assert embed["Content-Type"] == "text/html; charset=utf-8"
    assert chart.source_line in embed.content.decode()


@pytest.mark.parametrize("language", ["en", "pt"])
@pytest.mark.parametrize("name", lines.COUNTRY_CHARTS)
def test_every_country_chart_url_answers_as_before(
    client: Client, colombia: Country, name: str, language: str
) -> None:
    def data() -> ChartData:
        return lines.chart_data(colombia, name, language)

    def svg() -> str:
        return lines.chart_svg(colombia, name, language)

    assert data().rows
    _assert_line_chart_outputs(
        client,
        f"/{language}/charts/COL/{name}",
        language,
        f"migrantscount-col-{name}-{language}",
        data,
        svg,
    )
    # Any case of ISO3 in the URL: the same files.
    assert client.get(f"/{language}/charts/col/{name}.csv").content == (
        render_csv(data()).encode()
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_corridor_chart_url_answers_as_before(
    client: Client, colombia: Country, language: str
) -> None:
    venezuela = reference_country("VEN")

    def data() -> ChartData:
        return lines.corridor_chart_data(venezuela, colombia, language)

    def svg() -> str:
        return lines.corridor_chart_svg(venezuela, colombia, language)

    _assert_line_chart_outputs(
        client,
        f"/{language}/corridors/VEN/COL/chart",
        language,
        f"migrantscount-ven-col-corridor-{language}",
        data,
        svg,
    )


@pytest.mark.parametrize(
    ("query", "code"), [("", STOCK), ("?indicator=BX.TRF.PWKR.CD.DT", RECEIVED)]
)
def test_every_map_url_answers_as_before(
    client: Client, colombia: Country, query: str, code: str
) -> None:
    base, stem = "/fr/charts/americas/map", f"migrantscount-americas-{code.lower()}-fr"
    data = americas.map_data(code, "fr")
    _assert_file(
        client.get(f"{base}.svg{query}"),
        SVG,
        None,
        americas.map_svg(code, "fr").encode(),
    )
    _assert_file(
        client.get(f"{base}.png{query}"),
        PNG,
        f'inline; filename="{stem}.png"',
        americas.render_map_png(data, "fr"),
    )
    _assert_file(
        client.get(f"{base}.csv{query}"),
        CSV,
        f'attachment; filename="{stem}.csv"',
        americas.render_map_csv(data).encode(),
    )
    _assert_file(
        client.get(f"{base}.json{query}"),
        JSON,
        f'attachment; filename="{stem}.json"',
        americas.render_map_json(data).encode(),
    )
    embed = client.get(f"{base}/embed/{query}")
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    assert data.source_line in embed.content.decode()


@pytest.mark.parametrize("output", [".svg", ".png", ".csv", ".json", "/embed/"])
def test_unknown_charts_and_subjects_are_not_found(
    client: Client, colombia: Country, output: str
) -> None:
    assert client.get(f"/en/charts/COL/nope{output}").status_code == 404
    assert client.get(f"/en/charts/XYZ/immigrants{output}").status_code == 404
    # An ISO country outside the OAS has no profile charts.
    assert client.get(f"/en/charts/ESP/immigrants{output}").status_code == 404
    assert client.get(f"/en/corridors/COL/COL/chart{output}").status_code == 404
    assert client.get(f"/en/corridors/VEN/XYZ/chart{output}").status_code == 404
    # A corridor without stock has nothing to draw.
    assert client.get(f"/en/corridors/MEX/COL/chart{output}").status_code == 404
    map_url = f"/en/charts/americas/map{output}?indicator=NOPE"
    assert client.get(map_url).status_code == 404


def test_a_country_chart_without_data_has_every_output_but_the_png(
    client: Client, colombia: Country
) -> None:
    base = "/en/charts/CUB/remittances"
    assert client.get(f"{base}.png").status_code == 404
    cuba = reference_country("CUB")
    data = lines.chart_data(cuba, "remittances", "en")
    assert not data.rows
    _assert_file(
        client.get(f"{base}.csv"),
        CSV,
        'attachment; filename="migrantscount-cub-remittances-en.csv"',
        render_csv(data).encode(),
    )
    _assert_file(
        client.get(f"{base}.svg"),
        SVG,
        None,
        lines.chart_svg(cuba, "remittances", "en").encode(),
    )
    assert client.get(f"{base}/embed/").status_code == 200
