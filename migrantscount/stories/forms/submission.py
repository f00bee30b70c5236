"""The public story form and its staff variant (recorded on someone's behalf)."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .. import geo, text
from ..models import ConsentText, Submission
from ..photos import PhotoError, process_photo
from ..services.submissions import StoryInput
from .base import PlainForm, sdg_choices

TITLE_MAX = 150
TEXT_MIN = 20
TEXT_MAX = 10_000
NAME_MAX = 60
OCCUPATION_MAX = 100
GUARDIAN_MAX = 100
CONTACT_MAX = 254
PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,24}$")


def _country_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("Choose a country")), *geo.country_choices()]


def _sanitized(value: str, *, maximum: int, multiline: bool = False) -> str:
    try:
        cleaned = text.sanitize(value, multiline=multiline)
    except text.UncleanableText as error:
        raise ValidationError(
            _("Please write plain text, without HTML or code."), code="markup"
        ) from error
    if len(cleaned) > maximum:
        raise ValidationError(
            _("Please shorten this to %(maximum)s characters or fewer."),
            code="max_length",
            params={"maximum": maximum},
        )
    return cleaned


class SubmissionForm(PlainForm):
    title = forms.CharField(label=_("Title of your story"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("Your story"),
        help_text=_(
            "Tell us about your journey, your work and what you bring to your new "
            "home and to the one you left. Between 20 and 10,000 characters."
        ),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    name = forms.CharField(
        label=_("First name or pseudonym"),
        help_text=_("Leave empty to stay anonymous."),
        max_length=NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    age_bracket = forms.ChoiceField(
        label=_("Your age"),
        choices=[("", _("Choose your age group")), *Submission.AgeBracket.choices],
    )
    guardian_name = forms.CharField(
        label=_("Name of your parent or guardian"),
        help_text=_("Needed if you are under 18."),
        max_length=GUARDIAN_MAX,
        required=False,
    )
    has_guardian_consent = forms.BooleanField(
        label=_(
            "I am the parent or guardian of the person under 18 and I agree to "
            "this story being shared as chosen below."
        ),
        required=False,
    )
    origin_country = forms.ChoiceField(
        label=_("Country of origin"), choices=_country_choices
    )
    residence_country = forms.ChoiceField(
        label=_("Country where you live now"), choices=_country_choices
    )
    sector = forms.ChoiceField(
        label=_("Sector you work in"),
        choices=[("", _("Choose a sector")), *Submission.Sector.choices],
    )
    occupation = forms.CharField(
        label=_("Occupation"),
        help_text=_("For example: nurse, baker, software developer."),
        max_length=OCCUPATION_MAX,
        required=False,
    )
    sdgs = forms.MultipleChoiceField(
        label=_("Which Sustainable Development Goals does your story touch?"),
        choices=sdg_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.FileField(
        label=_("A photo (optional)"),
        help_text=_(
            "JPEG, PNG or WebP, up to 10 MB. We remove its location and other hidden "
            "information."
        ),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    contact = forms.CharField(
        label=_("E-mail or phone (optional)"),
        help_text=_(
            "Only to ask you about your story. Never published, deleted after a "
            "decision."
        ),
        max_length=CONTACT_MAX,
        required=False,
    )
    name_display = forms.ChoiceField(
        label=_("If we publish your story, show"),
        choices=Submission.NameDisplay.choices,
        initial=Submission.NameDisplay.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    allows_website = forms.BooleanField(
        label=_("Yes, publish my story on this website"), required=False
    )
    allows_social = forms.BooleanField(
        label=_("Yes, share my story on social networks"), required=False
    )
    allows_press = forms.BooleanField(
        label=_("Yes, my story may be quoted to journalists"), required=False
    )
    allows_interview = forms.BooleanField(
        label=_("Yes, you may invite me to a live interview"), required=False
    )
    allows_photo = forms.BooleanField(
        label=_("Yes, show my photo with my story"), required=False
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)
    consent_given = forms.BooleanField(
        label=_("I have read the text above and I agree to it."),
        error_messages={
            "required": _("Please confirm that you agree, or do not send the form.")
        },
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    consent_fields = (
        "allows_website",
        "allows_social",
        "allows_press",
        "allows_interview",
        "allows_photo",
        "name_display",
    )

    def __init__(self, *args: Any, consent_text: ConsentText, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["consent_version"].initial = consent_text.version
        # For the size check before sending (stories/upload-size.js): the same
        # settings that clean_photo and the body cap (core.front) enforce.
        self.fields["photo"].widget.attrs["data-max-bytes"] = str(
            settings.STORIES_MAX_PHOTO_BYTES
        )
        self.max_request_bytes = int(settings.MIGRANTSCOUNT_MAX_REQUEST_BYTES)

    def clean_title(self) -> str:
        return self._required_plain("title", maximum=TITLE_MAX)

    def clean_text(self) -> str:
        value = self._required_plain("text", maximum=TEXT_MAX, multiline=True)
        if len(value) < TEXT_MIN:
            raise ValidationError(
                _("Please tell us a little more (at least %(minimum)s characters)."),
                code="min_length",
                params={"minimum": TEXT_MIN},
            )
        return value

    def clean_name(self) -> str:
        return _sanitized(self.cleaned_data["name"], maximum=NAME_MAX)

    def clean_guardian_name(self) -> str:
        return _sanitized(self.cleaned_data["guardian_name"], maximum=GUARDIAN_MAX)

    def clean_occupation(self) -> str:
        return _sanitized(self.cleaned_data["occupation"], maximum=OCCUPATION_MAX)

    def clean_contact(self) -> str:
        value = " ".join(self.cleaned_data["contact"].split())
        if not value:
            return ""
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError as error:
                raise ValidationError(
                    _("Please enter a valid e-mail address or phone number."),
                    code="contact",
                ) from error
            return value
        digits = sum(character.isdigit() for character in value)
        if not PHONE.match(value) or digits < 6:
            raise ValidationError(
                _("Please enter a valid e-mail address or phone number."),
                code="contact",
            )
        return value

    def clean_photo(self) -> object:
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return process_photo(upload, size=upload.size)
        except PhotoError as error:
            raise ValidationError(str(error), code="photo") from error

    def clean_consent_version(self) -> int:
        version = self.cleaned_data["consent_version"]
        if version != self.consent_text.version:
            raise ValidationError(
                _(
                    "The consent text changed while you were writing. Please read "
                    "it again and confirm."
                ),
                code="consent_version",
            )
        return version

    def clean_homepage(self) -> str:
        if self.cleaned_data["homepage"]:
            raise ValidationError(
                _("We could not accept this form. Please leave the last field empty."),
                code="honeypot",
            )
        return ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("age_bracket") == Submission.AgeBracket.UNDER_18:
            if not cleaned.get("guardian_name"):
                self.add_error(
                    "guardian_name",
                    _("A parent or guardian must give their name for anyone under 18."),
                )
            if not cleaned.get("has_guardian_consent"):
                self.add_error(
                    "has_guardian_consent",
                    _("A parent or guardian must agree for anyone under 18."),
                )
        display = cleaned.get("name_display")
        if display and display != Submission.NameDisplay.ANONYMOUS:
            if "name" in cleaned and not cleaned["name"]:
                self.add_error(
                    "name",
                    _("Give a first name or pseudonym, or choose to stay anonymous."),
                )
        return cleaned

    def _required_plain(
        self, name: str, *, maximum: int, multiline: bool = False
    ) -> str:
        value = _sanitized(
            self.cleaned_data[name], maximum=maximum, multiline=multiline
        )
        if not value:
            raise ValidationError(
                _("Please write this in plain text; HTML and code are removed."),
                code="required",
            )
        return value

    def story_input(self) -> StoryInput:
        data = self.cleaned_data
        is_minor = data["age_bracket"] == Submission.AgeBracket.UNDER_18
        return StoryInput(
            title=data["title"],
            text=data["text"],
            name=data["name"],
            age_bracket=data["age_bracket"],
            origin_country=data["origin_country"],
            residence_country=data["residence_country"],
            sector=data["sector"],
            occupation=data["occupation"],
            contact=data["contact"],
            guardian_name=data["guardian_name"] if is_minor else "",
            has_guardian_consent=is_minor and data["has_guardian_consent"],
            sdgs=[int(number) for number in data["sdgs"]],
            photo=data["photo"],
            consent_text=self.consent_text,
            name_display=data["name_display"],
            allows_website=data["allows_website"],
            allows_social=data["allows_social"],
            allows_press=data["allows_press"],
            allows_interview=data["allows_interview"],
            allows_photo=data["allows_photo"] and data["photo"] is not None,
        )


class OnBehalfForm(SubmissionForm):
    """Staff recording a story told to them; the person's consent is stated."""

    consent_method = forms.ChoiceField(
        label=_("How the person gave consent"),
        choices=[
            choice
            for choice in Submission.ConsentMethod.choices
            if choice[0] != Submission.ConsentMethod.ONLINE
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["homepage"]
        self.fields["consent_given"].label = _(
            "The person (or their guardian) read or heard the consent text above in "
            "their language and agreed to the uses ticked."
        )
        self.fields["has_guardian_consent"].label = _(
            "The parent or guardian of the person under 18 agreed."
        )
