"""The public survey form: choices only, so nothing a respondent types is stored."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from migrantscount.stories import geo

from ..models.surveys import (
    ACCEPTANCE_ITEMS,
    Acceptance,
    Agreement,
    SurveyResponse,
    SurveyWave,
)
from .questionnaire import ACCEPTANCE_PROMPTS, misperception_prompt
from .services import Sheet

OTHER_COUNTRY = "other"


class SurveyForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    living = forms.ChoiceField(
        label=cast(str, ACCEPTANCE_PROMPTS["living"]),
        choices=Acceptance.choices,
        widget=forms.RadioSelect,
    )
    neighbour = forms.ChoiceField(
        label=cast(str, ACCEPTANCE_PROMPTS["neighbour"]),
        choices=Acceptance.choices,
        widget=forms.RadioSelect,
    )
    relative = forms.ChoiceField(
        label=cast(str, ACCEPTANCE_PROMPTS["relative"]),
        choices=Acceptance.choices,
        widget=forms.RadioSelect,
    )
    perceived_percent = forms.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("A whole number from 0 to 100. You may leave it empty."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    country = forms.ChoiceField(label=_("Where do you live?"), required=False)
    age_bracket = forms.ChoiceField(
        label=_("How old are you?"),
        required=False,
        choices=[("", _("I prefer not to say")), *SurveyResponse.AgeBracket.choices],
    )
    consent = forms.BooleanField(
        label=_("I am 18 or older and I agree to answer on these terms."),
        error_messages={"required": _("Please confirm, or do not send the form.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    error_messages = {
        "required": _("Please choose an answer (“Don't know” is one)."),
    }

    def __init__(
        self, *args: Any, wave: SurveyWave, language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.wave = wave
        self.language = language
        for item in ACCEPTANCE_ITEMS:
            self.fields[item].error_messages["required"] = self.error_messages[
                "required"
            ]
            self.fields[item].error_messages["invalid_choice"] = _(
                "Please choose one of the answers shown."
            )
        self.audience = {
            country.iso3: geo.country_name(country.iso3, language)
            for country in wave.countries.all()
        }
        self.single_country = (
            next(iter(self.audience)) if len(self.audience) == 1 else ""
        )
        country_field = cast(forms.ChoiceField, self.fields["country"])
        country_field.choices = [
            ("", _("I prefer not to say")),
            *sorted(self.audience.items(), key=lambda pair: pair[1]),
            (OTHER_COUNTRY, _("Another country")),
        ]
        self.fields["perceived_percent"].label = misperception_prompt(
            self.audience.get(self.single_country)
        )
        self.campaign_keys = []
        for item in wave.campaign_items.all():
            name = f"campaign_{item.key}"
            self.fields[name] = forms.TypedChoiceField(
                label=item.statement(language),
                choices=Agreement.choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.campaign_keys.append((name, str(item.key)))

    @property
    def acceptance_fields(self) -> list[forms.BoundField]:
        return [self[item] for item in ACCEPTANCE_ITEMS]

    @property
    def campaign_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _key in self.campaign_keys]

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(
                _("We could not accept this form. Please leave the last field empty."),
                code="honeypot",
            )
        return ""

    def sheet(self) -> Sheet:
        data = self.cleaned_data
        country = data.get("country") or ""
        if country == OTHER_COUNTRY:
            country = ""
        perceived = data.get("perceived_percent")
        # The estimate is about the one audience country, or the respondent's own.
        about = self.single_country or country
        return Sheet(
            living=data["living"],
            neighbour=data["neighbour"],
            relative=data["relative"],
            perceived_percent=perceived,
            perceived_country=about if perceived is not None else "",
            campaign_answers={
                key: data[name]
                for name, key in self.campaign_keys
                if data.get(name) not in (None, "")
            },
            country=country,
            age_bracket=data.get("age_bracket") or "",
        )
