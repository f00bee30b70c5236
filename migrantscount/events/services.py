"""Domain actions on live interviews: occurrences written ahead, moves and
cancellations, guests attached with consent, withdrawal and erasure.

Public entry points:

    write_occurrences(series, *, now=None) -> list[Interview]
    write_all_occurrences(*, now=None) -> int
    move_interview(interview, *, local_date, local_time, time_zone=None) -> Interview
    cancel_interview(interview) -> Interview
    attach_guest(interview, guest) -> Appearance
    withdraw_guest_consent(guest, *, now=None) -> Guest
    leave_interviews_ahead(guest, *, now=None) -> int
    erase_expired_guest_contacts(*, now=None) -> int
    erase_expired_team_contacts(*, now=None) -> int
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import announcements, live, recurrence, tasks
from .models import (
    Appearance,
    Guest,
    GuestScope,
    Interview,
    InterviewText,
    Person,
    Series,
)

logger = logging.getLogger(__name__)

# Fields a series hands to its occurrences when they are written, and again when
# the series changes (only to occurrences still ahead and not cancelled or done).
INHERITED_FIELDS = [
    "duration_minutes",
    "platform",
    "watch_url",
    "host",
    "languages",
    "sdgs",
    "is_example",
    "live_account",
    "announce_cancellation",
]


def horizon(now: datetime) -> datetime:
    return now + timedelta(days=settings.EVENTS_OCCURRENCE_HORIZON_DAYS)


def _rule_starts(series: Series, *, now: datetime) -> list[datetime]:
    return recurrence.occurrences(
        series.rule,
        dtstart=series.dtstart_local(),
        after=now,
        before=horizon(now),
        exceptions=series.exception_dates(),
    )


def _new_occurrence(series: Series, start: datetime) -> Interview:
    interview = Interview(
        series=series,
        recurrence_id=recurrence.stamp(start),
        local_date=start.date(),
        local_time=start.time().replace(tzinfo=None),
        time_zone=series.time_zone,
        **{name: getattr(series, name) for name in INHERITED_FIELDS},
    )
    interview.save()
    interview.countries.set(series.countries.all())
    return interview


@transaction.atomic
def write_occurrences(
    series: Series, *, now: datetime | None = None
) -> list[Interview]:
    """Write a row for every start of the series' rule until the horizon; retire
    the rows ahead that the rule no longer gives. Safe to run twice."""
    now = now or timezone.now()
    series = Series.objects.select_for_update().get(pk=series.pk)
    starts = _rule_starts(series, now=now) if series.is_active else []
    wanted = {recurrence.stamp(start): start for start in starts}
    ahead = series.occurrences.filter(starts_at__gt=now)
    existing = set(series.occurrences.values_list("recurrence_id", flat=True))
    created = [
        _new_occurrence(series, start)
        for stamp, start in wanted.items()
        if stamp not in existing
    ]
    new_ids = [interview.recurrence_id for interview in created]
    _follow_series(series, ahead.exclude(recurrence_id__in=new_ids))
    _retire(ahead.exclude(recurrence_id__in=wanted), before=horizon(now))
    return created


def _follow_series(series: Series, ahead: QuerySet[Interview]) -> None:
    """Occurrences ahead take the series' current duration, place, host and
    languages (a moved occurrence keeps its own date and time)."""
    values = {name: getattr(series, name) for name in INHERITED_FIELDS}
    for interview in ahead.exclude(
        status__in=[Interview.Status.CANCELLED, Interview.Status.DONE]
    ):
        changed = [
            name for name, value in values.items() if getattr(interview, name) != value
        ]
        if interview.time_zone != series.time_zone and not interview.is_moved:
            interview.time_zone = series.time_zone
            changed.append("time_zone")
        if changed:
            for name in changed:
                if name != "time_zone":
                    setattr(interview, name, values[name])
            interview.save()


def _retire(stale: QuerySet[Interview], *, before: datetime) -> None:
    """Rows ahead the rule no longer gives: an untouched one is deleted, one with
    guests, a status or a move of its own is cancelled (people may know of it)."""
    for interview in stale.filter(starts_at__lt=before).exclude(
        status=Interview.Status.CANCELLED
    ):
        untouched = (
            interview.status == Interview.Status.PLANNED
            and not interview.is_moved
            and not interview.appearances.exists()
            and not interview.texts.exists()
        )
        if untouched:
            interview.delete()
        else:
            interview.status = Interview.Status.CANCELLED
            interview.save()


def write_all_occurrences(*, now: datetime | None = None) -> int:
    written = 0
    for series in Series.objects.filter(is_active=True):
        written += len(write_occurrences(series, now=now))
    if written:
        logger.info("Wrote %s interview occurrences ahead", written)
    return written


@transaction.atomic
def move_interview(
    interview: Interview,
    *,
    local_date: date,
    local_time: time,
    time_zone: str | None = None,
) -> Interview:
    """Another date or time for one interview (an occurrence stays an override of
    its series' start). Calendars see a new SEQUENCE."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status in (Interview.Status.DONE, Interview.Status.CANCELLED):
        raise ValidationError(_("A cancelled or finished interview cannot be moved."))
    interview.local_date = local_date
    interview.local_time = local_time
    if time_zone:
        interview.time_zone = time_zone
    interview.full_clean()
    interview.save()
    return interview


@transaction.atomic
def cancel_interview(interview: Interview) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.status == Interview.Status.DONE:
        raise ValidationError(_("A finished interview cannot be cancelled."))
    if interview.status != Interview.Status.CANCELLED:
        interview.status = Interview.Status.CANCELLED
        interview.save()
    return interview


@transaction.atomic
def attach_guest(interview: Interview, guest: Guest) -> Appearance:
    """A guest in an interview, only with consent to appear live."""
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    if not guest.consent_allows(GuestScope.LIVE):
        raise ValidationError(
            _(
                "This guest has no consent to appear in a live interview: neither a "
                "story whose consent covers it nor their own."
            )
        )
    appearance: Appearance
    appearance, _created = Appearance.objects.get_or_create(
        interview=interview, guest=guest
    )
    return appearance


@transaction.atomic
def withdraw_guest_consent(guest: Guest, *, now: datetime | None = None) -> Guest:
    """The guest withdrew: their personal data is erased, they leave interviews
    ahead, recordings with them are no longer shown (consent_allows is False from
    now on), and the recording links and transcripts of those interviews blanked."""
    now = now or timezone.now()
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    if guest.is_withdrawn:
        return guest
    guest.name = ""
    guest.contact = ""
    guest.public_name = ""
    guest.story = None
    guest.withdrawn_at = now
    guest.contact_erased_at = guest.contact_erased_at or now
    guest.save()
    # Before leaving the interviews ahead: the announcements are found through them.
    announcements.take_down_for_guest(guest)
    leave_interviews_ahead(guest, now=now)
    past = Interview.objects.filter(appearances__guest=guest)
    for interview in past:
        if live.request_recording_deletion(interview, now=now):
            transaction.on_commit(
                partial(tasks.sync_interview.enqueue, interview_id=interview.pk)
            )
        if interview.recording_url:
            interview.recording_url = ""
            interview.save()
    InterviewText.objects.filter(interview__in=past).update(transcript="")
    for interview in past:
        for caption in interview.captions.all():
            caption.file.delete(save=False)
            caption.delete()
    return guest


def leave_interviews_ahead(guest: Guest, *, now: datetime | None = None) -> int:
    now = now or timezone.now()
    deleted: int
    deleted, _by_model = Appearance.objects.filter(
        guest=guest, interview__starts_at__gt=now
    ).delete()
    return deleted


def erase_expired_guest_contacts(*, now: datetime | None = None) -> int:
    """Erase guests' contact details N days after their last interview ended."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EVENTS_GUEST_CONTACT_RETENTION_DAYS)
    due = (
        Guest.objects.exclude(contact="")
        .annotate(last_end=Max("appearances__interview__ends_at"))
        .filter(last_end__lte=cutoff)
    )
    erased = Guest.objects.filter(pk__in=list(due.values_list("pk", flat=True))).update(
        contact="", contact_erased_at=now
    )
    if erased:
        logger.info("Erased contact details of %s interview guests", erased)
    return erased


def erase_expired_team_contacts(*, now: datetime | None = None) -> int:
    """Erase hosts' and interpreters' e-mail addresses N days after their last
    interview, unless another interview of theirs is still ahead."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EVENTS_TEAM_CONTACT_RETENTION_DAYS)
    erased = 0
    for person in Person.objects.exclude(contact=""):
        ends = [
            *Interview.objects.filter(host=person).values_list("ends_at", flat=True),
            *Interview.objects.filter(interpretations__interpreter=person).values_list(
                "ends_at", flat=True
            ),
        ]
        if any(end > cutoff for end in ends):
            continue
        if not ends and person.created_at > cutoff:
            continue  # new to the team, no interview yet
        person.contact = ""
        person.contact_erased_at = now
        person.save(update_fields=["contact", "contact_erased_at"])
        erased += 1
    if erased:
        logger.info("Erased contact details of %s hosts and interpreters", erased)
    return erased
