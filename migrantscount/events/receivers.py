"""What happens to a story reaches the interviews through `stories.hooks` (stories
never imports events). Each hook runs inside the caller's transaction and only
changes rows."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from migrantscount.stories import hooks as story_hooks

if TYPE_CHECKING:
    from migrantscount.stories.models import Submission


@story_hooks.on_withdrawal
def withdraw_story_guests(submission: Submission) -> None:
    """The person withdrew their story: a guest who appeared on the strength of it
    is withdrawn too (data erased, recordings hidden); one with their own guest
    consent keeps it and only loses the link to the story."""
    from . import services
    from .models import Guest

    for guest in Guest.objects.filter(story_submission_id=submission.pk):
        if guest.has_own_consent:
            Guest.objects.filter(pk=guest.pk).update(story=None)
        else:
            services.withdraw_guest_consent(guest)


@story_hooks.on_consent_narrowed
def remove_guests_without_interview_consent(submission: Submission) -> None:
    """The person removed the live interview from their consent: a guest relying on
    it leaves the interviews ahead."""
    from migrantscount.stories.models import Scope

    from . import services
    from .models import Guest

    if submission.consent_allows(Scope.INTERVIEW):
        return
    for guest in Guest.objects.filter(
        story_submission_id=submission.pk, consent_text__isnull=True
    ):
        services.leave_interviews_ahead(guest)


@receiver(post_save, sender="events.Interview", dispatch_uid="events-sync-social")
def sync_social_after_save(sender: type, instance: Any, **kwargs: Any) -> None:
    """A move, a cancellation or a new interview reaches its live video and its
    announcements after commit (the task calls Facebook; never inside the save)."""
    from . import tasks

    transaction.on_commit(
        partial(tasks.sync_interview.enqueue, interview_id=instance.pk)
    )
