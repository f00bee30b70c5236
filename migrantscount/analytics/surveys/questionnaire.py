"""The questionnaire's fixed texts (translatable) and the index's citation.

The three acceptance items are Gallup's Migrant Acceptance Index, asked in Gallup's
order of increasing personal proximity. Gallup's interviewers record "it depends" and
"don't know" when volunteered; an online form offers them as answers.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GALLUP_CITATION = (
    "Esipova, N., Fleming, J. & Ray, J. (2017). New Index Shows Least-, "
    "Most-Accepting Countries for Migrants. Gallup, 23 August 2017."
)
GALLUP_URL = (
    "https://news.gallup.com/poll/216377/new-index-shows-least-accepting-countries-"
    "migrants.aspx"
)

ACCEPTANCE_INTRO = _(
    "Some questions about people who have come to live and work in this country from "
    "another country. Do you, personally, think each of the following is a good "
    "thing or a bad thing?"
)
ACCEPTANCE_PROMPTS: dict[str, Promise] = {
    "living": _("Migrants living in this country"),
    "neighbour": _("A migrant becoming your neighbour"),
    "relative": _("A migrant marrying one of your close relatives"),
}
# For chart axes, where the full question does not fit.
ACCEPTANCE_SHORT: dict[str, Promise] = {
    "living": _("Living in the country"),
    "neighbour": _("As a neighbour"),
    "relative": _("Marrying a relative"),
}
SCORING = _(
    "Each answer scores 3 for a good thing, 1 for it depends or don't know and 0 for "
    "a bad thing; the index is their sum, from 0 (least accepting) to 9 (most "
    "accepting). Someone who left an item unanswered has no index."
)


def misperception_prompt(country_name: str | None) -> str:
    if country_name:
        return str(
            _(
                "Out of every 100 people living in %(country)s, how many were born abroad?"
            )
            % {"country": country_name}
        )
    return str(
        _(
            "Out of every 100 people living in the country where you live, how many "
            "were born abroad?"
        )
    )
