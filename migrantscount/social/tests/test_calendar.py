"""The deliveries calendar: month and week, times in the audience's zone and the
viewer's across daylight-saving changes, filters, what needs attention (issue 15)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.data.models import Country
from migrantscount.social.models import Delivery
from migrantscount.social.services import calendar

from . import factories

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


def _at(day: str, clock: str, zone_name: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(zone_name))


def _delivery(account: Any, due_at: datetime, **values: Any) -> Delivery:
    made = factories.delivery(factories.post(title="Wave"), account, due_at=due_at)
    if values:
        Delivery.objects.filter(pk=made.pk).update(**values)
        made.refresh_from_db()
    return made


def _entries(weeks: list[list[calendar.Day]]) -> dict[date, list[calendar.Entry]]:
    return {day.day: day.entries for week in weeks for day in week if day.entries}


def test_month_is_whole_weeks_monday_first() -> None:
    first, last = calendar.calendar_span("month", date(2026, 12, 15))
    assert (first, last) == (date(2026, 11, 30), date(2027, 1, 3))
    assert calendar.calendar_span("week", date(2026, 12, 3)) == (
        date(2026, 11, 30),
        date(2026, 12, 6),
    )
    assert calendar.previous_and_next("month", date(2026, 12, 31)) == (
        date(2026, 11, 1),
        date(2027, 1, 1),
    )


@pytest.mark.parametrize(
    ("zone_name", "before", "after"),
    [
        # 18:00 local on both sides of a change: the UTC instant moves, 18:00 stays.
        ("America/New_York", ("2027-03-13", "23:00"), ("2027-03-15", "22:00")),
        ("America/Santiago", ("2027-04-02", "21:00"), ("2027-04-05", "22:00")),
        # No seasonal change any more: the same offset all year.
        ("America/Mexico_City", ("2027-03-13", "00:00"), ("2027-07-15", "00:00")),
        ("America/Sao_Paulo", ("2027-01-13", "21:00"), ("2027-07-15", "21:00")),
        ("America/Asuncion", ("2027-01-13", "21:00"), ("2027-07-15", "21:00")),
    ],
)
def test_times_in_the_audience_zone_and_the_viewers_across_dst(
    testnet: Any, zone_name: str, before: tuple[str, str], after: tuple[str, str]
) -> None:
    account = factories.account("a", time_zone=zone_name)
    for day_text, utc_clock in (before, after):
        due = _at(day_text, utc_clock, "UTC")
        _delivery(account, due)
        weeks = calendar.calendar_days(
            view="week", anchor=due.date(), viewer_zone=UTC, filters={}
        )
        (entry,) = [
            e for e in _entries(weeks).get(due.date(), []) if e.viewer_time == due
        ]
        assert entry.audience_time.strftime("%H:%M") == "18:00"
        assert entry.viewer_time.strftime("%H:%M") == utc_clock
        assert entry.other_day == (entry.audience_time.date() != due.date())


def test_a_delivery_is_on_the_viewers_day(testnet: Any) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    account = factories.account("a", time_zone="America/Bogota")
    due = _at("2026-12-10", "18:00", "America/Bogota")  # 08:00 on the 11th in Tokyo
    _delivery(account, due)
    by_day = _entries(
        calendar.calendar_days(
            view="month", anchor=date(2026, 12, 1), viewer_zone=tokyo, filters={}
        )
    )
    (entry,) = by_day[date(2026, 12, 11)]
    assert entry.other_day and entry.audience_time.day == 10


def test_filters_and_what_is_left_out(testnet: Any) -> None:
    mexico, _created = Country.objects.get_or_create(
        iso3="MEX",
        defaults={
            "iso2": "MX",
            "numeric": "484",
            "name_en": "Mexico",
            "name_es": "México",
            "name_fr": "Mexique",
            "name_pt": "México",
        },
    )
    spanish = factories.account("es", language="es")
    spanish.countries.add(mexico)
    english = factories.account("en", language="en")
    due = _at("2026-12-10", "15:00", "UTC")
    _delivery(spanish, due)
    _delivery(english, due)
    _delivery(english, due + timedelta(hours=1), status=Delivery.Status.CANCELLED)

    def handles(**filters: Any) -> list[str]:
        weeks = calendar.calendar_days(
            view="week", anchor=due.date(), viewer_zone=UTC, filters=filters
        )
        return sorted(
            e.delivery.account.handle for e in _entries(weeks).get(due.date(), [])
        )

    assert handles() == ["en", "es"]
    assert handles(language="es") == ["es"]
    assert handles(country=mexico) == ["es"]
    assert handles(account=english) == ["en"]
    assert handles(network="testnet") == ["en", "es"]
    assert handles(network="bluesky") == []


@pytest.fixture
def officer() -> Any:
    roles.seed_roles()
    person = UserFactory(username="comms")  # type: ignore[no-untyped-call]
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


def test_the_calendar_page_month_week_and_attention(officer: Any, testnet: Any) -> None:
    account = factories.account("bogota", language="es", time_zone="America/Bogota")
    due = _at("2026-12-10", "18:00", "America/Bogota")
    _delivery(account, due)
    _delivery(
        account,
        due + timedelta(hours=2),
        status=Delivery.Status.FAILED,
        last_error="Invalid record: text too long <b>",
    )
    client = Client()
    client.force_login(officer)
    with translation.override("en"):
        month = client.get("/admin/social/calendar/?view=month&date=2026-12-10")
        week = client.get("/admin/social/calendar/?view=week&date=2026-12-10")
    assert month.status_code == week.status_code == 200
    html = month.content.decode()
    assert "December 2026" in html and "America/Bogota" in html
    assert "18:00" in html and "23:00 yours" in html  # the viewer's zone is UTC
    assert html.count("social-entry--attention") == 2  # on the day and in the list
    assert "text too long &lt;b&gt;" in html
    assert "Next month" in html and "?view=month&amp;date=2027-01-01" in html
    week_html = week.content.decode()
    assert "Thursday 10 December" in week_html and "Next week" in week_html
    assert "/admin/social/calendar/" in client.get("/admin/").content.decode()
