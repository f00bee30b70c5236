"""What happens to a story reaches social through `stories.hooks` (stories never
imports social). Each hook runs inside the caller's transaction and only changes
rows; the dispatcher does the remote work after commit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrantscount.stories import hooks as story_hooks

if TYPE_CHECKING:
    from migrantscount.stories.models import Submission


@story_hooks.on_withdrawal
def take_down_withdrawn_story(submission: Submission) -> None:
    """Consent withdrawn: cancel, blank and delete everything made from the story."""
    from .services import consent

    consent.take_down_for_submission(submission, reason=consent.REASON_WITHDRAWN)
