"""The language switcher on views that are not Wagtail pages links to the same view
in the other language, not to that language's home page."""

import re

import pytest

pytestmark = pytest.mark.django_db


def switcher_links(html: str) -> dict[str, str]:
    return {
        lang: href
        for href, lang in re.findall(r'<a href="([^"]*)" lang="(\w\w)" hreflang', html)
    }


def test_the_stories_index_switches_to_the_stories_index(client) -> None:
    response = client.get("/es/stories/?q=panader%C3%ADa")
    assert response.status_code == 200
    links = switcher_links(response.content.decode())
    assert links["en"] == "/en/stories/?q=panader%C3%ADa"
    assert links["fr"] == "/fr/stories/?q=panader%C3%ADa"
    assert links["es"] == "/es/stories/?q=panader%C3%ADa"


def test_the_share_form_switches_to_the_share_form(client) -> None:
    links = switcher_links(client.get("/pt/stories/share/").content.decode())
    assert links["en"] == "/en/stories/share/"
    assert links["es"] == "/es/stories/share/"
