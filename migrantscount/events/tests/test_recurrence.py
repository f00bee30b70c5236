"""Series across daylight-saving changes: the local time stays put, the UTC
instant moves where the zone changes and stays where it no longer does."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from migrantscount.events import recurrence, services
from migrantscount.events.models import Interview

from . import factories

pytestmark = pytest.mark.django_db


def written(series_zone: str, first: date, rule: str) -> list[Interview]:
    series = factories.series(
        time_zone=series_zone, first_date=first, start_time=time(18, 0), rule=rule
    )
    services.write_occurrences(series)
    return list(series.occurrences.order_by("starts_at"))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@time_machine.travel(datetime(2027, 2, 20, tzinfo=UTC), tick=False)
def test_washington_keeps_18_00_across_the_march_change() -> None:
    # US clocks go forward on Sunday 14 March 2027: EST (UTC-5) to EDT (UTC-4).
    rows = written("America/New_York", date(2027, 3, 3), "FREQ=WEEKLY;BYDAY=WE;COUNT=3")
    assert [(row.local_date, row.local_time) for row in rows] == [
        (date(2027, 3, 3), time(18, 0)),
        (date(2027, 3, 10), time(18, 0)),
        (date(2027, 3, 17), time(18, 0)),
    ]
    assert [row.starts_at for row in rows] == [
        utc(2027, 3, 3, 23, 0),
        utc(2027, 3, 10, 23, 0),
        utc(2027, 3, 17, 22, 0),
    ]
    assert [row.recurrence_id for row in rows] == [
        "20270303T180000",
        "20270310T180000",
        "20270317T180000",
    ]


@time_machine.travel(datetime(2027, 10, 1, tzinfo=UTC), tick=False)
def test_washington_keeps_18_00_across_the_november_change() -> None:
    # Back on Sunday 7 November 2027.
    rows = written(
        "America/New_York", date(2027, 11, 3), "FREQ=WEEKLY;BYDAY=WE;COUNT=2"
    )
    assert [row.local_time for row in rows] == [time(18, 0), time(18, 0)]
    assert [row.starts_at for row in rows] == [
        utc(2027, 11, 3, 22, 0),
        utc(2027, 11, 10, 23, 0),
    ]


@time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
def test_santiago_keeps_18_00_across_the_april_change() -> None:
    # Chile leaves summer time (UTC-3) for UTC-4 at midnight ending Saturday 3 April
    # 2027.
    rows = written(
        "America/Santiago", date(2027, 3, 31), "FREQ=WEEKLY;BYDAY=WE;COUNT=2"
    )
    assert [row.local_time for row in rows] == [time(18, 0), time(18, 0)]
    assert [row.starts_at for row in rows] == [
        utc(2027, 3, 31, 21, 0),
        utc(2027, 4, 7, 22, 0),
    ]


@time_machine.travel(datetime(2027, 8, 1, tzinfo=UTC), tick=False)
def test_santiago_keeps_18_00_across_the_september_change() -> None:
    # Summer time again from Sunday 5 September 2027.
    rows = written("America/Santiago", date(2027, 9, 1), "FREQ=WEEKLY;BYDAY=WE;COUNT=2")
    assert [row.starts_at for row in rows] == [
        utc(2027, 9, 1, 22, 0),
        utc(2027, 9, 8, 21, 0),
    ]


@time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False)
def test_mexico_city_no_longer_changes_in_april() -> None:
    # Mexico abolished daylight saving in October 2022; it used to start on the
    # first Sunday of April. UTC-6 all year.
    rows = written(
        "America/Mexico_City", date(2027, 3, 31), "FREQ=WEEKLY;BYDAY=WE;COUNT=2"
    )
    assert [row.local_time for row in rows] == [time(18, 0), time(18, 0)]
    assert [row.starts_at for row in rows] == [
        utc(2027, 4, 1, 0, 0),
        utc(2027, 4, 8, 0, 0),
    ]


@time_machine.travel(datetime(2027, 10, 1, tzinfo=UTC), tick=False)
def test_sao_paulo_no_longer_changes_in_november() -> None:
    # Brazil abolished daylight saving in 2019; it used to start in early November.
    # UTC-3 all year.
    rows = written(
        "America/Sao_Paulo", date(2027, 10, 27), "FREQ=WEEKLY;BYDAY=WE;COUNT=3"
    )
    assert [row.starts_at for row in rows] == [
        utc(2027, 10, 27, 21, 0),
        utc(2027, 11, 3, 21, 0),
        utc(2027, 11, 10, 21, 0),
    ]


@time_machine.travel(datetime(2027, 1, 1, tzinfo=UTC), tick=False)
def test_every_other_wednesday_and_the_second_wednesday() -> None:
    every_other = written(
        "America/New_York", date(2027, 1, 6), "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=3"
    )
    assert [row.local_date for row in every_other] == [
        date(2027, 1, 6),
        date(2027, 1, 20),
        date(2027, 2, 3),
    ]
    second = written(
        "America/Bogota", date(2027, 1, 1), "FREQ=MONTHLY;BYDAY=2WE;COUNT=3"
    )
    assert [row.local_date for row in second] == [
        date(2027, 1, 13),
        date(2027, 2, 10),
        date(2027, 3, 10),
    ]


def test_until_typed_as_a_local_date_is_stored_in_utc() -> None:
    series = factories.series(
        time_zone="America/Santiago",
        first_date=date(2027, 1, 6),
        rule="rrule:freq=weekly;byday=we;until=20270127",
    )
    # The end of 27 January in Santiago (UTC-3) is 02:59:59 UTC the next day.
    assert series.rule == "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270128T025959Z"


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY",
        "BYDAY=WE",
        "FREQ=WEEKLY;BYHOUR=9",
        "FREQ=WEEKLY;COUNT=3;UNTIL=20270101",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;FREQ=DAILY",
        "nonsense",
    ],
)
def test_rules_that_would_not_do_are_refused(rule: str) -> None:
    with pytest.raises(ValidationError):
        factories.series(rule=rule)


def test_exception_dates_are_skipped() -> None:
    start = datetime(2027, 1, 6, 18, 0, tzinfo=ZoneInfo("America/New_York"))
    starts = recurrence.occurrences(
        "FREQ=WEEKLY;BYDAY=WE;COUNT=3",
        dtstart=start,
        after=utc(2027, 1, 1),
        before=utc(2027, 2, 1),
        exceptions={date(2027, 1, 13)},
    )
    assert [value.date() for value in starts] == [date(2027, 1, 6), date(2027, 1, 20)]
