"""The site chrome (menu, branding, footer) is cached per language and rebuilt as soon
as something it shows changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from migrantscount.pages.models import Footer, NavigationItem, NavigationMenu

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_a_warm_page_costs_the_same_whatever_the_menu_holds(client, site_tree):
    client.get("/es/")
    few = queries_for(client, "/es/")
    menu = NavigationMenu.objects.get(locale__language_code="es")
    for number in range(5):
        NavigationItem.objects.create(
            menu=menu, label=f"Extra {number}", page=site_tree["release"]
        )
    cold = queries_for(client, "/es/")
    warm = queries_for(client, "/es/")
    assert warm == few
    assert cold > warm


def test_unpublishing_a_page_removes_it_from_the_menu_at_once(client, site_tree):
    assert "Who we are [es]" in client.get("/es/").content.decode()
    site_tree["about"].get_translation(
        NavigationMenu.objects.get(locale__language_code="es").locale
    ).unpublish()
    assert "Who we are [es]" not in client.get("/es/").content.decode()


def test_editing_a_menu_item_or_the_footer_shows_at_once(client, site_tree):
    client.get("/fr/")
    item = NavigationItem.objects.filter(menu__locale__language_code="fr").first()
    item.label = "Renamed item"
    item.save()
    footer = Footer.objects.get(locale__language_code="fr")
    footer.copyright_line = "New copyright line"
    footer.save()
    html = client.get("/fr/").content.decode()
    assert "Renamed item" in html
    assert "New copyright line" in html


def test_each_language_gets_its_own_chrome(client, site_tree):
    client.get("/es/")
    html = client.get("/pt/").content.decode()
    assert "Who we are [pt]" in html
    assert "Who we are [es]" not in html
