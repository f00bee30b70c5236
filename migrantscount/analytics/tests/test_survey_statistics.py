"""The survey statistics against scipy and textbook figures; Gallup's scoring; random
assignment balanced over 10,000 simulated respondents; suppression below 10."""

from __future__ import annotations

import math
import random

import pytest
from scipy import stats

from migrantscount.analytics import statistics
from migrantscount.analytics.models.surveys import (
    Acceptance,
    SurveyResponse,
    SurveyWave,
)
from migrantscount.analytics.surveys import assignment, results

from . import survey_factories as factories

# Student (1908), the sleep data as R ships it: extra hours of sleep with two drugs
# for the same ten patients.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
SLEEP_DIFFERENCES = [b - a for a, b in zip(SLEEP_1, SLEEP_2, strict=True)]

GOOD, DEPENDS, DONT_KNOW, BAD = (
    Acceptance.GOOD,
    Acceptance.DEPENDS,
    Acceptance.DONT_KNOW,
    Acceptance.BAD,
)


def test_mean_interval_is_the_t_interval() -> None:
    values = [3.0, 7.0, 9.0, 4.0, 6.0, 8.0, 2.0, 9.0, 5.0, 5.0, 6.0]
    interval = statistics.mean_interval(values)
    assert interval is not None
    low, high = stats.t.interval(
        0.95, len(values) - 1, loc=sum(values) / len(values), scale=stats.sem(values)
    )
    assert interval.estimate == pytest.approx(sum(values) / len(values))
    assert interval.low == pytest.approx(low)
    assert interval.high == pytest.approx(high)
    assert interval.n == 11


def test_mean_interval_matches_the_textbook_paired_sleep_example() -> None:
    # R: t.test(extra ~ group, data = sleep, paired = TRUE): mean difference 1.58,
    # 95 percent confidence interval 0.7001142 to 2.4598858.
    interval = statistics.mean_interval(SLEEP_DIFFERENCES)
    assert interval is not None
    assert interval.estimate == pytest.approx(1.58)
    assert interval.low == pytest.approx(0.7001142, abs=1e-6)
    assert interval.high == pytest.approx(2.4598858, abs=1e-6)


def test_welch_interval_matches_scipy_and_the_textbook_sleep_example() -> None:
    # R: t.test(extra ~ group, data = sleep) (Welch): t = -1.8608, df = 17.776,
    # p-value = 0.07939, 95 percent CI -3.3654832 to 0.2054832.
    interval = statistics.welch_difference(SLEEP_1, SLEEP_2)
    assert interval is not None
    assert interval.estimate == pytest.approx(-1.58)
    assert interval.low == pytest.approx(-3.3654832, abs=1e-6)
    assert interval.high == pytest.approx(0.2054832, abs=1e-6)
    assert interval.p_value == pytest.approx(0.07939, abs=1e-5)
    reference = stats.ttest_ind(SLEEP_1, SLEEP_2, equal_var=False)
    assert interval.p_value == pytest.approx(reference.pvalue)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, Wilson method.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(
    successes: int, n: int, low: float, high: float
) -> None:
    interval = statistics.wilson_interval(successes, n)
    assert interval is not None
    assert interval.low == pytest.approx(low, abs=5e-5)
    assert interval.high == pytest.approx(high, abs=5e-5)
    assert interval.estimate == pytest.approx(successes / n)


def test_wilson_interval_is_scipys_on_known_data() -> None:
    interval = statistics.wilson_interval(37, 52)
    assert interval is not None
    reference = stats.binomtest(37, 52).proportion_ci(method="wilson")
    assert (interval.low, interval.high) == (reference.low, reference.high)
    # Not the Wald interval, which would be symmetric around the share.
    assert not math.isclose(0.7115 - interval.low, interval.high - 0.7115, abs_tol=1e-4)


def test_too_small_samples_have_no_interval() -> None:
    assert statistics.mean_interval([5.0]) is None
    assert statistics.welch_difference([1.0, 2.0], [3.0]) is None
    assert statistics.wilson_interval(0, 0) is None


@pytest.mark.parametrize(
    ("answers", "index"),
    [
        ((GOOD, GOOD, GOOD), 9),
        ((GOOD, DEPENDS, BAD), 4),
        ((DONT_KNOW, DEPENDS, DONT_KNOW), 3),
        ((BAD, BAD, BAD), 0),
        ((GOOD, GOOD, ""), None),
        (("", "", ""), None),
    ],
)
def test_migrant_acceptance_index_scores_as_gallup(
    answers: tuple[str, str, str], index: int | None
) -> None:
    living, neighbour, relative = answers
    response = SurveyResponse(living=living, neighbour=neighbour, relative=relative)
    assert response.acceptance_index == index


@pytest.mark.parametrize("percent", [50, 30, 85])
def test_random_assignment_is_balanced_over_10000_respondents(percent: int) -> None:
    wave = SurveyWave(treatment=SurveyWave.Treatment.STORY, treatment_percent=percent)
    draws = [assignment.assign_arm(wave) for _ in range(10_000)]
    campaign = draws.count(SurveyResponse.Arm.CAMPAIGN)
    assert campaign + draws.count(SurveyResponse.Arm.PLACEBO) == 10_000
    # Within 0.02 of the configured share (4.4 standard errors at 50 %), and no
    # evidence against it at the 0.1 % level.
    assert abs(campaign / 10_000 - percent / 100) < 0.02
    assert stats.binomtest(campaign, 10_000, percent / 100).pvalue > 0.001


def test_assignment_follows_the_ratio_with_a_seeded_generator() -> None:
    wave = SurveyWave(treatment=SurveyWave.Treatment.DATA_FACT, treatment_percent=20)
    rng = random.Random(2026)
    draws = [assignment.assign_arm(wave, rng=rng) for _ in range(10_000)]
    assert draws.count(SurveyResponse.Arm.CAMPAIGN) == pytest.approx(2000, abs=160)


def test_no_experiment_assigns_nobody() -> None:
    wave = SurveyWave(treatment=SurveyWave.Treatment.NONE)
    assert {assignment.assign_arm(wave) for _ in range(100)} == {
        SurveyResponse.Arm.NONE
    }


@pytest.mark.django_db
def test_groups_below_ten_responses_are_suppressed() -> None:
    wave = factories.wave()
    rows = factories.responses(wave, factories.random_answers(9, seed=1))
    small = results.group("x", "x", rows)
    assert small.is_suppressed and small.index is None and small.items == []
    rows += factories.responses(wave, factories.random_answers(1, seed=2))
    shown = results.group("x", "x", rows)
    assert not shown.is_suppressed
    assert shown.index is not None and shown.index.n == 10
    values = [row.acceptance_index for row in rows]
    reference = statistics.mean_interval([float(v) for v in values if v is not None])
    assert shown.index == reference
    good = sum(1 for row in rows if row.living == GOOD)
    assert shown.items[0].good == statistics.wilson_interval(good, 10)
