import xml.etree.ElementTree as ET
from collections import Counter

import pytest

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_sitemap_lists_live_pages_of_every_locale(client, site_tree):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = root.findall(f"{SITEMAP}url")
    locations = [url.find(f"{SITEMAP}loc").text for url in urls]
    # Four live pages per language, plus the live-interviews index that the events
    # app's sitemap source lists in each language.
    pages = [location for location in locations if "/interviews/" not in location]
    per_locale = Counter(location.split("/")[3] for location in pages)
    assert per_locale == {"en": 4, "es": 4, "fr": 4, "pt": 4}
    interview_indexes = {loc.split("/")[3] for loc in locations if loc not in pages}
    assert interview_indexes == {"en", "es", "fr", "pt"}
    first = urls[0]
    alternates = {
        link.get("hreflang"): link.get("href") for link in first.findall(f"{XHTML}link")
    }
    assert set(alternates) == {"en", "es", "fr", "pt"}


def test_sitemap_omits_unpublished_pages(client, site_tree):
    site_tree["about"].get_translations().filter(
        locale__language_code="pt"
    ).first().unpublish()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [
        url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")
    ]
    assert not any("who-we-are-pt" in location for location in locations)
    pages = [location for location in locations if "/interviews/" not in location]
    assert len(pages) == 15


@pytest.mark.parametrize("code", ["en", "es", "fr", "pt"])
def test_rss_feed_per_language(client, site_tree, code):
    news = (
        site_tree["news"]
        if code == "en"
        else site_tree["news"].get_translation(
            site_tree["news"].locale.__class__.objects.get(language_code=code)
        )
    )
    response = client.get(news.url + "feed/rss/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.find("language").text == code
    items = channel.findall("item")
    assert len(items) == 1
    assert items[0].find("link").text.startswith("http://localhost/" + code + "/")


def test_atom_feed_has_absolute_links(client, site_tree):
    response = client.get("/en/news/feed/atom/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entry = root.find("{http://www.w3.org/2005/Atom}entry")
    link = entry.find("{http://www.w3.org/2005/Atom}link").get("href")
    assert link == "http://localhost/en/news/campaign-launched/"
