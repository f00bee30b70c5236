"""Chromium: the interviews in Spanish and French, axe-core clean, without a CSP
violation; the reader's zone (Santiago here) replaces the audience zone."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from migrantscount.events import services
from migrantscount.events.demo import build_example_series
from migrantscount.events.models import Interview, InterviewText

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _past_interview() -> Interview:
    interview = factories.interview(
        local_date=timezone.localdate() - timedelta(days=10),
        recording_url="https://example.org/recording",
        is_example=True,
    )
    for language, title in (
        ("es", "Enfermeras del Caribe"),
        ("fr", "Infirmières des Caraïbes"),
    ):
        InterviewText.objects.create(
            interview=interview,
            language=language,
            title=title,
            transcript="—Bienvenida.\n\n—Gracias.",
        )
    services.attach_guest(interview, factories.own_consent_guest())
    return interview


@pytest.mark.parametrize("language", ["es", "fr"])
def test_interviews_in_two_languages(  # type: ignore[no-untyped-def]
    language: str, live_server: Any, chromium: Any, axe: Any, tmp_path: Path
):
    build_example_series()
    past = _past_interview()
    upcoming = Interview.objects.upcoming().first()
    assert upcoming is not None
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900},
        timezone_id="America/Santiago",
        locale=language,
    )
    page = context.new_page()
    errors: list[str] = []

    def record(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))

    # The site's CSP holds here (no inline script, nothing from elsewhere): a
    # violation would show as a console error. axe-core is injected into a second
    # context that bypasses the CSP, as the harness's script tag is inline.
    audit = chromium.new_context(
        viewport={"width": 1280, "height": 900},
        timezone_id="America/Santiago",
        locale=language,
        bypass_csp=True,
    ).new_page()
    paths = {
        "interviews": f"/{language}/interviews/",
        "interview": upcoming.url_in(language),
        "past": past.url_in(language),
    }
    for name, path in paths.items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("[data-zone-note]").first.is_visible()  # the module ran
        shown = page.locator("time[data-local-time]").first.inner_text()
        assert any(word in shown for word in ("Chil", "GMT-", "UTC−", "UTC-")), shown
        page.screenshot(path=str(shots / f"{name}-{language}.png"), full_page=True)
        audit.goto(live_server.url + path)
        assert axe(audit) == [], name
    assert page.locator(".transcript").is_visible()
    page.goto(live_server.url + paths["interview"])
    assert page.locator("script[type='application/ld+json']").count() == 1
    audit.context.close()

    # Without JavaScript the server's zone choice works on its own.
    plain = chromium.new_context(java_script_enabled=False, locale=language)
    nojs = plain.new_page()
    nojs.goto(f"{live_server.url}/{language}/interviews/")
    nojs.select_option("#tz", "America/Bogota")
    with nojs.expect_navigation():
        nojs.click(".zone-form button")
    assert "tz=America%2FBogota" in nojs.url
    assert nojs.locator("#tz").input_value() == "America/Bogota"
    plain.close()
    context.close()
    assert errors == []
