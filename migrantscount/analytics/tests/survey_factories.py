"""Factories for the perception surveys' models."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from migrantscount.analytics.models.surveys import (
    Acceptance,
    SurveyResponse,
    SurveyWave,
    SurveyWaveText,
)
from migrantscount.profiles.tests.factories import CountryFactory


class SurveyWaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyWave
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Wave {n}")
    slug = factory.Sequence(lambda n: f"wave-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = None

    @factory.post_generation
    def audience(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.countries.set(extracted or [CountryFactory.create(iso3="COL")])

    @factory.post_generation
    def with_texts(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            for code in ("en", "es", "fr", "pt"):
                SurveyWaveText.objects.create(
                    wave=self,
                    language=code,
                    title=f"Survey ({code})",
                    intro=f"Introduction ({code})",
                    placebo=f"A neutral text about the weather ({code}).",
                )


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    wave = factory.SubFactory(SurveyWaveFactory)
    arm = SurveyResponse.Arm.NONE
    language = "es"
    submitted_on = factory.LazyFunction(timezone.localdate)
    living = Acceptance.GOOD
    neighbour = Acceptance.GOOD
    relative = Acceptance.GOOD


def responses(
    wave: SurveyWave, answers: list[tuple[str, str, str]], **fields: Any
) -> list[SurveyResponse]:
    return [
        SurveyResponseFactory.create(
            wave=wave, living=living, neighbour=neighbour, relative=relative, **fields
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
