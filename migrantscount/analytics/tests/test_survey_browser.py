"""Chromium: the survey in Spanish and French, from the home page's link to the
thanks page, and the example baseline's results; axe-core clean, no cookie, no CSP
violation, and the form works with JavaScript switched off."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from migrantscount.analytics.models.surveys import SurveyResponse, SurveyWave
from migrantscount.analytics.surveys import demo
from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.stories.demo import build_example_stories

from . import survey_factories as factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERS = {
    "es": ("Una cosa buena", "Depende", "No sé"),
    "fr": ("Une bonne chose", "Cela dépend", "Je ne sais pas"),
}


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_survey_in_two_languages(  # type: ignore[no-untyped-def]
    language: str,
    live_server: Any,
    chromium: Any,
    axe: Any,
    settings: Any,
    tmp_path: Path,
):
    settings.SURVEYS_MIN_SECONDS = 0
    build_site_tree()
    for iso3 in demo.AUDIENCE:
        factories.country(iso3)
    build_example_stories()
    demo.example_survey_waves()
    follow_up = SurveyWave.objects.get(slug=demo.FOLLOW_UP_SLUG)
    baseline = SurveyWave.objects.get(slug=demo.BASELINE_SLUG)
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale=language
    )
    page = context.new_page()
    errors: list[str] = []

    def record(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    audit = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale=language, bypass_csp=True
    ).new_page()

    page.goto(f"{live_server.url}/{language}/")
    link = page.locator("#survey-call ~ p a.button")
    assert link.get_attribute("href") == follow_up.url_in(language)
    link.click()
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#survey-terms").is_visible()
    assert page.locator(".stimulus").is_visible()  # the item or the neutral text
    page.screenshot(path=str(shots / f"survey-form-{language}.png"), full_page=True)
    audit.goto(page.url)
    assert axe(audit) == [], "form"

    # Sent without one answer: refused, named, nothing stored.
    page.get_by_label(ANSWERS[language][0]).first.check()
    page.locator("#id_consent").check()
    page.locator("button[type=submit]").click()
    assert page.locator("#form-errors").is_visible()
    assert SurveyResponse.objects.filter(wave=follow_up).count() == 0

    for field, answer in zip(
        ("living", "neighbour", "relative"), ANSWERS[language], strict=True
    ):
        page.locator(f"fieldset:has(#id_{field}_0)").get_by_label(
            answer, exact=True
        ).check()
    page.locator("#id_perceived_percent").fill("30")
    page.locator("#id_country").select_option("COL")
    page.locator("button[type=submit]").click()
    assert page.url.endswith(f"/{language}/surveys/{follow_up.slug}/thanks/")
    audit.goto(page.url)
    assert axe(audit) == [], "thanks"
    stored = SurveyResponse.objects.get(wave=follow_up)
    assert stored.language == language and stored.country == "COL"
    assert stored.acceptance_index == 5

    page.goto(live_server.url + baseline.url_in(language, "surveys:results"))
    assert page.locator(".survey-chart svg").count() >= 2
    assert page.locator(".survey-note--simulated").first.is_visible()
    page.screenshot(path=str(shots / f"survey-results-{language}.png"), full_page=True)
    audit.goto(page.url)
    assert axe(audit) == [], "results"
    assert context.cookies() == []
    audit.context.close()
    context.close()
    # The one refused sheet (400) is the only error the console saw.
    assert errors == [
        "Failed to load resource: the server responded with a status of 400 "
        "(Bad Request)"
    ]

    # Without JavaScript the whole form works the same.
    plain = chromium.new_context(java_script_enabled=False, locale=language)
    nojs = plain.new_page()
    nojs.goto(live_server.url + follow_up.url_in(language))
    for field, answer in zip(
        ("living", "neighbour", "relative"), ANSWERS[language], strict=True
    ):
        nojs.locator(f"fieldset:has(#id_{field}_0)").get_by_label(
            answer, exact=True
        ).check()
    nojs.locator("#id_consent").check()
    with nojs.expect_navigation():
        nojs.locator("button[type=submit]").click()
    assert nojs.url.endswith("/thanks/")
    assert plain.cookies() == []
    plain.close()
    assert SurveyResponse.objects.filter(wave=follow_up).count() == 2
