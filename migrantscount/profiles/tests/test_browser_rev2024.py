"""The Spanish Colombia profile over the shipped UN DESA files, in headless Chromium:
Rev.2024 is current, refugees keep Rev.2020 labelled with it."""

import os
from pathlib import Path

import pytest
from wagtail.models import Locale

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.services.imports import import_file
from migrantscount.data.services.reference import load_reference_data
from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.profiles.models import CountryPage
from migrantscount.profiles.services import build_country_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
UNDESA_FILES = [
    "undesa_migrant_stock/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    "undesa_migrant_stock/gdiviz_stocks_converted.csv",
    "undesa_migrant_stock_2024/undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx",
    "undesa_migrant_stock_2024/undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx",
    "undesa_migrant_stock_2024/"
    "undesa_2024_ims_destination_and_origin_table1_both_sexes_extract.xlsx",
]


def test_spanish_colombia_profile_shows_the_2024_revision(
    live_server, browser_page, tmp_path: Path
) -> None:
    load_reference_data()
    for name in UNDESA_FILES:
        import_file(SHIPPED_DIR / name)
    build_site_tree()
    build_country_pages()
    page = CountryPage.objects.get(
        country__iso3="COL", locale=Locale.objects.get(language_code="es")
    )
    response = browser_page.goto(live_server.url + page.url)
    assert response.status == 200
    destination = browser_page.locator("section[aria-labelledby=destination-heading]")
    text = destination.inner_text()
    assert "3,063,518" in text and "(2024)" in text
    assert "2,904,873" in text  # born in Venezuela
    assert "POP/DB/MIG/Stock/Rev.2024" in text
    refugees = destination.locator(".figure-row", has_text="Refugiados")
    assert "POP/DB/MIG/Stock/Rev.2020" in refugees.inner_text()
    screenshot = Path(os.environ.get("SCREENSHOT_DIR", tmp_path)) / "col-es.png"
    browser_page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
