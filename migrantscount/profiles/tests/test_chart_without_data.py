"""A country chart without data says "not published" or answers 404, never 500
(Cuba's remittances: the World Bank publishes none)."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_countries")]


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_a_chart_without_data_is_never_a_server_error(language) -> None:
    client = Client(raise_request_exception=False)
    base = f"/{language}/charts/CUB/remittances"
    assert client.get(f"{base}.png").status_code == 404
    for url in (f"{base}.svg", f"{base}.csv", f"{base}.json", f"{base}/embed/"):
        assert client.get(url).status_code in {200, 404}, url
