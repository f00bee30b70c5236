"""What readers are told and what a deployment may switch on: the privacy notice's
paragraph on counting (four languages) names exactly what a row holds, and the
optional Matomo/Plausible tracker is off by default, cookieless, and only from the
organisation's own server."""

from typing import Any

import pytest
from django.test import Client, RequestFactory

from migrantscount.analytics import beacon, checks, counting
from migrantscount.analytics.models.reach import DIMENSIONS
from migrantscount.pages.demo.content_legal import PRIVACY

LANGUAGES = ("en", "es", "fr", "pt")


def counting_paragraph(language: str) -> str:
    body: Any = PRIVACY["body"]
    for kind, text in body:
        if kind == "paragraph" and "utm_source" in text[language]:
            return str(text[language])
    raise AssertionError(f"no paragraph on counting in {language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_privacy_notice_says_what_is_counted_in_each_language(
    language: str,
) -> None:
    text = counting_paragraph(language)
    # Every tag a row keeps is named; the day, page, language and domain in words.
    for tag in [name for name in DIMENSIONS if name.startswith("utm_")]:
        assert tag in text
    assert "bsky.app" in text
    assert "IP" in text
    assert "cookie" in text
    assert "user agent" in text


def test_no_tracker_by_default(settings: Any) -> None:
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.SERVER
    tags = beacon.reach_tags(RequestFactory().get("/en/"))["analytics_tags"]
    assert tags == ""
    assert checks.reach_settings() == []


def test_plausible_from_the_organisations_server(settings: Any) -> None:
    settings.MIGRANTSCOUNT_TRACKER = beacon.PLAUSIBLE
    settings.MIGRANTSCOUNT_TRACKER_URL = "https://stats.example.org"
    settings.MIGRANTSCOUNT_TRACKER_SITE_ID = "migrantscount.example"
    tags = str(beacon.reach_tags(RequestFactory().get("/en/"))["analytics_tags"])
    assert 'src="https://stats.example.org/js/script.js"' in tags
    assert 'data-domain="migrantscount.example"' in tags
    assert checks.reach_settings() == []


def test_matomo_goes_cookieless(settings: Any, client: Client) -> None:
    settings.MIGRANTSCOUNT_TRACKER = beacon.MATOMO
    settings.MIGRANTSCOUNT_TRACKER_URL = "https://matomo.example.org"
    settings.MIGRANTSCOUNT_TRACKER_SITE_ID = "3"
    tags = str(beacon.reach_tags(RequestFactory().get("/en/"))["analytics_tags"])
    assert 'data-matomo-url="https://matomo.example.org/"' in tags
    assert 'data-matomo-site="3"' in tags
    script = client.get("/static/analytics/matomo.js")
    source = b"".join(script.streaming_content).decode()  # type: ignore[attr-defined]
    assert source.index('"disableCookies"') < source.index('"trackPageView"')


@pytest.mark.parametrize(
    "url",
    [
        "https://plausible.io",
        "https://example.matomo.cloud",
        "https://cdn.jsdelivr.net/npm/matomo",
        "http://stats.example.org",
        "",
    ],
)
def test_a_third_party_or_insecure_tracker_is_refused(settings: Any, url: str) -> None:
    settings.MIGRANTSCOUNT_TRACKER = beacon.PLAUSIBLE
    settings.MIGRANTSCOUNT_TRACKER_URL = url
    settings.MIGRANTSCOUNT_TRACKER_SITE_ID = "migrantscount.example"
    ids = [message.id for message in checks.reach_settings()]
    assert ids and set(ids) <= {"analytics.E003", "analytics.E004"}


def test_an_unknown_counting_mode_is_refused(settings: Any) -> None:
    settings.MIGRANTSCOUNT_REACH_COUNTING = "everything"
    assert [message.id for message in checks.reach_settings()] == ["analytics.E001"]
