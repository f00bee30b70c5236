"""The iCalendar feed and single-event files, read back by icalendar and by an
independent parser (vobject); a reschedule and a cancellation show as such."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
import vobject
from django.test import Client
from icalendar import Calendar

from migrantscount.events import calendars, services

from . import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
WASHINGTON = ZoneInfo("America/New_York")


def events_by_uid(data: bytes) -> dict[str, list[Any]]:
    calendar = Calendar.from_ical(data)
    found: dict[str, list[Any]] = {}
    for event in calendar.walk("VEVENT"):
        found.setdefault(str(event["UID"]), []).append(event)
    return found


@time_machine.travel(NOW, tick=False)
def test_a_series_is_one_rrule_with_its_zone_exceptions_and_overrides() -> None:
    series = factories.series(
        first_date=date(2027, 3, 3),
        rule="FREQ=WEEKLY;BYDAY=WE;COUNT=4",
        exceptions="2027-03-17",
    )
    services.write_occurrences(series)
    moved, cancelled = series.occurrences.order_by("starts_at")[:2]
    services.move_interview(moved, local_date=date(2027, 3, 4), local_time=time(19, 0))
    services.cancel_interview(cancelled)

    data = calendars.feed("es")
    calendar = Calendar.from_ical(data)
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["America/New_York"]
    (master, *overrides) = events_by_uid(data)[f"{series.uid}@migrantscount"]
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=4;BYDAY=WE"
    assert master.decoded("DTSTART") == datetime(2027, 3, 3, 18, 0, tzinfo=WASHINGTON)
    assert master["DTSTART"].params["TZID"] == "America/New_York"
    assert str(master["SUMMARY"]) == "Voces de las Américas"
    exdates = [value.dt for value in master["EXDATE"].dts]
    assert exdates == [datetime(2027, 3, 17, 18, 0, tzinfo=WASHINGTON)]
    by_recurrence = {event.decoded("RECURRENCE-ID"): event for event in overrides}
    rescheduled = by_recurrence[datetime(2027, 3, 3, 18, 0, tzinfo=WASHINGTON)]
    assert rescheduled.decoded("DTSTART") == datetime(
        2027, 3, 4, 19, 0, tzinfo=WASHINGTON
    )
    assert int(rescheduled["SEQUENCE"]) == 1
    called_off = by_recurrence[datetime(2027, 3, 10, 18, 0, tzinfo=WASHINGTON)]
    assert str(called_off["STATUS"]) == "CANCELLED"
    assert int(called_off["SEQUENCE"]) == 1


@time_machine.travel(NOW, tick=False)
def test_vobject_reads_the_same_plan() -> None:
    series = factories.series(
        first_date=date(2027, 3, 3),
        rule="FREQ=WEEKLY;BYDAY=WE;COUNT=4",
        exceptions="2027-03-17",
    )
    services.write_occurrences(series)
    services.cancel_interview(series.occurrences.order_by("starts_at")[1])
    single = factories.interview(local_date=date(2027, 3, 20))

    parsed = vobject.readOne(calendars.feed("en").decode("utf-8"))
    events = parsed.contents["vevent"]
    masters = [
        event
        for event in events
        if event.uid.value == f"{series.uid}@migrantscount"
        and not hasattr(event, "recurrence_id")
    ]
    assert len(masters) == 1
    starts = list(masters[0].getrruleset())
    # 17 March is an exception; every start stays at 18:00 in the named zone.
    # (vobject reads the zone through dateutil's tzical, which misses the RDATE
    # transitions icalendar writes in VTIMEZONE, so its UTC offsets are not
    # compared here; icalendar's are, above.)
    assert [f"{start:%Y-%m-%d %H:%M}" for start in starts] == [
        "2027-03-03 18:00",
        "2027-03-10 18:00",
        "2027-03-24 18:00",
    ]
    assert "America/New_York" in repr(masters[0].dtstart.value.tzinfo)
    cancelled = [
        event
        for event in events
        if getattr(event, "status", None) is not None
        and event.status.value == "CANCELLED"
    ]
    assert len(cancelled) == 1
    assert f"{cancelled[0].recurrence_id.value:%Y-%m-%d %H:%M}" == "2027-03-10 18:00"
    singles = [e for e in events if e.uid.value == f"{single.uid}@migrantscount"]
    assert f"{singles[0].dtstart.value:%Y-%m-%d %H:%M}" == "2027-03-20 18:00"


@time_machine.travel(NOW, tick=False)
def test_uids_are_stable_and_sequence_grows_on_every_change() -> None:
    interview = factories.interview()
    first = events_by_uid(calendars.single(interview, "en"))
    again = events_by_uid(calendars.single(interview, "en"))
    assert first.keys() == again.keys() == {f"{interview.uid}@migrantscount"}
    (event,) = first[f"{interview.uid}@migrantscount"]
    assert int(event["SEQUENCE"]) == 0

    services.move_interview(
        interview, local_date=date(2027, 3, 11), local_time=time(18, 0)
    )
    services.cancel_interview(interview)
    interview.refresh_from_db()
    (event,) = events_by_uid(calendars.single(interview, "en"))[
        f"{interview.uid}@migrantscount"
    ]
    assert int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED"


@time_machine.travel(NOW, tick=False)
def test_the_feed_and_the_download_are_served_per_language(client: Client) -> None:
    interview = factories.interview()
    response = client.get("/es/interviews/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Entrevistas en vivo — Migrantes Cuentan"
    download = client.get(f"/es/interviews/{interview.uid}/interview.ics")
    assert download["Content-Disposition"].startswith("attachment;")
    event = Calendar.from_ical(download.content).walk("VEVENT")[0]
    assert str(event["URL"]).endswith(f"/es/interviews/{interview.uid}/")
    index = client.get("/es/interviews/").content.decode()
    assert 'href="webcal://testserver/es/interviews/calendar.ics"' in index
