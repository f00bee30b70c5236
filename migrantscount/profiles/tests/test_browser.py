"""Profiles in headless Chromium: four languages, charts with text alternatives,
downloads, the embed page, the map and axe-core."""

import re

import pytest
from wagtail.models import Locale

from migrantscount.data.models import Country
from migrantscount.data.services.reference import load_reference_data
from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.profiles.models import AmericasPage, CountryPage
from migrantscount.profiles.queries.indicators import RECEIVED, STOCK
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
def profiles(db):
    load_reference_data()
    colombia, venezuela = (
        Country.objects.get(iso3="COL"),
        Country.objects.get(iso3="VEN"),
    )
    indicator, vintage = indicator_with_vintage(STOCK)
    for year, value in [(2015, 159_407.0), (2020, 1_905_393.0)]:
        ObservationFactory(
            indicator=indicator,
            vintage=vintage,
            country=colombia,
            year=year,
            value=value,
        )
    received, received_vintage = indicator_with_vintage(RECEIVED)
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


def _url(model, language: str, **filters) -> str:
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
    charts = browser_page.locator("figure.chart .chart-image img")
    assert charts.count() == 3
    for index in range(3):
        label = charts.nth(index).get_attribute("alt")
        assert label and len(label) > 20
        charts.nth(index).scroll_into_view_if_needed()
        # The SVG arrived and was drawn (a broken image has no natural width).
        browser_page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0",
            arg=charts.nth(index).element_handle(),
        )
    assert browser_page.locator("figure.chart table").count() == 3
    assert axe(browser_page) == []


def test_downloads_and_embed_page_work(live_server, profiles, browser_page, axe):
    browser_page.goto(live_server.url + _url(CountryPage, "en", country=profiles))
    # The chart's files and embed code are on its own page, one link from the chart.
    browser_page.locator("#chart-immigrants .chart-more a").click()
    browser_page.wait_for_url("**/en/charts/COL/immigrants/table/#downloads")
    assert browser_page.locator("h1").inner_text() == browser_page.locator(
        "#chart-immigrants img"
    ).get_attribute("alt")
    assert axe(browser_page) == []
    links = browser_page.locator(".chart-downloads a")
    hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
    assert len(hrefs) == 5
    for href in hrefs:
        response = browser_page.request.get(live_server.url + href)
        assert response.status == 200, href
    csv_text = browser_page.request.get(live_server.url + hrefs[2]).text()
    assert "Source: " in csv_text and "1905393" in csv_text
    embed_code = browser_page.locator(".embed-code input").input_value()
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


# Per state: the largest on-screen size (the smaller side of its bounding box, px) of
# its shapes and circles that are drawn and lie inside the map.
VISIBLE_SIZES = """svg => {
    const frame = svg.getBoundingClientRect();
    const sizes = {};
    for (const node of svg.querySelectorAll("[aria-label]")) {
        const match = /\\(([A-Z]{3})\\)/.exec(node.getAttribute("aria-label"));
        const style = getComputedStyle(node);
        if (!match || style.visibility === "hidden" || Number(style.opacity) === 0) {
            continue;
        }
        const box = node.getBoundingClientRect();
        const inside = box.left >= frame.left - 1 && box.right <= frame.right + 1
            && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
        if (inside) {
            sizes[match[1]] = Math.max(sizes[match[1]] || 0, Math.min(box.width, box.height));
        }
    }
    return sizes;
}"""


def test_americas_map_shows_all_35_states(live_server, profiles, browser_page, axe):
    browser_page.goto(live_server.url + _url(AmericasPage, "en"))
    image = browser_page.locator("#chart-map .chart-image > img")
    assert len(image.get_attribute("alt") or "") > 20
    assert browser_page.locator("table.ranking tbody tr").count() == 35
    assert axe(browser_page) == []
    embed_href = browser_page.locator(
        "#chart-map .chart-downloads a"
    ).last.get_attribute("href")
    # The page shows the map as an image; its SVG, opened as it is fetched, draws
    # every state, the seven small Caribbean ones at least 5 px across (a circle).
    browser_page.goto(live_server.url + image.get_attribute("src"))
    sizes = browser_page.locator("svg").first.evaluate(VISIBLE_SIZES)
    members = set(Country.objects.oas_members().values_list("iso3", flat=True))
    assert set(sizes) == members
    for iso3 in ("ATG", "BRB", "DMA", "GRD", "KNA", "LCA", "VCT"):
        assert sizes[iso3] >= 5, iso3
    assert min(sizes.values()) >= 5, sizes
    browser_page.goto(live_server.url + embed_href)
    sizes = browser_page.locator(".map .chart-image > svg").evaluate(VISIBLE_SIZES)
    assert set(sizes) == members
    assert axe(browser_page) == []
