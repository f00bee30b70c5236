"""The Americas overview as a site section (see pages.sections): menus link it once the
page is live in the reader's language, and leave it out otherwise."""

import re

import pytest

from migrantscount.pages.models import NavigationItem, NavigationMenu
from migrantscount.pages.tests.factories import add_child_page, build_site_tree
from migrantscount.profiles.models import AmericasPage

pytestmark = pytest.mark.django_db


def menu_links(html: str) -> list[tuple[str, str]]:
    start = html.index('id="main-menu"')
    nav = html[start : html.index("</nav>", start)]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def test_menu_links_the_americas_overview_once_it_is_live(client) -> None:
    pages = build_site_tree(translate=False)
    menu = NavigationMenu.objects.get(locale__language_code="en")
    NavigationItem.objects.create(
        menu=menu, label="Country data", section="country_data"
    )
    overview = add_child_page(
        pages["home"], AmericasPage(title="The Americas", slug="americas")
    )
    links = menu_links(client.get("/en/").content.decode())
    assert (overview.url, "Country data") in links
    overview.unpublish()
    links = menu_links(client.get("/en/").content.decode())
    assert "Country data" not in [label for _url, label in links]
