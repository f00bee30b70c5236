"""Reminder e-mails before a live interview, to its host, interpreters and guests.

Each person is written to in their own language, with the start in their own time
zone and the interview's single-event `.ics` attached (the same file the public
page offers). A guest is written to only while their consent stands; addresses are
decrypted in memory and never logged.

    send_due_reminders(*, now=None) -> int   # run by a periodic job

Reminders are due at `EVENTS_REMINDER_MINUTES` before the start (a day, an hour).
A `ReminderSent` row per (interview, start, offset, person) makes each one go at
most once, and again for a new time when the interview moves. After downtime only
the nearest reminder due goes: nobody gets "tomorrow" and "in an hour" at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from migrantscount.core.services.mail import send_templated_mail

from . import calendars
from .models import GuestScope, Interview, ReminderSent
from .presentation import platform_label, when

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    kind: ReminderSent.Recipient
    row_id: int
    address: str  # "" when no usable e-mail address
    language: str
    time_zone: str


def _email(contact: str) -> str:
    contact = (contact or "").strip()
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipients(interview: Interview) -> list[Recipient]:
    """Who is reminded: the host, each interpreter, each guest whose consent to
    appear live still stands (a withdrawn guest has no address left anyway)."""
    people: list[Recipient] = []
    if interview.host is not None:
        host = interview.host
        people.append(
            Recipient(
                ReminderSent.Recipient.HOST,
                host.pk,
                _email(host.contact),
                _language(host.language),
                host.time_zone,
            )
        )
    for interpretation in interview.interpretations.select_related("interpreter"):
        person = interpretation.interpreter
        people.append(
            Recipient(
                ReminderSent.Recipient.INTERPRETER,
                person.pk,
                _email(person.contact),
                _language(person.language),
                person.time_zone,
            )
        )
    for appearance in interview.appearances.select_related("guest"):
        guest = appearance.guest
        if not guest.consent_allows(GuestScope.LIVE):
            continue
        people.append(
            Recipient(
                ReminderSent.Recipient.GUEST,
                guest.pk,
                _email(guest.contact),
                _language(guest.language),
                guest.time_zone,
            )
        )
    # One mail per person and interview even if they hold two roles in it.
    seen: set[tuple[str, int]] = set()
    unique = []
    for person in people:
        if (person.kind, person.row_id) not in seen:
            seen.add((person.kind, person.row_id))
            unique.append(person)
    return unique


def due_offset(interview: Interview, *, now: datetime) -> int | None:
    """The reminder (minutes before) due now, or None: the smallest offset whose
    moment has passed, while the interview has not started."""
    if now >= interview.starts_at:
        return None
    passed = [
        minutes
        for minutes in settings.EVENTS_REMINDER_MINUTES
        if interview.starts_at - timedelta(minutes=minutes) <= now
    ]
    return min(passed) if passed else None


def _send(interview: Interview, person: Recipient, minutes: int) -> None:
    language = person.language
    with translation.override(language):
        text = interview.text_for(language)
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "title": text.title if text else "",
            "when": when(
                interview.starts_at, zone_name=person.time_zone, language=language
            ),
            "hours_before": round(minutes / 60),
            "platform": platform_label(interview),
            "watch_url": interview.watch_url,
            "page_url": str(settings.SITE_URL) + interview.url_in(language),
            "role": person.kind,
        }
    send_templated_mail(
        to=[person.address],
        template_prefix="events/emails/reminder",
        context=context,
        language=language,
        attachments=[
            (
                f"interview-{interview.uid}.ics",
                calendars.single(interview, language),
                "text/calendar",
            )
        ],
    )


def send_reminders_for(interview: Interview, *, now: datetime) -> int:
    minutes = due_offset(interview, now=now)
    if minutes is None:
        return 0
    sent = 0
    for person in recipients(interview):
        try:
            # The row first, in its own transaction: two schedulers cannot both
            # send, and a crash after the row loses one reminder, never sends two.
            with transaction.atomic():
                ReminderSent.objects.create(
                    interview=interview,
                    starts_at=interview.starts_at,
                    minutes_before=minutes,
                    recipient=person.kind,
                    recipient_id=person.row_id,
                    sent=bool(person.address),
                )
        except IntegrityError:
            continue
        if not person.address:
            continue
        try:
            _send(interview, person, minutes)
        except Exception:  # a mail server down must not stop the others' reminders
            logger.exception(
                "Reminder for interview %s to a %s failed", interview.pk, person.kind
            )
            ReminderSent.objects.filter(
                interview=interview,
                starts_at=interview.starts_at,
                minutes_before=minutes,
                recipient=person.kind,
                recipient_id=person.row_id,
            ).delete()  # tried again on the next run
            continue
        sent += 1
    return sent


def send_due_reminders(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    latest = now + timedelta(minutes=max(settings.EVENTS_REMINDER_MINUTES))
    interviews = (
        Interview.objects.filter(starts_at__gt=now, starts_at__lte=latest)
        .exclude(status__in=[Interview.Status.CANCELLED, Interview.Status.DONE])
        .select_related("host", "series")
        .prefetch_related("texts", "series__texts")
    )
    sent = sum(send_reminders_for(interview, now=now) for interview in interviews)
    if sent:
        logger.info("Sent %s interview reminders", sent)
    return sent
