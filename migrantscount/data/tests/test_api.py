import csv
import io
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from migrantscount.data.models import DatasetVintage
from migrantscount.data.services.imports import ImportReport

pytestmark = pytest.mark.django_db


def get(client: Client, name: str, **params: Any):
    return client.get(reverse(f"api:{name}"), params)


def test_observations_default_to_the_current_vintage_with_provenance(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    response = get(
        client,
        "observations",
        indicator="BX.TRF.PWKR.CD.DT",
        country="MEX",
        year_from=2023,
        year_to=2023,
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    [row] = response.json()["results"]
    assert row["value"] == 66_237_847_600
    assert row["vintage"]["date"] == "2025-07-01" and row["vintage"]["is_current"]
    assert row["source"]["sheet"] == "" and row["source"]["column"] == "2023"
    vintage = DatasetVintage.objects.get(pk=row["vintage"]["id"])
    assert (
        row["vintage"]["file_name"] == "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
    )
    assert row["vintage"]["sha256"] == vintage.sha256
    assert row["vintage"]["publisher"] == vintage.dataset.publisher
    assert row["vintage"]["licence"] == vintage.dataset.licence != ""
    assert row["vintage"]["imported_at"]


def test_observations_filter_by_year_range_and_aggregate(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    response = get(
        client,
        "observations",
        indicator="IMS.STOCK",
        country="COL",
        sex="T",
        year_from=2010,
    )
    years = [row["year"] for row in response.json()["results"]]
    assert years == [2010, 2015, 2020, 2024]
    response = get(
        client,
        "observations",
        indicator="BX.TRF.PWKR.CD.DT",
        aggregate="LCN",
        year_from=2022,
        year_to=2022,
    )
    [row] = response.json()["results"]
    assert row["country"] is None and row["aggregate"] == "LCN"


def test_csv_output(client: Client, shipped_data: dict[str, ImportReport]) -> None:
    response = get(
        client,
        "corridor-costs".replace("-", "_"),
        sending="USA",
        receiving="MEX",
        period="2020Q3",
        format="csv",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert float(rows[0]["cost_percent"]) == 4.18037033081055
    assert rows[0]["vintage.date"] == "2020-12-07"


def test_bilateral_stocks_by_origin_or_destination(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    response = get(
        client, "bilateral_stocks", origin="VEN", destination="COL", year=2020
    )
    # Rev.2024 (both sexes) is current; it re-estimated 2020.
    [row] = response.json()["results"]
    assert (row["sex"], row["value"]) == ("T", 1_796_066)
    assert row["vintage"]["label"].startswith("POP/DB/MIG/Stock/Rev.2024")
    assert "MigLingDiv" in row["vintage"]["publisher"]
    # The 2020 revision's figures are still served when asked for.
    rev2020 = DatasetVintage.objects.get(
        dataset__slug="undesa-ims-bilateral", is_current=False
    )
    response = get(
        client,
        "bilateral_stocks",
        origin="VEN",
        destination="COL",
        year=2020,
        vintage=rev2020.pk,
    )
    rows = response.json()["results"]
    assert {row["sex"]: row["value"] for row in rows} == {"M": 883_775, "F": 896_711}
    assert "gdiviz" in rows[0]["vintage"]["publisher"]
    response = get(client, "bilateral_stocks", year="soon")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_countries_and_indicators(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    response = get(client, "countries", oas="true", page_size=50)
    body = response.json()
    assert body["count"] == 35
    usa = next(row for row in body["results"] if row["iso3"] == "USA")
    assert usa["names"]["es"] == "Estados Unidos"
    venezuela = next(row for row in body["results"] if row["iso3"] == "VEN")
    assert (venezuela["latitude"], venezuela["longitude"]) == (8.0, -66.0)
    response = get(client, "indicators", page_size=100)
    codes = {row["code"]: row for row in response.json()["results"]}
    assert "Personal remittances" in codes["BX.TRF.PWKR.CD.DT"]["definition"]
    assert codes["IMS.STOCK"]["source"]["licence"] == "CC BY 3.0 IGO"


def test_errors_are_json_even_when_csv_was_asked(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    response = get(client, "observations", year_from="soon", format="csv")
    assert response.status_code == 400
    body = response.json()
    assert "year_from" in body["error"]["details"]
    response = get(client, "observations", page=9999)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_only_reads_are_allowed(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    response = client.post(reverse("api:countries"))
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405


def test_schema_describes_every_route(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    for name in [
        "countries",
        "indicators",
        "observations",
        "bilateral_stocks",
        "corridor_costs",
    ]:
        route = reverse(f"api:{name}").removeprefix("/api/v1")
        assert route in schema["paths"]


def test_api_root_lists_every_endpoint_with_a_description(client: Client) -> None:
    body = client.get("/api/v1/").json()
    paths = set(client.get("/api/v1/schema/").json()["paths"]) - {"/"}
    listed = {
        urlsplit(url).path.removeprefix("/api/v1") for url in body["endpoints"].values()
    }
    # A path with a parameter (/surveys/{slug}/) is reached from a listed one.
    routes = {path for path in paths if "{" not in path}
    assert routes <= listed
    for path in paths - routes:
        assert path.split("{")[0] in listed, path
    assert set(body["descriptions"]) == set(body["endpoints"])
    assert all(text.strip() for text in body["descriptions"].values())
    for url in body["endpoints"].values():
        assert client.get(urlsplit(url).path).status_code == 200, url


def test_unknown_api_paths_get_the_json_error_not_a_redirect(client: Client) -> None:
    for path in (
        "/api/v1/nothing-here/",
        "/api/v1/countries/extra",
        "/api/v1/x.csv",
        # A newline, which `.` in a URL pattern does not match (found by schemathesis).
        "/api/v1/surveys/a%0Ab/responses/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        error = response.json()["error"]
        assert error["status"] == 404
        assert error["details"]["endpoints"].endswith("/api/v1/")


def test_a_missing_trailing_slash_still_redirects_to_the_endpoint(
    client: Client,
) -> None:
    response = client.get("/api/v1/countries", {"oas": "true"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/countries/?oas=true"


def test_bilateral_stocks_without_a_filter_come_in_pages(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    body = get(client, "bilateral_stocks", page_size=1000).json()
    extract = "undesa_2024_ims_destination_and_origin_table1_both_sexes_extract.xlsx"
    assert body["count"] == shipped_data[extract].records_written
    assert len(body["results"]) == 1000
    mexico = get(client, "bilateral_stocks", destination="MEX", origin="USA").json()
    assert {row["origin"] for row in mexico["results"]} == {"USA"}


def test_out_of_range_paging_and_blank_filters_are_refused_not_ignored(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    for params in ({"page_size": 1001}, {"page": ""}, {"country": ""}, {"format": ""}):
        response = get(client, "observations", **params)
        assert response.status_code == 400, params
        assert set(response.json()["error"]["details"]) == set(params)


def test_each_indicator_names_the_edition_its_figures_come_from(
    client: Client, shipped_data: dict[str, ImportReport]
) -> None:
    """Rev.2024 has no refugees table: IMS.REFUGEES is read from Rev.2020, and the
    API says so, while the stock itself is Rev.2024's."""
    response = get(client, "indicators", page_size=100)
    codes = {row["code"]: row["source"] for row in response.json()["results"]}
    refugees = codes["IMS.REFUGEES"]["current_vintage"]
    assert refugees["label"] == "POP/DB/MIG/Stock/Rev.2020"
    assert refugees["date"] == "2021-01-15" and not refugees["is_current"]
    stock = codes["IMS.STOCK"]["current_vintage"]
    assert stock["label"] == "POP/DB/MIG/Stock/Rev.2024" and stock["is_current"]
    # The same edition as the figures the observations endpoint serves.
    [figure] = get(
        client,
        "observations",
        indicator="IMS.REFUGEES",
        country="COL",
        year_from=2020,
        year_to=2020,
    ).json()["results"]
    assert figure["vintage"]["id"] == refugees["id"]
