"""Profiles, charts, map and facts over the shipped files, checked against the
reference figures in the files' SOURCE.md."""

import json
import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.utils import translation
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale

from migrantscount.data.management.commands.import_data import shipped_paths
from migrantscount.data.models import BilateralStock, Country, Observation
from migrantscount.data.services.imports import import_file
from migrantscount.data.services.reference import load_reference_data
from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.profiles import facts
from migrantscount.profiles.charts import americas, lines
from migrantscount.profiles.models import AmericasPage, CountryPage
from migrantscount.profiles.queries.indicators import (
    COST_TO,
    GDP,
    PAID,
    RECEIVED,
    RECEIVED_PCT_GDP,
    STOCK,
)
from migrantscount.profiles.queries.profile import country_profile
from migrantscount.profiles.services import build_country_pages

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_reference_data()
        for path in shipped_paths():
            import_file(path)
        build_site_tree()
        build_country_pages()
    yield
    with django_db_blocker.unblock():
        # The same state a transactional test leaves behind.
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def client(shipped) -> Client:
    return Client(HTTP_HOST="localhost")


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


def page_url(iso3: str, language: str) -> str:
    locale = Locale.objects.get(language_code=language)
    return CountryPage.objects.get(country__iso3=iso3, locale=locale).url


def text_of(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    # Collapse ASCII whitespace only: the no-break spaces of French numbers stay.
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_oas_state_has_a_page_in_four_languages_with_cldr_titles(shipped):
    assert CountryPage.objects.filter(locale__language_code="en").count() == 35
    assert CountryPage.objects.count() == 35 * 4
    assert AmericasPage.objects.count() == 4
    usa = {
        page.locale.language_code: page.title
        for page in CountryPage.objects.filter(country__iso3="USA")
    }
    assert usa == {
        "en": "United States",
        "es": "Estados Unidos",
        "fr": "États-Unis",
        "pt": "Estados Unidos",
    }


def test_building_again_creates_nothing(shipped):
    report = build_country_pages()
    assert report.created == [] and report.translated == []


def test_building_leaves_no_redirects_from_paths_that_never_served(shipped):
    # wagtail-localize renames every new translation once (116 redirects before).
    profile_pages = [
        *CountryPage.objects.values_list("pk", flat=True),
        *AmericasPage.objects.values_list("pk", flat=True),
    ]
    assert not Redirect.objects.filter(redirect_page__in=profile_pages).exists()


@pytest.mark.parametrize(
    ("language", "immigrants", "venezuelans"),
    [
        ("en", "3,063,518", "2,904,873"),
        ("es", "3,063,518", "2,904,873"),
        ("fr", f"3{NBSP}063{NBSP}518", f"2{NBSP}904{NBSP}873"),
        ("pt", "3.063.518", "2.904.873"),
    ],
)
def test_colombia_profile_shows_reference_figures_with_sources(
    client, language, immigrants, venezuelans
):
    response = client.get(page_url("COL", language))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    # International migrants in Colombia, mid-2024 (Rev.2024, destination workbook).
    assert immigrants in text
    # Venezuela-born migrants in Colombia, 2024 (Rev.2024 Table 1 extract).
    assert venezuelans in text
    assert "POP/DB/MIG/Stock/Rev.2024" in text
    html = response.content.decode()
    # Charts are images with a text alternative (inline SVG made the page 105 KB).
    assert len(
        re.findall(r'<img src="[^"]+/charts/COL/\w+\.svg" alt="[^"]{20,}"', html)
    ) == len(lines.COUNTRY_CHARTS)
    # The alt is the chart's title; its description is read once, in the caption.
    descriptions = re.findall(r"<figcaption>\s*<p>([^<]+)</p>", html)
    assert len(descriptions) == len(lines.COUNTRY_CHARTS)
    assert all(html.count(description) == 1 for description in descriptions)


def test_refugees_keep_the_2020_revision_labelled_with_it(client):
    profile = country_profile(country("COL"))
    assert profile.immigrants.year == 2024
    assert [s.vintage_label for s in profile.immigrants.sources] == [
        "POP/DB/MIG/Stock/Rev.2024"
    ]
    assert profile.refugees.year == 2020
    assert [s.vintage_label for s in profile.refugees.sources] == [
        "POP/DB/MIG/Stock/Rev.2020"
    ]
    # One edition per series: the trend is Rev.2024's eight years, 2020 re-estimated.
    trend = {point.year: point.total for point in profile.immigrant_trend}
    assert sorted(trend) == [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
    assert trend[2020] == 1_932_807
    assert profile.emigrants.value == 3_652_238
    assert profile.emigrants.year == 2024
    html = client.get(page_url("COL", "en")).content.decode()
    assert (
        '<p class="revision-note" id="revision-note">UN DESA&#x27;s 2024 revision '
        "re-estimated 2020: 1,932,807 (was 1,905,393 in the 2020 revision)</p>"
    ) in html
    refugees = html[html.index("Refugees and asylum seekers") :]
    assert "POP/DB/MIG/Stock/Rev.2020" in refugees[: refugees.index("</dd>")]


def test_mexico_remittances_published_and_computed_share_of_gdp(shipped):
    profile = country_profile(country("MEX"))
    assert profile.remittances_received.value == 67_637_913_797  # 2024, WDI 2025-07-01
    assert profile.remittances_received.year == 2024
    assert profile.remittances_pct_gdp.value == pytest.approx(4.25, abs=0.005)
    assert profile.remittances_pct_gdp.year == 2021
    computed = profile.remittances_pct_gdp_computed
    assert computed.year == 2023 and computed.is_computed
    assert computed.value == pytest.approx(66_237_847_600 / 1_788_886_821_046.81 * 100)
    assert {source.vintage_date.isoformat() for source in computed.sources} == {
        "2025-07-01",
        "2024-10-24",
    }


def test_remittances_paid_are_ranked_and_computed_as_share_of_gdp(client):
    mexico = country("MEX")
    profile = country_profile(mexico)
    paid = profile.remittances_paid
    assert paid.is_published and profile.remittances_paid_rank.out_of <= 35
    computed = profile.remittances_paid_pct_gdp_computed
    stored = {
        code: Observation.objects.current()
        .get(indicator__code=code, country=mexico, year=computed.year, sex="T")
        .value
        for code in (PAID, GDP)
    }
    assert computed.is_computed and len(computed.sources) == 2
    assert computed.value == stored[PAID] / stored[GDP] * 100
    text = text_of(client.get(page_url("MEX", "en")).content.decode())
    assert "Paid, % of GDP (computed from WDI remittances and WDI GDP)" in text
    assert f"number {profile.remittances_paid_rank.position} of" in text


def test_cuba_remittances_are_not_published(client):
    profile = country_profile(country("CUB"))
    assert profile.remittances_received.value is None
    text = text_of(client.get(page_url("CUB", "en")).content.decode())
    assert "not published" in text


def test_corridor_costs_for_mexico(shipped):
    profile = country_profile(country("MEX"))
    usa = next(price for price in profile.corridors if price.sending.iso3 == "USA")
    assert usa.period == "2020Q3"
    assert usa.figure.value == pytest.approx(4.18037033081055)
    assert profile.cost_to_country.value == pytest.approx(4.179567, abs=1e-6)


def test_corridor_view_venezuela_to_colombia(client):
    response = client.get("/en/corridors/VEN/COL/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2,904,873 in 2024" in text_of(html)
    assert (
        len(
            re.findall(
                r'<img src="/en/corridors/VEN/COL/chart\.svg" alt="[^"]{20,}"', html
            )
        )
        == 1
    )
    # Rev.2024 has both sexes only: Rev.2020's split by sex, apart and labelled.
    split = text_of(html[html.index('id="sex-caption"') :])
    assert "earlier edition POP/DB/MIG/Stock/Rev.2020 (gdiviz export)" in split
    assert "2020 883,775 896,711" in split
    assert "<caption>People born in Venezuela living in Colombia</caption>" in html
    # RPW publishes no Colombia → Venezuela corridor; Mexicans in the US do have one.
    assert "Remittance cost: not published for this corridor." in html
    mexico = text_of(client.get("/en/corridors/MEX/USA/").content.decode())
    assert "From United States to Mexico: 4.2% of the amount sent (2020Q3)." in mexico


def test_map_svg_contains_all_35_states(client):
    for code in americas.MAP_INDICATORS:
        response = client.get(f"/en/charts/americas/map.svg?indicator={code}")
        assert response.status_code == 200
        svg = response.content.decode()
        found = set(re.findall(r'aria-label="[^"]*\(([A-Z]{3})\)', svg))
        assert found == set(
            Country.objects.oas_members().values_list("iso3", flat=True)
        ), code


def test_americas_page_ranks_every_state(client):
    locale = Locale.objects.get(language_code="en")
    response = client.get(
        AmericasPage.objects.get(locale=locale).url + "?indicator=IMS.STOCK"
    )
    html = response.content.decode()
    assert len(re.findall(r'<tr id="rank-[A-Z]{3}"', html)) == 35
    assert html.index('id="rank-USA"') < html.index('id="rank-CAN"')
    for kind in ("png", "svg", "csv", "json"):
        assert f'href="/en/charts/americas/map.{kind}?indicator=IMS.STOCK"' in html
    assert "/en/charts/americas/map/embed/?indicator=IMS.STOCK" in html


@pytest.mark.parametrize("chart", lines.COUNTRY_CHARTS)
def test_chart_downloads_carry_the_source(client, chart):
    svg = client.get(f"/es/charts/col/{chart}.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert "Fuente" in svg.content.decode() or "Source" in svg.content.decode()
    csv_text = client.get(f"/en/charts/COL/{chart}.csv").content.decode()
    assert csv_text.splitlines()[1].lstrip('"').startswith("# Source: ")
    data = json.loads(client.get(f"/en/charts/COL/{chart}.json").content)
    assert data["source"].startswith("Source: ") and data["vega_lite"]["$schema"]
    png = client.get(f"/en/charts/COL/{chart}.png")
    assert png.content.startswith(b"\x89PNG")
    embed = client.get(f"/en/charts/COL/{chart}/embed/")
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    assert "Source: " in embed.content.decode()
    assert client.get(page_url("COL", "en")).get("X-Frame-Options") == "DENY"


def test_immigrant_chart_table_matches_stored_observations(shipped):
    data = lines.build_chart_data(country("COL"), "immigrants", "en")
    stored = dict(
        Observation.objects.current()
        .filter(indicator__code=STOCK, country__iso3="COL", sex="T", period="")
        .values_list("year", "value")
    )
    assert {row["year"]: row["total"] for row in data.rows} == stored


def _numbers(text: str) -> list[float]:
    return [
        float(match.replace(",", "")) for match in re.findall(r"\d[\d,]*\.?\d*", text)
    ]


@pytest.mark.parametrize("iso3", ["COL", "MEX", "HND", "SLV", "USA", "HTI"])
def test_every_number_in_a_fact_is_the_stored_figure(shipped, iso3):
    subject = country(iso3)
    found = facts.build_country_facts(subject, "en")
    assert found
    for fact in found:
        assert len(fact.text) < 200 and fact.source_line and fact.url
        kind = fact.id.split(".")[1]
        year = int(fact.id.split(".")[2])
        if kind in {"remittances-gdp", "remittance-cost"}:
            code = RECEIVED_PCT_GDP if kind == "remittances-gdp" else COST_TO
            stored = (
                Observation.objects.current()
                .get(
                    indicator__code=code, country=subject, year=year, sex="T", period=""
                )
                .value
            )
            assert fact.figure.value == stored
            assert f"{stored:.1f}%" in fact.text
        elif kind == "diaspora":
            stored = BilateralStock.objects.filter(
                vintage__is_current=True, origin=subject, year=year
            ).aggregate(total=Sum("value"))["total"]
            assert fact.figure.value == stored
            assert f"{stored:,.0f}" in fact.text
        else:
            largest = (
                BilateralStock.objects.filter(
                    vintage__is_current=True,
                    destination=subject,
                    year=year,
                    origin__isnull=False,
                )
                .values("origin")
                .annotate(total=Sum("value"))
                .order_by("-total")
                .first()
            )
            assert fact.figure.value == largest["total"]
            assert f"{largest['total']:,.0f}" in fact.text
        assert str(year) in fact.text


def test_facts_are_ordered_by_percentile(shipped):
    with translation.override("en"):
        found = facts.build_country_facts(country("MEX"), "en")
    percentiles = [fact.percentile for fact in found]
    assert percentiles == sorted(percentiles, reverse=True)


@pytest.mark.parametrize(
    ("language", "link_text"),
    [
        ("en", "Show the data as a table (55 years)"),
        ("es", "Mostrar los datos como tabla (55 años)"),
        ("fr", "Afficher les données sous forme de tableau (55 années)"),
        ("pt", "Mostrar os dados em tabela (55 anos)"),
    ],
)
def test_a_long_chart_table_is_on_its_own_page_linked_from_the_chart(
    client, language, link_text
):
    # Colombia's remittances are published for 1970–2024: 55 rows, 5 KB of a page
    # a campaign post sends thousands of readers to (issue 19's page weight).
    profile_url = page_url("COL", language)
    html = client.get(profile_url).content.decode()
    table_url = f"/{language}/charts/COL/remittances/table/"
    assert f'<a href="{table_url}">{link_text}</a>' in html
    # The short tables stay on the page; the long one is not there twice.
    assert html.count('<details class="chart-table">') == 2
    assert '<th scope="row">1970</th>' not in html

    response = client.get(table_url)
    assert response.status_code == 200
    table = response.content.decode()
    stored = Observation.objects.filter(
        country__iso3="COL", indicator__code__in=[RECEIVED, PAID]
    )
    years = sorted(set(stored.values_list("year", flat=True)))
    rows = re.findall(r'<tr><th scope="row">(\d{4})</th>(.*?)</tr>', table)
    assert [int(year) for year, _cells in rows] == list(range(years[0], years[-1] + 1))
    received_2024 = stored.get(indicator__code=RECEIVED, year=2024).value
    cells_2024 = re.findall(r"<td>(.*?)</td>", dict(rows)["2024"])
    assert re.sub(r"\D", "", cells_2024[0]) == str(round(received_2024))
    assert "<caption>" in table and 'scope="col"' in table
    assert f'href="{profile_url}#chart-remittances"' in table
    assert 'id="chart-remittances"' in html


@pytest.mark.parametrize(
    ("language", "link_text"),
    [
        ("en", "Downloads and embed code"),
        ("es", "Descargas y código para insertar"),
        ("fr", "Téléchargements et code d’intégration"),
        ("pt", "Downloads e código de incorporação"),
    ],
)
def test_each_chart_links_to_its_downloads_and_embed_code_on_its_own_page(
    client, language, link_text
):
    # The profile keeps each chart, its caption, source and (short) table; the files
    # and the embed code are on the chart's own page (issue 19: the profile's weight).
    html = client.get(page_url("COL", language)).content.decode()
    assert "<iframe" not in html and 'class="chart-downloads"' not in html
    for chart in ("immigrants", "emigrants", "remittances"):
        base = f"/{language}/charts/COL/{chart}"
        assert f'<a href="{base}/table/#downloads">{link_text}</a>' in html
        assert f'href="{base}.csv"' not in html
        page = client.get(f"{base}/table/").content.decode()
        assert f'<h2 id="downloads">{link_text}</h2>' in page
        for output in ("png", "svg", "csv", "json"):
            assert f'href="{base}.{output}"' in page
        assert f'href="{base}/embed/"' in page
        assert re.search(rf'<iframe src="http://[^"]+{base}/embed/"', page)
        assert f'<img src="{base}.svg" alt="' in page
        assert f'href="{page_url("COL", language)}#chart-{chart}"' in page


def test_short_chart_tables_stay_on_the_profile_long_ones_link(client):
    html = client.get(page_url("COL", "en")).content.decode()
    assert '<a href="/en/charts/COL/immigrants/table/">' not in html
    # The page exists for every line chart (a link may be shared), the map has none.
    assert client.get("/en/charts/COL/immigrants/table/").status_code == 200
    assert client.get("/en/charts/americas/map/table/").status_code == 404
    assert client.get("/en/charts/ZZZ/remittances/table/").status_code == 404
