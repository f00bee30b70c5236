"""The moderators' forms: the redacted story, the rejection, the queue's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Submission
from .base import PlainForm, language_choices
from .submission import NAME_MAX


class CreateStoryForm(PlainForm):
    """A moderator's redacted public version of a submission."""

    title = forms.CharField(label=_("Public title"), max_length=150)
    quote = forms.CharField(
        label=_("Quote"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences for the card and the page header."),
    )
    body = forms.CharField(
        label=_("Public story"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Remove anything that identifies the person or others (addresses, "
            "employers, relatives' names). A blank line starts a new paragraph."
        ),
    )
    name_display = forms.CharField(
        label=_("Name shown"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("Only if the person agreed to show a name."),
    )
    use_photo = forms.BooleanField(
        label=_("Show the photo"),
        required=False,
        help_text=_("Only if the person agreed to show the photo."),
    )
    crop_left = forms.FloatField(
        label=_("Crop: left (%)"), min_value=0, max_value=99, initial=0, required=False
    )
    crop_top = forms.FloatField(
        label=_("Crop: top (%)"), min_value=0, max_value=99, initial=0, required=False
    )
    crop_width = forms.FloatField(
        label=_("Crop: width (%)"),
        min_value=1,
        max_value=100,
        initial=100,
        required=False,
    )
    crop_height = forms.FloatField(
        label=_("Crop: height (%)"),
        min_value=1,
        max_value=100,
        initial=100,
        required=False,
    )
    focal_x = forms.FloatField(
        label=_("Focal point: across (%)"),
        min_value=0,
        max_value=100,
        initial=50,
        required=False,
    )
    focal_y = forms.FloatField(
        label=_("Focal point: down (%)"),
        min_value=0,
        max_value=100,
        initial=50,
        required=False,
    )


class RejectForm(PlainForm):
    reason = forms.ChoiceField(
        label=_("Reason shown to the person"),
        choices=Submission.RejectionReason.choices,
    )
    note = forms.CharField(
        label=_("Internal note (never shown to the person)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(PlainForm):
    """The moderation queue's search (a reference) and filters (GET)."""

    q = forms.CharField(label=_("Reference"), max_length=12, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Waiting for moderation")),
            ("all", _("All (except withdrawn)")),
            *[
                choice
                for choice in Submission.Status.choices
                if choice[0] != Submission.Status.WITHDRAWN
            ],
        ],
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=language_choices
    )
