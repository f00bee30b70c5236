"""The public "Data updates" page and its Atom feed, in four languages."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.services.imports import import_file

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
REV_2020 = "POP/DB/MIG/Stock/Rev.2020"
REV_2024 = "POP/DB/MIG/Stock/Rev.2024"


@pytest.fixture
def editions(reference_data: None) -> None:
    import_file(
        SHIPPED_DIR
        / "undesa_migrant_stock"
        / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
    )
    import_file(
        SHIPPED_DIR
        / "undesa_migrant_stock_2024"
        / "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"
    )


@pytest.mark.parametrize(
    ("language", "heading", "kept"),
    [
        ("en", "Data updates", "Refugees and asylum seekers: not in this edition"),
        ("es", "Actualizaciones de datos", "Refugiados y solicitantes de asilo:"),
        ("fr", "Mises à jour des données", "Réfugiés et demandeurs d’asile :"),
        ("pt", "Atualizações de dados", "Refugiados e solicitantes de asilo:"),
    ],
)
def test_the_updates_page_lists_each_current_edition(
    client: Client, editions: None, language: str, heading: str, kept: str
) -> None:
    response = client.get(f"/{language}/data/updates/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    current = html[html.index('id="current-undesa-ims-destination"') :]
    current = current[: current.index("</tr>")]
    assert REV_2024 in current and "2025-01-15" in current
    assert f"{REV_2020} (2021-01-15)" in current  # what it supersedes
    assert kept in current
    assert f'href="/{language}/data/updates/feed.atom"' in html


def test_the_atom_feed_has_an_entry_per_edition(client: Client, editions: None) -> None:
    response = client.get("/en/data/updates/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == [
        f"International Migrant Stock: Destination: edition {REV_2024}",
        f"International Migrant Stock: Destination: edition {REV_2020}",
    ]
    first = next(feed.iter(f"{ATOM}entry"))
    assert "Released 2025-01-15" in first.findtext(f"{ATOM}summary", "")
    link = first.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href", "").startswith(
        "http://testserver/en/data/updates/#undesa-ims-destination-"
    )
    spanish = ET.fromstring(client.get("/es/data/updates/feed.atom").content)
    assert (
        spanish.findtext(f"{ATOM}title") == "Migrants Count: actualizaciones de datos"
    )
