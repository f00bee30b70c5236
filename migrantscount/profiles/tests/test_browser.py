"""Profiles in headless Chromium: four languages, charts with text alternatives,
downloads, the embed page, the map and axe-core."""

import re

import pytest
from wagtail.models import Locale

from migrantscount.data.services.reference import load_reference_data
from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.profiles import queries
from migrantscount.profiles.models import AmericasPage, CountryPage
from migrantscount.profiles.services import build_country_pages

from .factories import (
    BilateralStockFactory,
    ObservationFactory,
    VintageFactory,
    indicator_with_vintage,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LANGUAGES = ["en", "es", "fr", "pt"]


@pytest.fixture
def profiles(db):  # type: ignore[no-untyped-def]
    load_reference_data()
    from migrantscount.data.models import Country

    colombia, venezuela = (
        Country.objects.get(iso3="COL"),
        Country.objects.get(iso3="VEN"),
    )
    indicator, vintage = indicator_with_vintage(queries.STOCK)
    for year, value in [(2015, 159_407.0), (2020, 1_905_393.0)]:
        ObservationFactory(
            indicator=indicator,
            vintage=vintage,
            country=colombia,
            year=year,
            value=value,
        )
    received, received_vintage = indicator_with_vintage(queries.RECEIVED)
    ObservationFactory(
        indicator=received,
        vintage=received_vintage,
        country=colombia,
        year=2022,
        value=9_454_507_516.93,
    )
    stocks = VintageFactory()
    BilateralStockFactory(
        vintage=stocks, origin=venezuela, destination=colombia, sex="M", value=883_775.0
    )
    BilateralStockFactory(
        vintage=stocks, origin=venezuela, destination=colombia, sex="F", value=896_711.0
    )
    build_site_tree()
    build_country_pages()
    return colombia


def _url(model, language: str, **filters) -> str:  # type: ignore[no-untyped-def]
    return model.objects.get(
        locale=Locale.objects.get(language_code=language), **filters
    ).url


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_in_each_language_has_charts_with_text_alternatives(
    live_server, profiles, browser_page, axe, language
):
    response = browser_page.goto(
        live_server.url + _url(CountryPage, language, country=profiles)
    )
    assert response.status == 200
    assert browser_page.locator("html").get_attribute("lang") == language
    charts = browser_page.locator("figure.chart svg[role=img]")
    assert charts.count() == 3
    for index in range(3):
        label = charts.nth(index).get_attribute("aria-label")
        assert label and len(label) > 20
    assert browser_page.locator("figure.chart table").count() == 3
    assert axe(browser_page) == []


def test_downloads_and_embed_page_work(live_server, profiles, browser_page, axe):
    browser_page.goto(live_server.url + _url(CountryPage, "en", country=profiles))
    links = browser_page.locator("#chart-immigrants .chart-downloads a")
    hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
    assert len(hrefs) == 5
    for href in hrefs:
        response = browser_page.request.get(live_server.url + href)
        assert response.status == 200, href
    csv_text = browser_page.request.get(live_server.url + hrefs[2]).text()
    assert "Source: " in csv_text and "1905393" in csv_text
    embed_code = browser_page.locator(
        "#chart-immigrants .embed-code input"
    ).input_value()
    assert re.search(
        r'<iframe src="http://[^"]+/en/charts/COL/immigrants/embed/"', embed_code
    )

    # The embed page can be framed by another site; the profile cannot.
    browser_page.set_content(
        f'<iframe title="chart" src="{live_server.url}/en/charts/COL/immigrants/embed/" width="640" height="480"></iframe>'
    )
    frame = browser_page.frame_locator("iframe")
    assert frame.locator("svg[role=img]").count() == 1
    assert "Source: " in frame.locator("figcaption").inner_text()
    browser_page.goto(live_server.url + "/en/charts/COL/immigrants/embed/")
    assert axe(browser_page) == []


def test_americas_map_shows_all_35_states(live_server, profiles, browser_page, axe):
    browser_page.goto(live_server.url + _url(AmericasPage, "en"))
    labels = browser_page.locator(".map svg [aria-label]").evaluate_all(
        "nodes => nodes.map(node => node.getAttribute('aria-label'))"
    )
    codes = {
        match for label in labels for match in re.findall(r"\(([A-Z]{3})\)", label)
    }
    assert len(codes) == 35
    assert browser_page.locator("table.ranking tbody tr").count() == 35
    assert axe(browser_page) == []
