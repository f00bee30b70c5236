"""Withdrawing consent, or only the social networks, by the person or by staff."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Submission
from .base import PlainForm


class WithdrawForm(PlainForm):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my story, my photo and my personal details will be "
            "erased and cannot be recovered."
        ),
        error_messages={"required": _("Please tick the box to confirm.")},
    )


class StopSharingForm(PlainForm):
    """Remove the social networks from a person's consent, keep everything else."""

    prefix = "social"
    confirm = forms.BooleanField(
        label=_(
            "Stop sharing my story on social networks. Posts already published "
            "will be deleted; my story stays on the website."
        ),
        error_messages={"required": _("Please tick the box to confirm.")},
    )


class StaffWithdrawForm(PlainForm):
    reference = forms.CharField(label=_("Submission reference"), max_length=12)
    reason = forms.ChoiceField(
        label=_("How the person asked"),
        choices=[
            choice
            for choice in Submission.WithdrawalReason.choices
            if choice[0] != Submission.WithdrawalReason.PRIVATE_LINK
        ],
    )
    confirm = forms.BooleanField(
        label=_("The person asked to withdraw consent; erase everything now.")
    )

    def clean_reference(self) -> Submission:
        reference = self.cleaned_data["reference"].strip().upper()
        submission = Submission.objects.filter(reference=reference).first()
        if submission is None:
            raise ValidationError(_("No submission has this reference."))
        if submission.is_withdrawn:
            raise ValidationError(
                _("Consent for this submission was already withdrawn.")
            )
        return submission
