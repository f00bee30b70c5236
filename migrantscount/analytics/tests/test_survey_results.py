"""A wave's results: arms and their Welch difference, change since the previous wave,
the misperception gap against the figure the data app publishes, suppression; the
open data in /api/v1/surveys/; the demo's waves."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from migrantscount.analytics import statistics
from migrantscount.analytics.models.surveys import (
    Acceptance,
    SurveyResponse,
    SurveyWave,
)
from migrantscount.analytics.surveys import demo, open_data, public, results
from migrantscount.profiles.tests.factories import (
    ObservationFactory,
    indicator_with_vintage,
)
from migrantscount.stories.demo import build_example_stories

from . import survey_factories as factories

pytestmark = pytest.mark.django_db

CAMPAIGN, PLACEBO = SurveyResponse.Arm.CAMPAIGN, SurveyResponse.Arm.PLACEBO


def _closed(**values: Any) -> SurveyWave:
    return factories.wave(
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
        **values,
    )


def _experiment(**values: Any) -> SurveyWave:
    return _closed(
        treatment=SurveyWave.Treatment.DATA_FACT,
        treatment_fact_country=factories.country("COL"),
        treatment_fact_id="some-fact",
        **values,
    )


def _official_share(iso3: str, value: float, year: int = 2024) -> None:
    country = factories.country(iso3)
    for code, figure in (("IMS.STOCK", 1_000_000.0), ("IMS.STOCK.PCT.POP", value)):
        indicator, vintage = indicator_with_vintage(code)
        ObservationFactory.create(
            indicator=indicator,
            vintage=vintage,
            country=country,
            year=year,
            value=figure,
        )


def test_arms_their_difference_and_suppression() -> None:
    wave = _experiment()
    campaign = factories.responses(wave, factories.random_answers(30, 1), arm=CAMPAIGN)
    placebo = factories.responses(wave, factories.random_answers(25, 2), arm=PLACEBO)
    outcome = results.wave_results(wave)
    by_key = {group.key: group for group in outcome.arms}
    values = {
        arm: [float(row.acceptance_index or 0) for row in rows]
        for arm, rows in ((CAMPAIGN, campaign), (PLACEBO, placebo))
    }
    assert by_key[CAMPAIGN].responses == 30
    assert by_key[CAMPAIGN].index == statistics.mean_interval(values[CAMPAIGN])
    assert outcome.difference == statistics.welch_difference(
        values[CAMPAIGN], values[PLACEBO]
    )
    assert outcome.overall.responses == 55
    assert "randomised within the wave" in " ".join(map(str, outcome.notes()))

    # Nine in one arm: that arm and the difference are suppressed.
    small = _experiment()
    factories.responses(small, factories.random_answers(30, 3), arm=CAMPAIGN)
    factories.responses(small, factories.random_answers(9, 4), arm=PLACEBO)
    outcome = results.wave_results(small)
    assert [group.is_suppressed for group in outcome.arms] == [False, True]
    assert outcome.difference is None


def test_change_between_waves_compares_those_not_shown_the_item() -> None:
    before = _experiment()
    factories.responses(before, [("bad", "bad", "bad")] * 12, arm=PLACEBO)
    factories.responses(before, [("good", "good", "good")] * 12, arm=CAMPAIGN)
    after = _experiment(previous_wave=before)
    factories.responses(after, [("good", "depends", "bad")] * 11, arm=PLACEBO)
    factories.responses(after, [("good", "bad", "bad")] * 11, arm=PLACEBO)
    outcome = results.wave_results(after)
    assert outcome.comparison_before is not None
    assert outcome.comparison_before.responses == 12
    assert outcome.change is not None
    assert outcome.change.estimate == pytest.approx(3.5)  # (4 + 3) / 2 - 0


def test_misperception_gap_is_against_the_published_share_born_abroad() -> None:
    _official_share("COL", 5.5)
    wave = _closed(countries=[factories.country("COL"), factories.country("MEX")])
    for estimate in [10, 20, 30, 40, 50, 15, 25, 35, 45, 5]:
        factories.response(wave, perceived_percent=estimate, perceived_country="COL")
    for estimate in [30] * 4:
        factories.response(wave, perceived_percent=estimate, perceived_country="MEX")
    gaps, overall = results.misperception_gaps(wave.responses.all())
    colombia, mexico = gaps
    assert colombia.official.value == 5.5 and colombia.official.year == 2024
    assert colombia.median_estimate == 27.5
    assert colombia.median_gap == pytest.approx(22.0)
    assert mexico.is_suppressed and mexico.median_gap is None
    assert overall is not None and overall.median_gap == pytest.approx(22.0)


def test_the_api_lists_closed_waves_with_results_and_method() -> None:
    wave = _experiment(is_simulated=True)
    factories.responses(wave, factories.random_answers(20, 5), arm=CAMPAIGN)
    factories.responses(wave, factories.random_answers(20, 6), arm=PLACEBO)
    still_open = factories.wave()
    factories.responses(still_open, factories.random_answers(20, 7))
    body = Client().get("/api/v1/surveys/").json()
    assert [row["slug"] for row in body["results"]] == [wave.slug]
    record = body["results"][0]
    assert record["is_simulated"] is True and "Simulated" in record["simulated_note"]
    assert record["results"]["arms"]["campaign"]["responses"] == 20
    assert record["results"]["difference_campaign_minus_placebo"]["p_value"] >= 0
    assert "Wilson" in body["method"]["intervals"]["share"]
    assert body["method"]["index"]["scoring"] == {
        "good": 3,
        "depends": 1,
        "dont_know": 1,
        "bad": 0,
    }
    assert set(record["questionnaire"]["acceptance_items"]) == {
        "living",
        "neighbour",
        "relative",
    }
    table = Client().get("/api/v1/surveys/?format=csv")
    assert table.status_code == 200
    (row,) = list(csv.DictReader(io.StringIO(table.content.decode())))
    assert row["slug"] == wave.slug
    assert float(row["results.arms.campaign.index.estimate"]) == pytest.approx(
        record["results"]["arms"]["campaign"]["index"]["estimate"]
    )
    assert Client().get(f"/api/v1/surveys/{still_open.slug}/").status_code == 404
    assert (
        Client().get(f"/api/v1/surveys/{still_open.slug}/responses/").status_code == 404
    )


def test_anonymous_responses_as_csv_blank_rare_combinations() -> None:
    wave = _closed()
    factories.responses(
        wave, [("good", "good", "bad")] * 10, country="COL", age_bracket="25_34"
    )
    factories.responses(
        wave, [("bad", "good", "bad")] * 3, country="COL", age_bracket="65_plus"
    )
    response = Client().get(f"/api/v1/surveys/{wave.slug}/responses/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 13
    assert {row["country"] for row in rows[:10]} == {"COL"}
    assert {(row["country"], row["age_bracket"]) for row in rows[10:]} == {("", "")}
    assert "submitted_on" not in rows[0] and "id" not in rows[0]
    assert rows[0]["acceptance_index"] == "6"


def test_the_open_wave_is_the_survey_section_in_its_languages() -> None:
    from django.utils import translation

    assert public.open_survey_url() is None
    wave = factories.wave(languages="es,en")
    with translation.override("es"):
        assert public.open_survey_url() == f"/es/surveys/{wave.slug}/"
    with translation.override("fr"):
        assert public.open_survey_url() is None


def test_the_demo_builds_a_simulated_closed_baseline_and_an_open_follow_up() -> None:
    for iso3 in demo.AUDIENCE:
        factories.country(iso3)
    build_example_stories()
    line = demo.example_survey_waves()
    baseline = SurveyWave.objects.get(slug=demo.BASELINE_SLUG)
    follow_up = SurveyWave.objects.get(slug=demo.FOLLOW_UP_SLUG)
    assert baseline.is_closed() and baseline.is_simulated
    assert baseline.responses.count() == demo.SIMULATED_RESPONSES
    assert not baseline.responses.filter(is_simulated=False).exists()
    assert follow_up.is_open() and follow_up.closes_at is None
    assert follow_up.previous_wave == baseline and not follow_up.is_simulated
    assert "simulated" in line
    # Run again: nothing duplicated.
    demo.example_survey_waves()
    assert SurveyWave.objects.count() == 2
    assert baseline.responses.count() == demo.SIMULATED_RESPONSES
    outcome = results.wave_results(baseline)
    assert outcome.overall.index is not None
    page = Client().get(baseline.url_in("es", "surveys:results")).content.decode()
    assert "simuladas" in page.lower() or "simulated" in page.lower()
    record = open_data.response_records(baseline)[0]
    assert record["is_simulated"] is True
    assert Acceptance(record["living"])
