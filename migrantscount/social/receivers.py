"""What happens to a story reaches social through `stories.hooks` (stories never
imports social). Each hook runs inside the caller's transaction and only changes
rows; the dispatcher does the remote work after commit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrantscount.stories import hooks as story_hooks

if TYPE_CHECKING:
    from migrantscount.stories.models import Story, Submission


@story_hooks.on_withdrawal
def take_down_withdrawn_story(submission: Submission) -> None:
    """Consent withdrawn: cancel, blank and delete everything made from the story."""
    from .services import consent

    consent.take_down_for_submission(submission, reason=consent.REASON_WITHDRAWN)


@story_hooks.on_consent_narrowed
def take_down_when_social_removed(submission: Submission) -> None:
    """The person removed social networks from their consent: delete its posts."""
    from migrantscount.stories.models import Scope

    from .services import consent

    if not submission.consent_allows(Scope.SOCIAL):
        consent.take_down_for_submission(
            submission, reason=consent.REASON_CONSENT_NARROWED
        )


@story_hooks.on_unpublished
def take_down_unpublished_story(story: Story, delete_published: bool) -> None:
    """Unpublished: cancel what is planned; for a safety reason, delete what is out."""
    from .services import consent

    reason = consent.REASON_SAFETY if delete_published else consent.REASON_UNPUBLISHED
    consent.take_down_derived(
        story=story, reason=reason, delete_published=delete_published
    )
