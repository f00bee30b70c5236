"""Demo: a closed example baseline wave with simulated responses (marked simulated
on the wave and on every response, and labelled wherever they are shown), and an
open follow-up wave without a closing date, where real answers arrive; the home
page of every language links to it (section "survey", see public.py)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from migrantscount.data.models import Country
from migrantscount.pages.demo import DemoStepNotReady, register_demo_step
from migrantscount.stories.models import Story

from ..models.surveys import (
    ACCEPTANCE_ITEMS,
    Acceptance,
    CampaignItem,
    SurveyResponse,
    SurveyWave,
    SurveyWaveText,
)

BASELINE_SLUG = "example-baseline"
FOLLOW_UP_SLUG = "follow-up"
AUDIENCE = ("COL", "MEX", "CHL", "PER", "BRA", "CAN", "USA")
EXAMPLE_STORY = "example-bakery-bogota"
SIMULATED_RESPONSES = 480
SEED = 20

PLACEBO = {
    "en": "The potato was first grown in the Andes, around Lake Titicaca, thousands "
    "of years ago. Today there are more than four thousand varieties, and Peru keeps "
    "a gene bank where many of them are stored.",
    "es": "La papa se cultivó por primera vez en los Andes, alrededor del lago "
    "Titicaca, hace miles de años. Hoy existen más de cuatro mil variedades, y el "
    "Perú mantiene un banco de germoplasma donde se conservan muchas de ellas.",
    "fr": "La pomme de terre a d'abord été cultivée dans les Andes, autour du lac "
    "Titicaca, il y a des milliers d'années. Il en existe aujourd'hui plus de quatre "
    "mille variétés, et le Pérou conserve nombre d'entre elles dans une banque de "
    "gènes.",
    "pt": "A batata foi cultivada pela primeira vez nos Andes, em torno do lago "
    "Titicaca, há milhares de anos. Hoje existem mais de quatro mil variedades, e o "
    "Peru mantém um banco genético onde muitas delas são conservadas.",
}
BASELINE_TEXTS = {
    "en": (
        "Example: how do we see migrants? (baseline, simulated answers)",
        "Demonstration survey: its answers are simulated, not real.",
    ),
    "es": (
        "Ejemplo: ¿cómo vemos a las personas migrantes? (línea de base, respuestas "
        "simuladas)",
        "Encuesta de demostración: sus respuestas son simuladas, no reales.",
    ),
    "fr": (
        "Exemple : comment voyons-nous les personnes migrantes ? (référence, "
        "réponses simulées)",
        "Enquête de démonstration : ses réponses sont simulées, pas réelles.",
    ),
    "pt": (
        "Exemplo: como vemos as pessoas migrantes? (linha de base, respostas "
        "simuladas)",
        "Pesquisa de demonstração: suas respostas são simuladas, não reais.",
    ),
}
FOLLOW_UP_TEXTS = {
    "en": (
        "How do we see migrants?",
        "Four short questions, about three minutes. Anonymous: no name, no cookie.",
    ),
    "es": (
        "¿Cómo vemos a las personas migrantes?",
        "Cuatro preguntas breves, unos tres minutos. Anónima: sin nombre ni cookies.",
    ),
    "fr": (
        "Comment voyons-nous les personnes migrantes ?",
        "Quatre questions courtes, environ trois minutes. Anonyme : ni nom ni cookie.",
    ),
    "pt": (
        "Como vemos as pessoas migrantes?",
        "Quatro perguntas curtas, cerca de três minutos. Anônima: sem nome nem cookies.",
    ),
}
CAMPAIGN_ITEM = {
    "key": "contribute",
    "statement_en": "Migrants contribute to the economy of the country where they live.",
    "statement_es": "Las personas migrantes contribuyen a la economía del país donde "
    "viven.",
    "statement_fr": "Les personnes migrantes contribuent à l'économie du pays où "
    "elles vivent.",
    "statement_pt": "As pessoas migrantes contribuem para a economia do país onde "
    "vivem.",
}


def _wave(
    slug: str,
    *,
    texts: dict[str, tuple[str, str]],
    countries: list[Country],
    story: Story | None,
    **fields: object,
) -> tuple[SurveyWave, bool]:
    existing = SurveyWave.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    wave = SurveyWave(
        slug=slug,
        treatment=SurveyWave.Treatment.STORY if story else SurveyWave.Treatment.NONE,
        treatment_story=story,
        treatment_percent=50,
        **fields,
    )
    wave.full_clean(exclude=["countries"])
    wave.save()
    wave.countries.set(countries)
    for language, (title, intro) in texts.items():
        SurveyWaveText.objects.create(
            wave=wave,
            language=language,
            title=title,
            intro=intro,
            placebo=PLACEBO[language],
        )
    CampaignItem.objects.create(wave=wave, **CAMPAIGN_ITEM)
    return wave, True


def _answer(rng: random.Random, good: float) -> str:
    draw = rng.random()
    if draw < good:
        return Acceptance.GOOD
    if draw < good + 0.2:
        return Acceptance.DEPENDS
    if draw < good + 0.3:
        return Acceptance.DONT_KNOW
    return Acceptance.BAD


def simulated_responses(
    wave: SurveyWave, count: int, *, seed: int = SEED
) -> list[SurveyResponse]:
    """Made-up answers: the campaign arm a little more accepting, estimates of the
    share born abroad well above the official ones (as surveys usually find)."""
    rng = random.Random(seed)  # noqa: S311  (reproducible made-up data)
    countries = [country.iso3 for country in wave.countries.all()]
    ages = [choice.value for choice in SurveyResponse.AgeBracket]
    languages = wave.language_list
    rows = []
    for _number in range(count):
        arm = (
            SurveyResponse.Arm.CAMPAIGN
            if rng.random() < wave.treatment_percent / 100
            else SurveyResponse.Arm.PLACEBO
        )
        good = 0.5 if arm == SurveyResponse.Arm.CAMPAIGN else 0.42
        proximity = dict(
            zip(ACCEPTANCE_ITEMS, (good + 0.08, good, good - 0.08), strict=True)
        )
        country = rng.choice(countries)
        rows.append(
            SurveyResponse(
                wave=wave,
                arm=arm,
                assigned_percent=wave.treatment_percent,
                shown_campaign_item=arm == SurveyResponse.Arm.CAMPAIGN,
                language=rng.choice(languages),
                submitted_on=(wave.closes_at or timezone.now()).date()
                - timedelta(days=rng.randrange(1, 28)),
                **{item: _answer(rng, share) for item, share in proximity.items()},
                perceived_percent=min(100, max(0, round(rng.gauss(22, 10)))),
                perceived_country=country,
                campaign_answers={"contribute": rng.choice([2, 3, 4, 4, 5])},
                country=country if rng.random() < 0.85 else "",
                age_bracket=rng.choice(ages) if rng.random() < 0.8 else "",
                is_simulated=True,
            )
        )
    return SurveyResponse.objects.bulk_create(rows)


@register_demo_step
@transaction.atomic
def example_survey_waves() -> str:
    countries = list(Country.objects.filter(iso3__in=AUDIENCE))
    if not countries:
        raise DemoStepNotReady(
            "Perception surveys: no countries yet (run `manage.py "
            "load_reference_data` first)."
        )
    story = Story.objects.filter(slug=EXAMPLE_STORY, live=True).order_by("pk").first()
    if story is None:
        # The experiment shows the example story; the stories' own step makes it.
        raise DemoStepNotReady(
            "Perception surveys: the example story is not published yet."
        )
    now = timezone.now()
    baseline, created = _wave(
        BASELINE_SLUG,
        texts=BASELINE_TEXTS,
        countries=countries,
        story=story,
        name="Example: baseline perception survey (simulated)",
        kind=SurveyWave.Kind.BASELINE,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        is_simulated=True,
    )
    if created:
        simulated_responses(baseline, SIMULATED_RESPONSES)
    follow_up, _created = _wave(
        FOLLOW_UP_SLUG,
        texts=FOLLOW_UP_TEXTS,
        countries=countries,
        story=story,
        name="Follow-up perception survey",
        kind=SurveyWave.Kind.FOLLOW_UP,
        previous_wave=baseline,
        opens_at=now - timedelta(minutes=1),
        closes_at=None,
    )
    return (
        f"Perception surveys: {baseline.name} ({baseline.responses.count()} "
        f"simulated responses, closed), {follow_up.name} (open, no closing date)."
    )
