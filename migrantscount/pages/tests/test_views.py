import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_root_redirects_to_browser_language(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/pt/"


def test_root_falls_back_to_english_for_other_languages(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize("code", ["en", "es", "fr", "pt"])
def test_home_renders_in_each_language(client, site_tree, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    suffix = "" if code == "en" else f" [{code}]"
    assert f"Migrants Count{suffix}</h1>" in html


def test_press_release_shows_dateline_and_media_contact(client, site_tree):
    release = site_tree["release"].get_translation(
        site_tree["release"].locale.__class__.objects.get(language_code="fr")
    )
    response = client.get(release.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Washington, D.C." in html
    assert 'href="mailto:press@example.org"' in html
    assert "Press office [fr]" in html
    assert 'datetime="2026-11-20"' in html


def test_hreflang_alternates_list_every_live_translation(client, site_tree):
    html = client.get("/es/").content.decode()
    for code in ("en", "es", "fr", "pt"):
        assert f'hreflang="{code}" href="http://localhost/{code}/' in html
    # Readers whose language is none of the four go to / and its browser redirect.
    assert 'hreflang="x-default" href="http://127.0.0.1:8000/"' in html


def test_switcher_links_to_translation_of_current_page(client, site_tree):
    html = client.get("/en/news/campaign-launched/").content.decode()
    assert 'href="/es/news-es/campaign-launched-es/"' in html
    assert 'href="/pt/news-pt/campaign-launched-pt/"' in html


def test_switcher_falls_back_to_nearest_translated_ancestor(client, site_tree):
    from migrantscount.pages.models import StandardPage

    from .factories import add_child_page

    orphan = add_child_page(
        site_tree["about"],
        StandardPage(title="Only English", slug="only-english"),
    )
    html = client.get(orphan.url).content.decode()
    # No Spanish translation: the switcher offers the Spanish "Who we are" page instead.
    assert 'href="/es/who-we-are-es/?untranslated=en"' in html
    notice = client.get("/es/who-we-are-es/?untranslated=en").content.decode()
    assert 'role="status"' in notice
    assert "La página que leía en inglés aún no está disponible en español" in notice


@pytest.mark.parametrize("value", ["", "xx", "es", "<script>"])
def test_fallback_notice_needs_another_known_language(client, site_tree, value):
    html = client.get(f"/es/who-we-are-es/?untranslated={value}").content.decode()
    assert 'class="notice"' not in html


def test_switcher_skips_unpublished_translation(client, site_tree):
    spanish = Page.objects.get(locale__language_code="es", slug="campaign-launched-es")
    spanish.unpublish()
    html = client.get("/en/news/campaign-launched/").content.decode()
    assert "campaign-launched-es" not in html
    assert 'href="/es/news-es/?untranslated=en"' in html


def test_menu_and_branding_follow_the_language(client, site_tree):
    html = client.get("/fr/").content.decode()
    assert 'href="/fr/who-we-are-fr/"' in html
    assert "OAS · IOM [fr]" in html
    assert "Footer text [fr]." in html


@pytest.mark.parametrize("code", ["en", "es", "fr", "pt"])
def test_not_found_page_in_each_language(client, site_tree, code):
    response = client.get(f"/{code}/no-such-page/")
    assert response.status_code == 404
    assert f'<html lang="{code}"' in response.content.decode()


def test_robots_txt_points_to_sitemap(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_page_weight_under_100_kb(client, site_tree):
    from django.contrib.staticfiles import finders

    css = finders.find("css/site.css")
    js = finders.find("js/site.js")
    with open(css, "rb") as handle:
        static_weight = len(handle.read())
    with open(js, "rb") as handle:
        static_weight += len(handle.read())
    for page in site_tree.values():
        html = client.get(page.url).content
        assert len(html) + static_weight < 100_000, page.url


@pytest.mark.parametrize(
    ("code", "heading"),
    [
        ("en", "Something went wrong"),
        ("es", "Algo salió mal"),
        ("fr", "Une erreur est survenue"),
        ("pt", "Algo deu errado"),
    ],
)
def test_server_error_page_in_each_language(client, site_tree, code, heading):
    from unittest import mock

    def broken(self):
        raise RuntimeError("boom")

    client.raise_request_exception = False
    with mock.patch("migrantscount.pages.models.HomePage.latest_news", broken):
        response = client.get(f"/{code}/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert "boom" not in html and "Traceback" not in html


def test_ui_strings_are_translated(client, site_tree):
    html = client.get("/pt/").content.decode()
    assert "Pular para o conteúdo principal" in html
    assert "Últimas notícias" in html
