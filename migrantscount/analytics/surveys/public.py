"""The surveys' place in menus and calls to action (pages.sections), and what they
purge from the page cache.

Section "survey": the open wave's form in the reader's language (the newest, if
several are open), or None when none is open in it, so a link to it (the home
pages' call to action) disappears when nothing is open. Any change to a wave, its
texts or items purges the page cache after commit (services.purge_survey_pages).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from migrantscount.pages.sections import register_site_section

from ..models.surveys import CampaignItem, SurveyWave, SurveyWaveText
from . import services


@register_site_section("survey", _("Open perception survey"))
def open_survey_url() -> str | None:
    language = (translation.get_language() or "en").split("-")[0]
    for wave in SurveyWave.objects.open_at().order_by("-opens_at", "-pk"):
        if language in wave.language_list:
            return wave.get_absolute_url()
    return None


def purge_on_change(sender: type, **kwargs: Any) -> None:
    services.purge_survey_pages()


for watched in (SurveyWave, SurveyWaveText, CampaignItem):
    for signal in (post_save, post_delete):
        signal.connect(
            purge_on_change,
            sender=watched,
            dispatch_uid=f"page-cache-surveys-{signal is post_save}-{watched.__name__}",
        )
m2m_changed.connect(
    purge_on_change,
    sender=SurveyWave.countries.through,
    dispatch_uid="page-cache-surveys-countries",
)
