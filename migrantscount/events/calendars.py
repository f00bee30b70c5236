"""iCalendar (RFC 5545) for the interviews, built with the `icalendar` library.

A series is one VEVENT with its RRULE (local time in its zone, so clients keep
18:00 across daylight saving) and EXDATEs; an occurrence that differs from the
rule (moved, cancelled, its own title) is an override with RECURRENCE-ID. A
single interview is a VEVENT of its own. UIDs are the rows' UUIDs; SEQUENCE is the
rows' change counter (an override adds its series' counter, so it only grows).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from . import timezones
from .models import Interview, Series

PRODID = "-//Migrants Count//Live interviews//EN"
STATUS = {
    Interview.Status.PLANNED: "TENTATIVE",
    Interview.Status.CONFIRMED: "CONFIRMED",
    Interview.Status.LIVE: "CONFIRMED",
    Interview.Status.DONE: "CONFIRMED",
    Interview.Status.CANCELLED: "CANCELLED",
}


def uid(value: object) -> str:
    return f"{value}@migrantscount"


def _calendar(language: str, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "UTC")
    return calendar


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _describe(event: Event, interview: Interview, language: str) -> None:
    text = interview.text_for(language)
    title = str(text.title) if text else _("Live interview")
    summary = str(text.summary) if text else ""
    page = _absolute(interview.url_in(language))
    event.add("summary", title)
    event.add("description", "\n\n".join(part for part in (summary, page) if part))
    event.add("url", page)
    if interview.watch_url:
        event.add("location", interview.watch_url)
    event.add("status", STATUS[Interview.Status(interview.status)])
    event.add("last-modified", interview.updated_at)
    event.add("created", interview.created_at)


def _interview_event(interview: Interview, language: str, *, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid(interview.uid))
    event.add("dtstamp", now)
    event.add("dtstart", interview.local_start())
    event.add("duration", interview.duration)
    event.add("sequence", interview.sequence)
    _describe(event, interview, language)
    return event


def _differs(interview: Interview) -> bool:
    return interview.is_moved or interview.is_cancelled or interview.texts.exists()


def _series_events(series: Series, language: str, *, now: datetime) -> Iterable[Event]:
    master = Event()
    master.add("uid", uid(series.uid))
    master.add("dtstamp", now)
    master.add("dtstart", series.dtstart_local())
    master.add("duration", series.duration)
    master.add("rrule", vRecur.from_ical(series.rule))
    zone = timezones.zone(series.time_zone)
    exdates = [
        datetime.combine(day, series.start_time, tzinfo=zone)
        for day in sorted(series.exception_dates())
    ]
    if exdates:
        master.add("exdate", exdates)
    master.add("sequence", series.sequence)
    text = series.text_for(language)
    master.add("summary", str(text.title) if text else _("Live interview"))
    if text and text.summary:
        master.add("description", str(text.summary))
    master.add("url", _absolute(_index_url(language)))
    if series.watch_url:
        master.add("location", series.watch_url)
    master.add("status", "CONFIRMED")
    master.add("last-modified", series.updated_at)
    yield master
    for interview in series.occurrences.prefetch_related("texts", "series__texts"):
        if not _differs(interview):
            continue
        override = Event()
        override.add("uid", uid(series.uid))
        override.add("dtstamp", now)
        override.add(
            "recurrence-id",
            datetime.strptime(interview.recurrence_id, "%Y%m%dT%H%M%S").replace(
                tzinfo=zone
            ),
        )
        override.add("dtstart", interview.local_start())
        override.add("duration", interview.duration)
        override.add("sequence", series.sequence + interview.sequence)
        _describe(override, interview, language)
        yield override


def _index_url(language: str) -> str:
    from django.urls import reverse

    with translation.override(language):
        return reverse("events:index")


def feed(language: str) -> bytes:
    """Every series and single interview, in `language`."""
    now = timezone.now()
    with translation.override(language):
        calendar = _calendar(language, _("Live interviews — Migrants Count"))
        for series in Series.objects.filter(occurrences__isnull=False).distinct():
            for event in _series_events(series, language, now=now):
                calendar.add_component(event)
        singles = Interview.objects.filter(series__isnull=True).prefetch_related(
            "texts"
        )
        for interview in singles:
            calendar.add_component(_interview_event(interview, language, now=now))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def single(interview: Interview, language: str) -> bytes:
    """One interview (an occurrence too) as its own event, to add to a calendar."""
    with translation.override(language):
        text = interview.text_for(language)
        calendar = _calendar(language, str(text.title) if text else _("Live interview"))
        calendar.add_component(
            _interview_event(interview, language, now=timezone.now())
        )
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
