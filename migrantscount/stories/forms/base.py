"""What the stories forms share: plain labels, the goals and languages to choose."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from migrantscount.data.sdgs import GOALS


class PlainForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Labels are sentences; no colon appended.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def sdg_choices() -> list[tuple[str, str]]:
    """The 17 goals with their official UN short titles in the active language."""
    language = (translation.get_language() or "en").split("-")[0]
    column = {"en": 0, "es": 1, "fr": 2, "pt": 3}.get(language, 0)
    return [
        (str(number), f"{number}. {titles[column]}") for number, titles in GOALS.items()
    ]


def language_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("Any language")), *settings.LANGUAGES]
