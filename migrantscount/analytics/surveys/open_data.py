"""Closed waves as open data: the questionnaire, the method, the results and the
anonymous responses.

A response is published with its arm, language and answers. Its country of residence
and age bracket are published only where at least `MIN_CELL` responses of the wave
share that combination (blank otherwise), so a rare combination cannot single anyone
out; the day it was sent is never published.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import translation

from migrantscount.core.lib.languages import language_codes
from migrantscount.stories import geo

from ..models.surveys import (
    ACCEPTANCE_ITEMS,
    ACCEPTANCE_POINTS,
    SurveyWave,
)
from ..statistics import MIN_CELL, Interval
from . import questionnaire
from .results import (
    DESIGN_BEFORE_AFTER,
    DESIGN_DESCRIPTIVE,
    DESIGN_RANDOMISED,
    SAMPLE,
    SIMULATED,
    Group,
    WaveResults,
    wave_results,
)


def _in_languages(text: Any) -> dict[str, str]:
    texts = {}
    for code in language_codes():
        with translation.override(code):
            texts[code] = str(text)
    return texts


def method() -> dict[str, Any]:
    return {
        "index": {
            "name": "Migrant Acceptance Index",
            "citation": questionnaire.GALLUP_CITATION,
            "url": questionnaire.GALLUP_URL,
            "scoring": {
                str(answer): points for answer, points in ACCEPTANCE_POINTS.items()
            },
            "range": [0, 9],
            "missing_item": "no index",
            "description": _in_languages(questionnaire.SCORING),
        },
        "intervals": {
            "mean": "Student's t, 95% (scipy.stats.ttest_1samp)",
            "share": "Wilson score, 95% (scipy.stats.binomtest proportion_ci)",
            "difference": "Welch's t, 95% (scipy.stats.ttest_ind, equal_var=False)",
        },
        "suppression": f"groups of fewer than {MIN_CELL} responses: counts only",
        "sample": _in_languages(SAMPLE),
        "design": {
            "within_wave": _in_languages(DESIGN_RANDOMISED),
            "between_waves": _in_languages(DESIGN_BEFORE_AFTER),
            "no_experiment": _in_languages(DESIGN_DESCRIPTIVE),
        },
    }


def questionnaire_of(wave: SurveyWave) -> dict[str, Any]:
    texts = {text.language: text for text in wave.texts.all()}
    return {
        "acceptance_intro": _in_languages(questionnaire.ACCEPTANCE_INTRO),
        "acceptance_items": {
            item: _in_languages(questionnaire.ACCEPTANCE_PROMPTS[item])
            for item in ACCEPTANCE_ITEMS
        },
        "acceptance_answers": [answer.value for answer in ACCEPTANCE_POINTS],
        "misperception_item": {
            code: _misperception_text(wave, code) for code in language_codes()
        },
        "campaign_items": {
            str(item.key): {code: item.statement(code) for code in language_codes()}
            for item in wave.campaign_items.all()
        },
        "campaign_item_answers": "1 strongly disagree ... 5 strongly agree",
        "neutral_text": {code: str(text.placebo) for code, text in texts.items()},
    }


def _misperception_text(wave: SurveyWave, language: str) -> str:
    countries = list(wave.countries.all())
    name = (
        geo.country_name(countries[0].iso3, language) if len(countries) == 1 else None
    )
    with translation.override(language):
        return questionnaire.misperception_prompt(name)


def _interval(interval: Interval | None) -> dict[str, Any] | None:
    if interval is None:
        return None
    record: dict[str, Any] = {
        "estimate": round(interval.estimate, 4),
        "low": round(interval.low, 4),
        "high": round(interval.high, 4),
        "n": interval.n,
    }
    if interval.p_value is not None:
        record["p_value"] = round(interval.p_value, 4)
    return record


def _group(group: Group | None) -> dict[str, Any] | None:
    if group is None:
        return None
    return {
        "responses": group.responses,
        "suppressed": group.is_suppressed,
        "index": _interval(group.index),
        "good_thing_share": {item.item: _interval(item.good) for item in group.items},
    }


def results_record(outcome: WaveResults) -> dict[str, Any]:
    return {
        "responses": outcome.responses,
        "all": _group(outcome.overall),
        "arms": {group.key: _group(group) for group in outcome.arms},
        "difference_campaign_minus_placebo": _interval(outcome.difference),
        "change_since_previous_wave": _interval(outcome.change),
        "previous_wave_comparison_group": _group(outcome.comparison_before),
        "this_wave_comparison_group": _group(outcome.comparison_now),
        "misperception": {
            gap.country: {
                "responses": gap.responses,
                "suppressed": gap.is_suppressed,
                "official_percent": gap.official.value,
                "official_year": gap.official.year,
                "official_source": gap.official.source_line,
                "median_estimate": gap.median_estimate,
                "median_gap": gap.median_gap,
            }
            for gap in outcome.gaps
        },
        "by_country": {group.key: _group(group) for group in outcome.countries},
        "campaign_items": {
            item.key: {
                "responses": item.responses,
                "agree_share": _interval(item.agree),
            }
            for item in outcome.campaign_items
        },
    }


def wave_record(wave: SurveyWave, *, urls: dict[str, str]) -> dict[str, Any]:
    outcome = wave_results(wave, language=translation.get_language() or "en")
    notes = [str(note) for note in outcome.notes()]
    return {
        "slug": wave.slug,
        "name": wave.name,
        "kind": wave.kind,
        "is_simulated": wave.is_simulated,
        "simulated_note": str(SIMULATED) if wave.is_simulated else "",
        "opens_at": wave.opens_at.isoformat(),
        "closes_at": wave.closes_at.isoformat() if wave.closes_at else None,
        "languages": wave.language_list,
        "countries": sorted(country.iso3 for country in wave.countries.all()),
        "previous_wave": wave.previous_wave.slug if wave.previous_wave else None,
        "experiment": {
            "treatment": wave.treatment,
            "percent_assigned_to_campaign_item": wave.treatment_percent
            if wave.has_experiment
            else 0,
        },
        "notes": notes,
        "questionnaire": questionnaire_of(wave),
        "results": results_record(outcome),
        "links": urls,
    }


def response_records(wave: SurveyWave) -> list[dict[str, Any]]:
    rows = list(wave.responses.order_by("pk"))
    combinations = Counter((row.country, row.age_bracket) for row in rows)
    records = []
    for number, row in enumerate(rows, start=1):
        shown = combinations[(row.country, row.age_bracket)] >= MIN_CELL
        records.append(
            {
                "number": number,
                "is_simulated": row.is_simulated,
                "arm": row.arm,
                "campaign_item_shown": row.shown_campaign_item,
                "language": row.language,
                **{item: row.item_answers()[item] for item in ACCEPTANCE_ITEMS},
                "acceptance_index": row.acceptance_index,
                "perceived_percent": row.perceived_percent,
                "perceived_country": row.perceived_country,
                **{
                    f"campaign_{key}": value
                    for key, value in sorted(row.campaign_answers.items())
                },
                "country": row.country if shown else "",
                "age_bracket": row.age_bracket if shown else "",
            }
        )
    return records
