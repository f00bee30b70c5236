"""Rows for the perception survey tests: waves with texts, responses."""

from __future__ import annotations

import itertools
import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from migrantscount.analytics.models.surveys import (
    Acceptance,
    SurveyResponse,
    SurveyWave,
    SurveyWaveText,
)
from migrantscount.data.models import Country
from migrantscount.profiles.tests.factories import CountryFactory

_numbers = itertools.count(1)


def country(iso3: str = "COL") -> Country:
    names = {"COL": "Colombia", "MEX": "Mexico", "CHL": "Chile", "BRA": "Brazil"}
    name = names.get(iso3, iso3)
    row: Country = CountryFactory.create(
        iso3=iso3,
        iso2=iso3[:2],
        name_en=name,
        name_es=name,
        name_fr=name,
        name_pt=name,
    )
    return row


def wave(
    *, countries: list[Country] | None = None, texts: bool = True, **values: Any
) -> SurveyWave:
    number = next(_numbers)
    fields: dict[str, Any] = {
        "name": f"Wave {number}",
        "slug": f"wave-{number}",
        "opens_at": timezone.now() - timedelta(days=1),
    }
    fields.update(values)
    row = SurveyWave(**fields)
    row.full_clean(exclude=["countries"])
    row.save()
    row.countries.set(countries or [country()])
    if texts:
        for code in ("en", "es", "fr", "pt"):
            SurveyWaveText.objects.create(
                wave=row,
                language=code,
                title=f"Survey ({code})",
                intro=f"Introduction ({code})",
                placebo=f"A neutral text about the weather ({code}).",
            )
    return row


def response(survey: SurveyWave, **values: Any) -> SurveyResponse:
    fields: dict[str, Any] = {
        "wave": survey,
        "arm": SurveyResponse.Arm.NONE,
        "language": "es",
        "submitted_on": timezone.localdate(),
        "living": Acceptance.GOOD,
        "neighbour": Acceptance.GOOD,
        "relative": Acceptance.GOOD,
    }
    fields.update(values)
    return SurveyResponse.objects.create(**fields)


def responses(
    survey: SurveyWave, answers: list[tuple[str, str, str]], **values: Any
) -> list[SurveyResponse]:
    return [
        response(
            survey, living=living, neighbour=neighbour, relative=relative, **values
        )
        for living, neighbour, relative in answers
    ]


def random_answers(count: int, seed: int) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    choices = [choice.value for choice in Acceptance]
    return [
        (rng.choice(choices), rng.choice(choices), rng.choice(choices))
        for _ in range(count)
    ]
