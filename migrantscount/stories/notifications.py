"""E-mail to authors (receipt, decision) and batched alerts to Story moderators.

An author is written to only when the contact they gave is an e-mail address (a
phone number gets nothing: no SMS is sent), in the submission's language. The
contact is decrypted in memory only; it and the status link are never logged.
Moderators get counts and an admin link, never a story or personal data.
"""

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from migrantscount.core.services.audit import log_platform_event
from migrantscount.core.services.mail import send_templated_mail
from migrantscount.core.services.roles import STORY_MODERATORS

from .models import Submission

logger = logging.getLogger(__name__)

MODERATORS_ALERTED = "stories.moderators_alerted"


def email_contact(submission: Submission) -> str | None:
    """The author's e-mail address, or None when they left a phone number or nothing."""
    contact = (submission.contact or "").strip()
    if "@" not in contact:
        return None
    try:
        validate_email(contact)
    except ValidationError:
        return None
    return contact


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _site_url(path: str) -> str:
    return str(settings.SITE_URL) + path


def _context(submission: Submission, **extra: Any) -> dict[str, Any]:
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "reference": submission.reference,
        **extra,
    }


def send_receipt(submission: Submission, *, token: str) -> bool:
    """The author's receipt: their reference and private status link."""
    to = email_contact(submission)
    if to is None:
        return False
    language = _language(submission.language)
    with translation.override(language):
        path = reverse("stories:status", kwargs={"token": token})
    send_templated_mail(
        to=[to],
        template_prefix="stories/emails/receipt",
        context=_context(submission, status_url=_site_url(path)),
        language=language,
    )
    logger.info("Sent the receipt for submission %s", submission.reference)
    return True


def send_decision(submission: Submission) -> bool:
    """Tell the author their story was published (with its link) or declined (with
    the reason they may see; the internal note never leaves the admin)."""
    to = email_contact(submission)
    if to is None:
        return False
    language = _language(submission.language)
    if submission.status == Submission.Status.PUBLISHED:
        story = (
            submission.stories.filter(
                live=True, locale__language_code=submission.language
            ).first()
            or submission.stories.filter(live=True).first()
        )
        story_url = _site_url(story.get_absolute_url()) if story else ""
        prefix, extra = "stories/emails/published", {"story_url": story_url}
    elif submission.status == Submission.Status.REJECTED:
        with translation.override(language):
            reason = str(submission.get_rejection_reason_display())
        prefix, extra = "stories/emails/declined", {"reason": reason}
    else:
        return False
    send_templated_mail(
        to=[to],
        template_prefix=prefix,
        context=_context(submission, **extra),
        language=language,
    )
    logger.info("Sent the decision for submission %s", submission.reference)
    return True


def _last_alert_until() -> datetime | None:
    entry = (
        ModelLogEntry.objects.filter(action=MODERATORS_ALERTED)
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None or not isinstance(entry.data, dict) or "until" not in entry.data:
        return None
    return datetime.fromisoformat(str(entry.data["until"]))


def moderators() -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(groups__name=STORY_MODERATORS, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def _moderator_language(user: Any) -> str:
    preferred = UserProfile.get_for_user(user).preferred_language
    return _language(preferred or settings.LANGUAGE_CODE)


def alert_moderators(*, now: datetime | None = None) -> int:
    """One mail per Story moderator for the submissions received since the last
    alert (counts and the queue's admin link only). Returns the number of new
    submissions announced; running it again with nothing new sends nothing."""
    now = now or timezone.now()
    since = _last_alert_until()
    new = Submission.objects.filter(
        status=Submission.Status.SUBMITTED, created_at__lte=now
    )
    if since is not None:
        new = new.filter(created_at__gt=since)
    count = new.count()
    if not count:
        return 0
    context = {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "new_count": count,
        "waiting_count": Submission.objects.filter(
            status=Submission.Status.SUBMITTED
        ).count(),
        "queue_url": str(settings.WAGTAILADMIN_BASE_URL)
        + reverse("stories_admin:queue"),
    }
    recipients = moderators()
    for user in recipients:
        send_templated_mail(
            to=[user.email],
            template_prefix="stories/emails/moderator_alert",
            context=context,
            language=_moderator_language(user),
        )
    log_platform_event(
        MODERATORS_ALERTED,
        data={
            "submissions": count,
            "moderators": len(recipients),
            "until": now.isoformat(),
        },
    )
    return count
