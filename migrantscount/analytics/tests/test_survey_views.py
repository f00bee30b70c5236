"""The public survey form: cookieless, protected by its signed token, honeypot,
minimum time and hashed per-address limit; bad input refused with nothing stored."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from migrantscount.analytics.models.surveys import SurveyResponse, SurveyWave
from migrantscount.analytics.surveys import protection

from . import survey_factories as factories

pytestmark = pytest.mark.django_db

NAUGHTY = [
    "<script>alert('x')</script> عربى مرحبا \u202eRTL\u202c "
    "Z̸̢̧a̷͎͠l̴̡̛g̶̨̛o̵͚͝ 👨\u200d👩\u200d👧\u200d👦 &amp; {{ var }} {% now %}",
    "x" * 20_000,
    "\u202e\u0000evil",
    "javascript:alert(1)",
    "<img src=x>",
    "1; DROP TABLE analytics_surveyresponse; --",
    "-1",
    "1e309",
]


@pytest.fixture(autouse=True)
def _no_minimum_time(settings: Any) -> None:
    settings.SURVEYS_MIN_SECONDS = 0


def _token(page: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match, "no token in the form"
    return match.group(1)


def _answers(form_token: str, **values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "token": form_token,
        "living": "good",
        "neighbour": "depends",
        "relative": "bad",
        "perceived_percent": "25",
        "country": "COL",
        "age_bracket": "25_34",
        "consent": "on",
        "website": "",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def _open_form(client: Client, wave: SurveyWave, language: str = "es") -> str:
    response = client.get(wave.url_in(language))
    assert response.status_code == 200
    return _token(response.content.decode())


def test_the_form_sets_no_cookie_and_carries_its_own_token() -> None:
    wave = factories.wave(treatment=SurveyWave.Treatment.NONE)
    client = Client()
    response = client.get(wave.url_in("es"))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in page
    assert "no-store" in response["Cache-Control"]
    assert 'name="token"' in page and 'name="website"' in page
    assert "Gallup" in page and "news.gallup.com" in page
    assert 'lang="es"' in page


def test_a_sheet_is_stored_once_with_its_arm_and_no_cookie() -> None:
    wave = factories.wave(
        treatment=SurveyWave.Treatment.DATA_FACT,
        treatment_fact_country=factories.country("COL"),
        treatment_fact_id="nothing-published",
        treatment_percent=40,
    )
    client = Client()
    token = _open_form(client, wave)
    response = client.post(wave.url_in("es"), _answers(token))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/es/surveys/{wave.slug}/thanks/")
    assert response.cookies == {}
    (stored,) = SurveyResponse.objects.filter(wave=wave)
    assert stored.arm in {SurveyResponse.Arm.CAMPAIGN, SurveyResponse.Arm.PLACEBO}
    assert stored.assigned_percent == 40
    # The fact does not exist in the data: the campaign arm saw the neutral text.
    assert stored.shown_campaign_item is False
    assert stored.language == "es"
    assert stored.acceptance_index == 4
    assert (stored.perceived_percent, stored.perceived_country) == (25, "COL")
    assert (stored.country, stored.age_bracket) == ("COL", "25_34")
    assert stored.submitted_on == timezone.localdate()

    replay = client.post(wave.url_in("es"), _answers(token))
    assert replay.status_code == 409
    assert 'data-refusal="replay"' in replay.content.decode()
    assert SurveyResponse.objects.filter(wave=wave).count() == 1


def test_the_arm_comes_from_the_signed_token_not_the_form() -> None:
    wave = factories.wave(
        treatment=SurveyWave.Treatment.DATA_FACT,
        treatment_fact_country=factories.country("COL"),
        treatment_fact_id="x",
    )
    client = Client()
    token = _open_form(client, wave)
    ticket = protection.read_token(token, wave_id=wave.pk, language="es")
    client.post(wave.url_in("es"), _answers(token, arm="campaign"))
    assert SurveyResponse.objects.get().arm == ticket.arm


@pytest.mark.parametrize("missing", ["living", "neighbour", "relative", "consent"])
def test_missing_answers_are_refused_clearly_and_nothing_is_stored(
    missing: str,
) -> None:
    wave = factories.wave()
    client = Client()
    token = _open_form(client, wave)
    response = client.post(wave.url_in("es"), _answers(token, **{missing: None}))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="form-errors"' in page and f'href="#id_{missing}' in page
    # What was answered is still there, with the same token.
    assert _token(page) == token
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize("value", NAUGHTY)
def test_naughty_strings_in_every_field_are_refused_and_never_stored(
    value: str,
) -> None:
    wave = factories.wave()
    client = Client()
    token = _open_form(client, wave)
    for field in (
        "living",
        "neighbour",
        "relative",
        "perceived_percent",
        "country",
        "age_bracket",
        "token",
    ):
        response = client.post(wave.url_in("es"), _answers(token, **{field: value}))
        assert response.status_code == 400, field
        page = response.content.decode()
        assert "<script>alert" not in page and "<img src=x>" not in page
    response = client.post(wave.url_in("es"), _answers(token, website=value))
    assert response.status_code == 400
    assert 'id="id_website_error"' in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_a_sheet_sent_after_the_wave_closed_is_refused_and_not_stored() -> None:
    wave = factories.wave(closes_at=timezone.now() + timedelta(hours=1))
    client = Client()
    token = _open_form(client, wave)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        response = client.post(wave.url_in("es"), _answers(token))
    assert response.status_code == 410
    page = response.content.decode()
    assert 'data-refusal="closed"' in page
    assert "no se guardaron" in page  # the Spanish message
    assert f"/es/surveys/{wave.slug}/results/" in page
    assert SurveyResponse.objects.count() == 0


def test_a_closed_wave_shows_no_form() -> None:
    wave = factories.wave(
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() - timedelta(days=1),
    )
    response = Client().get(wave.url_in("en"))
    assert response.status_code == 200
    assert 'name="token"' not in response.content.decode()
    assert "This survey is closed" in response.content.decode()


def test_a_sheet_sent_too_quickly_is_refused_with_the_answers_kept(
    settings: Any,
) -> None:
    settings.SURVEYS_MIN_SECONDS = 30
    wave = factories.wave()
    client = Client()
    token = _open_form(client, wave, "en")
    response = client.post(wave.url_in("en"), _answers(token))
    assert response.status_code == 400
    assert "too quickly" in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        response = client.post(wave.url_in("en"), _answers(token))
    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_a_forged_or_foreign_token_is_refused() -> None:
    wave = factories.wave()
    other = factories.wave()
    client = Client()
    foreign = _open_form(client, other)
    for token in ("forged", foreign, _open_form(client, wave)[:-2] + "xx"):
        response = client.post(wave.url_in("es"), _answers(token))
        assert response.status_code == 400
    assert SurveyResponse.objects.count() == 0


def test_an_expired_form_comes_back_with_the_answers_and_a_fresh_token(
    settings: Any,
) -> None:
    wave = factories.wave()
    client = Client()
    token = _open_form(client, wave, "en")
    later = timezone.now() + timedelta(
        seconds=settings.SURVEYS_FORM_MAX_AGE_SECONDS + 5
    )
    with time_machine.travel(later):
        response = client.post(wave.url_in("en"), _answers(token))
        page = response.content.decode()
        assert response.status_code == 400
        assert "open for too long" in page
        assert re.search(r'value="good"[^>]*checked', page)
        fresh = _token(page)
        assert fresh != token
        response = client.post(wave.url_in("en"), _answers(fresh))
    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_the_per_address_limit_holds_only_a_hash_for_24_hours(settings: Any) -> None:
    settings.SURVEYS_RESPONSES_PER_DAY = 2
    wave = factories.wave()
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _sheet in range(2):
        token = _open_form(client, wave)
        assert client.post(wave.url_in("es"), _answers(token)).status_code == 302
    token = _open_form(client, wave)
    response = client.post(wave.url_in("es"), _answers(token))
    assert response.status_code == 429
    assert SurveyResponse.objects.count() == 2
    key = protection.address_key("203.0.113.9")
    assert "203.0.113.9" not in key
    assert cache.get(key) == 2
    # Another address is not limited; the first one is forgotten after 24 hours.
    other = Client(REMOTE_ADDR="198.51.100.7")
    token = _open_form(other, wave)
    assert other.post(wave.url_in("es"), _answers(token)).status_code == 302
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        assert cache.get(key) is None
        assert not protection.address_limited("203.0.113.9")


def test_a_language_the_wave_is_not_offered_in_lists_the_others() -> None:
    wave = factories.wave(languages="es,pt")
    response = Client().get(wave.url_in("fr"))
    assert response.status_code == 404
    page = response.content.decode()
    assert f"/es/surveys/{wave.slug}/" in page and f"/pt/surveys/{wave.slug}/" in page


def test_results_are_public_only_once_the_wave_closed() -> None:
    wave = factories.wave(closes_at=timezone.now() + timedelta(days=1))
    factories.responses(wave, factories.random_answers(12, seed=3))
    assert Client().get(wave.url_in("en", "surveys:results")).status_code == 404
    SurveyWave.objects.filter(pk=wave.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = Client().get(wave.url_in("en", "surveys:results"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "self-selected online sample" in page
    assert "Design: descriptive" in page
    assert "<svg" in page and "<table" in page
