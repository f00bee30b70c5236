"""Local wall-clock times in IANA zones, and the UTC instants derived from them
(live interviews' starts, social deliveries' times).

A start is stored as the local date and time plus the zone's name; the instant is
computed from them with the tz database installed at the time (tzdata), so a rule
change published later (a country abolishing daylight saving) moves the instant
and never the local time the audience was told.
"""

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(name)s” is not an IANA time zone, e.g. America/Mexico_City."),
            params={"name": name},
        ) from error


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def validate_time_zone(name: str) -> None:
    if name not in _zone_names():
        raise ValidationError(
            _("“%(name)s” is not an IANA time zone, e.g. America/Mexico_City."),
            params={"name": name},
        )


def to_utc(local_date: date, local_time: time, zone_name: str) -> datetime:
    """The instant of a wall-clock time. A time inside a spring-forward gap is read
    with the offset before the gap (RFC 5545 3.3.5), i.e. it lands one hour later."""
    local = datetime.combine(local_date, local_time, tzinfo=zone(zone_name))
    return local.astimezone(UTC)


def exists(local_date: date, local_time: time, zone_name: str) -> bool:
    """False for a wall-clock time skipped by a daylight-saving change."""
    local = datetime.combine(local_date, local_time, tzinfo=zone(zone_name))
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def in_zone(instant: datetime, zone_name: str) -> datetime:
    return instant.astimezone(zone(zone_name))
