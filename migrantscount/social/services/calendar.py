"""The deliveries calendar: a month or a week of deliveries, laid out by day in the
viewer's time zone, each time shown in its account audience's zone and the viewer's.

    calendar_span(view, anchor) -> (first day, last day)
    calendar_days(*, view, anchor, viewer_zone, filters) -> list[Week]

A delivery is placed on the day it is due in the viewer's zone (one instant is one
place); its audience-zone time is shown beside, with the audience's date when it
differs. Failed, unconfirmed and manual-takedown deliveries carry `needs_attention`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Q, QuerySet

from ..models import Account, Delivery

MONTH = "month"
WEEK = "week"
# Cancelled rows never went out and never will: not on the calendar.
SHOWN = [status for status in Delivery.Status.values if status != "cancelled"]
ATTENTION = (
    Delivery.Status.FAILED,
    Delivery.Status.UNCONFIRMED,
    Delivery.Status.MANUAL_TAKEDOWN,
)


@dataclass
class Entry:
    delivery: Delivery
    audience_time: datetime
    viewer_time: datetime

    @property
    def needs_attention(self) -> bool:
        return self.delivery.status in ATTENTION

    @property
    def other_day(self) -> bool:
        return self.audience_time.date() != self.viewer_time.date()


@dataclass
class Day:
    day: date
    in_range: bool
    entries: list[Entry] = field(default_factory=list)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def calendar_span(view: str, anchor: date) -> tuple[date, date]:
    """The first and last day shown: whole weeks, Monday first."""
    if view == WEEK:
        start = anchor - timedelta(days=anchor.weekday())
        return start, start + timedelta(days=6)
    first = anchor.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    last = following - timedelta(days=1)
    return (
        first - timedelta(days=first.weekday()),
        last + timedelta(days=6 - last.weekday()),
    )


def previous_and_next(view: str, anchor: date) -> tuple[date, date]:
    if view == WEEK:
        return anchor - timedelta(days=7), anchor + timedelta(days=7)
    first = anchor.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1), (
        first + timedelta(days=32)
    ).replace(day=1)


def filtered(filters: Mapping[str, Any]) -> QuerySet[Delivery]:
    rows = Delivery.objects.filter(status__in=SHOWN).select_related("post", "account")
    if filters.get("account"):
        rows = rows.filter(account=filters["account"])
    if filters.get("network"):
        rows = rows.filter(account__platform=filters["network"])
    if filters.get("language"):
        rows = rows.filter(language=filters["language"])
    if filters.get("country"):
        rows = rows.filter(account__countries=filters["country"])
    return rows.distinct()


def calendar_days(
    *, view: str, anchor: date, viewer_zone: ZoneInfo, filters: Mapping[str, Any]
) -> list[list[Day]]:
    """Weeks of days, each with its deliveries in time order."""
    first, last = calendar_span(view, anchor)
    start = datetime.combine(first, time.min, viewer_zone)
    end = datetime.combine(last + timedelta(days=1), time.min, viewer_zone)
    days = {
        first + timedelta(days=offset): Day(
            day=first + timedelta(days=offset),
            in_range=view == WEEK
            or (first + timedelta(days=offset)).month == anchor.month,
        )
        for offset in range((last - first).days + 1)
    }
    rows = filtered(filters).filter(due_at__gte=start, due_at__lt=end)
    for delivery in rows.order_by("due_at", "pk"):
        viewer_time = delivery.due_at.astimezone(viewer_zone)
        entry = Entry(
            delivery=delivery,
            audience_time=delivery.due_at.astimezone(zone(delivery.account.time_zone)),
            viewer_time=viewer_time,
        )
        days[viewer_time.date()].entries.append(entry)
    ordered = [days[day] for day in sorted(days)]
    return [ordered[index : index + 7] for index in range(0, len(ordered), 7)]


def needing_attention(filters: Mapping[str, Any]) -> QuerySet[Delivery]:
    """Failed, unconfirmed and manual-takedown deliveries, and those waiting for
    their account's reconnection, newest first."""
    waiting = Q(status=Delivery.Status.SCHEDULED) & Q(
        account__status=Account.Status.NEEDS_RECONNECT
    )
    return (
        filtered(filters)
        .filter(Q(status__in=ATTENTION) | waiting)
        .order_by("-due_at", "-pk")
    )
