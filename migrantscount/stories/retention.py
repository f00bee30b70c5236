"""Retention as the privacy notice states it: a submission that was never published
is deleted STORIES_UNPUBLISHED_RETENTION_DAYS after it was received (text, name,
guardian's name, photo, the drafts a moderator made from it), audited by count only.

The notice (pages/demo/content_legal.py) reads its numbers from the same settings,
so the text and the job cannot disagree.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry

from migrantscount.core.lib.log_actions import LogAction, register_log_actions
from migrantscount.core.services.audit import log_platform_event

from .models import Submission
from .services.erasure import delete_stories_of_submission

logger = logging.getLogger(__name__)

UNPUBLISHED_DELETED = "stories.unpublished_deleted"
LOG_ACTIONS = {
    UNPUBLISHED_DELETED: LogAction(
        _("Delete unpublished submissions"),
        _("Unpublished submissions deleted after the retention period"),
    )
}


@hooks.register("register_log_actions")
def register_retention_log_action(actions: LogActionRegistry) -> None:
    register_log_actions(actions, LOG_ACTIONS)


def retention_days() -> dict[str, int]:
    """The periods the jobs apply (the notice states them: pages/demo/content_legal)."""
    return {
        "unpublished": settings.STORIES_UNPUBLISHED_RETENTION_DAYS,
        "contact": settings.STORIES_CONTACT_RETENTION_DAYS,
    }


@transaction.atomic
def delete_expired_unpublished(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.STORIES_UNPUBLISHED_RETENTION_DAYS)
    due = (
        Submission.objects.select_for_update()
        .filter(created_at__lte=cutoff)
        .exclude(status__in=[Submission.Status.PUBLISHED, Submission.Status.WITHDRAWN])
    )
    deleted = 0
    for submission in due:
        delete_stories_of_submission(submission)
        if submission.photo:
            photo = submission.photo.name
            storage = submission.photo.storage
            transaction.on_commit(partial(storage.delete, photo))
        submission.delete()
        deleted += 1
    if deleted:
        logger.info("Deleted %s unpublished submissions past retention", deleted)
        log_platform_event(
            UNPUBLISHED_DELETED,
            data={
                "submissions": deleted,
                "retention_days": settings.STORIES_UNPUBLISHED_RETENTION_DAYS,
            },
        )
    return deleted
