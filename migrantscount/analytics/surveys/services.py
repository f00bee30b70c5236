"""Recording a sheet, and what a respondent is shown before answering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from migrantscount.core import page_cache
from migrantscount.core.lib.languages import language_codes
from migrantscount.data.models import Country
from migrantscount.profiles import facts
from migrantscount.stories.models import Story

from ..models.surveys import SurveyResponse, SurveyWave
from .protection import FormTicket, SheetRefused, spend_nonce

NOT_IN_LANGUAGE = _("This survey is not offered in this language. Nothing was stored.")
LIMITED = _(
    "Several answer sheets came from your connection today. Nothing more can be "
    "stored from it until tomorrow; thank you for your time."
)


@dataclass(frozen=True)
class Sheet:
    """A respondent's answers, validated by the form."""

    living: str
    neighbour: str
    relative: str
    perceived_percent: int | None = None
    perceived_country: str = ""
    campaign_answers: dict[str, int] = field(default_factory=dict)
    country: str = ""
    age_bracket: str = ""


@dataclass(frozen=True)
class Stimulus:
    """What the form shows before the questions."""

    kind: str  # "story", "data_fact" or "placebo"
    title: str
    paragraphs: list[str]
    source: str = ""
    is_example: bool = False


def _story_in(story: Story, language: str) -> Story | None:
    translations = Story.objects.public().filter(translation_key=story.translation_key)
    return (
        translations.filter(locale__language_code=language).first()
        or translations.filter(locale__language_code=story.original_language).first()
    )


def campaign_item(wave: SurveyWave, language: str) -> Stimulus | None:
    """The wave's story or data fact as published now; None when it is not (any
    more): a withdrawn story or a fact the current data no longer make."""
    if wave.treatment == SurveyWave.Treatment.STORY and wave.treatment_story:
        story = _story_in(wave.treatment_story, language)
        if story is None:
            return None
        return Stimulus(
            kind="story",
            title=str(story.title),
            paragraphs=[f"“{story.quote}”", *story.paragraphs],
            is_example=bool(story.is_example),
        )
    country: Country | None = wave.treatment_fact_country
    if wave.treatment == SurveyWave.Treatment.DATA_FACT and country is not None:
        for fact in facts.country_facts(country, language=language):
            if fact.id == wave.treatment_fact_id:
                return Stimulus(
                    kind="data_fact",
                    title=str(_("A fact from official data")),
                    paragraphs=[fact.text],
                    source=fact.source_line,
                )
    return None


def stimulus_for(wave: SurveyWave, *, arm: str, language: str) -> Stimulus | None:
    """The campaign item for its arm, the neutral text for the other; nothing
    without an experiment. The campaign arm gets the neutral text when its item is
    no longer published (the response records that it was not shown)."""
    if arm == SurveyResponse.Arm.NONE:
        return None
    if arm == SurveyResponse.Arm.CAMPAIGN:
        item = campaign_item(wave, language)
        if item is not None:
            return item
    text = wave.text_for(language)
    placebo = str(text.placebo) if text is not None else ""
    paragraphs = [part.strip() for part in placebo.split("\n\n") if part.strip()]
    return Stimulus(kind="placebo", title="", paragraphs=paragraphs)


def refuse_if_closed(wave: SurveyWave, moment: datetime | None = None) -> None:
    moment = moment or timezone.now()
    if wave.is_closed(moment):
        raise SheetRefused(
            _(
                "This survey closed before your answers arrived, so they were not "
                "stored. Thank you for your time."
            ),
            status=410,
            code="closed",
        )
    if not wave.is_open(moment):
        raise SheetRefused(
            _("This survey is not open yet. Nothing was stored."),
            status=403,
            code="not_open",
        )


@transaction.atomic
def record_response(
    wave: SurveyWave,
    *,
    ticket: FormTicket,
    sheet: Sheet,
    shown_campaign_item: bool,
    is_simulated: bool = False,
) -> SurveyResponse:
    """Store one sheet, once. Refused (SheetRefused, nothing stored) when the wave is
    not open or the form's token was already used."""
    wave = SurveyWave.objects.select_for_update().get(pk=wave.pk)
    refuse_if_closed(wave)
    if ticket.language not in wave.language_list:
        raise SheetRefused(
            NOT_IN_LANGUAGE,
            status=400,
            code="language",
        )
    if not spend_nonce(ticket):
        raise SheetRefused(
            _("These answers were already received; they were not stored twice."),
            status=409,
            code="replay",
        )
    response = SurveyResponse(
        wave=wave,
        arm=ticket.arm,
        assigned_percent=ticket.percent,
        shown_campaign_item=shown_campaign_item,
        language=ticket.language,
        submitted_on=timezone.localdate(),
        living=sheet.living,
        neighbour=sheet.neighbour,
        relative=sheet.relative,
        perceived_percent=sheet.perceived_percent,
        perceived_country=sheet.perceived_country,
        campaign_answers=sheet.campaign_answers,
        country=sheet.country,
        age_bracket=sheet.age_bracket,
        is_simulated=is_simulated,
    )
    response.full_clean()
    response.save()
    return response


def purge_survey_pages() -> None:
    """After commit: a wave's change shows on its pages, the index and the home
    pages' link, in every language."""
    transaction.on_commit(partial(page_cache.purge_everywhere, survey_urls()))


def survey_urls() -> list[str]:
    urls: list[str] = []
    for code in language_codes():
        with translation.override(code):
            urls += [f"/{code}/", reverse("surveys:index")]
            for slug in SurveyWave.objects.values_list("slug", flat=True):
                urls.append(reverse("surveys:results", kwargs={"slug": slug}))
    return [settings.SITE_URL + url for url in urls]
