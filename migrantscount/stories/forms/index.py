"""The public story index's filters."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import geo
from ..models import Submission
from .base import PlainForm, language_choices, sdg_choices


class StoryFilterForm(PlainForm):
    """Filters of the public story index (GET); invalid values are ignored."""

    q = forms.CharField(label=_("Search the stories"), max_length=100, required=False)
    origin = forms.ChoiceField(label=_("Country of origin"), required=False)
    destination = forms.ChoiceField(label=_("Country of residence"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    sdg = forms.ChoiceField(label=_("Sustainable Development Goal"), required=False)
    language = forms.ChoiceField(label=_("Original language"), required=False)

    def __init__(
        self, *args: Any, origins: list[str], destinations: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The fields given choices here are all ChoiceFields.
        fields = cast(dict[str, forms.ChoiceField], self.fields)
        anywhere = ("", _("Any country"))
        names = dict(geo.country_choices())
        for field, codes in (("origin", origins), ("destination", destinations)):
            fields[field].choices = [
                anywhere,
                *sorted(
                    ((code, names.get(code, code)) for code in codes),
                    key=lambda item: item[1].casefold(),
                ),
            ]
        fields["sector"].choices = [
            ("", _("Any sector")),
            *Submission.Sector.choices,
        ]
        fields["sdg"].choices = [("", _("Any goal")), *sdg_choices()]
        fields["language"].choices = language_choices()
