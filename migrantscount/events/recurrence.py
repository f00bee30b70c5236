"""RFC 5545 recurrence rules, read by python-dateutil's rrule.

Rules run on the local wall clock of the series' zone (an aware DTSTART in a
ZoneInfo zone), so an occurrence keeps its local time whatever the offset that
day. UNTIL is stored in UTC, as RFC 5545 requires beside a DTSTART with a TZID;
editors may type it as a local date or time, and `normalise_rule` converts it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from dateutil.rrule import rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
# Parts that would move the start away from the series' own time or zone.
FORBIDDEN_PARTS = {"DTSTART", "TZID", "BYHOUR", "BYMINUTE", "BYSECOND"}


def _parts(text: str) -> list[tuple[str, str]]:
    text = text.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    parts = []
    for item in text.split(";"):
        if not item.strip():
            continue
        name, separator, value = item.partition("=")
        if not separator or not value:
            raise ValidationError(
                _("“%(part)s” is not NAME=VALUE."), params={"part": item}
            )
        parts.append((name.strip().upper(), value.strip().upper()))
    return parts


def validate_rule(text: str) -> None:
    """The checks that need no start date (the model's clean does the rest)."""
    parts = _parts(text)
    names = [name for name, _value in parts]
    if len(set(names)) != len(names):
        raise ValidationError(_("A part of the rule is given twice."))
    frequency = dict(parts).get("FREQ")
    if frequency not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _("Give FREQ=DAILY, WEEKLY, MONTHLY or YEARLY; interviews are not hourly.")
        )
    forbidden = sorted(FORBIDDEN_PARTS & set(names))
    if forbidden:
        raise ValidationError(
            _("Leave out %(parts)s: the series' date, time and zone give the start."),
            params={"parts": ", ".join(forbidden)},
        )
    if "UNTIL" in names and "COUNT" in names:
        raise ValidationError(_("Give UNTIL or COUNT, not both."))


def _until_in_utc(value: str, dtstart: datetime) -> str:
    """An UNTIL typed as a local date or time, as the UTC time RFC 5545 wants."""
    if value.endswith("Z"):
        return value
    try:
        if "T" in value:
            local = datetime.strptime(value, "%Y%m%dT%H%M%S")  # noqa: DTZ007
        else:
            local = datetime.combine(
                datetime.strptime(value, "%Y%m%d").date(),  # noqa: DTZ007
                time(23, 59, 59),
            )
    except ValueError as error:
        raise ValidationError(
            _("UNTIL is a date (20271231) or a time (20271231T235959)."),
        ) from error
    instant = local.replace(tzinfo=dtstart.tzinfo).astimezone(UTC)
    return instant.strftime("%Y%m%dT%H%M%SZ")


def normalise_rule(text: str, *, dtstart: datetime) -> str:
    """The rule as stored: upper case, no RRULE: prefix, UNTIL in UTC; raises
    ValidationError when dateutil cannot read it from this start."""
    validate_rule(text)
    parts = [
        (name, _until_in_utc(value, dtstart) if name == "UNTIL" else value)
        for name, value in _parts(text)
    ]
    parts.sort(key=lambda part: part[0] != "FREQ")
    normalised = ";".join(f"{name}={value}" for name, value in parts)
    build(normalised, dtstart=dtstart)
    return normalised


def build(rule: str, *, dtstart: datetime) -> rrule:
    try:
        parsed = rrulestr(rule, dtstart=dtstart, forceset=False)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("The rule cannot be read: %(error)s"), params={"error": str(error)}
        ) from error
    if not isinstance(parsed, rrule):
        raise ValidationError(_("Give one rule."))
    return parsed


def occurrences(
    rule: str,
    *,
    dtstart: datetime,
    after: datetime,
    before: datetime,
    exceptions: set[date] | None = None,
) -> list[datetime]:
    """The rule's starts in [after, before), as aware local datetimes in the zone
    of `dtstart`, without those on an exception date."""
    skipped = exceptions or set()
    return [
        start
        for start in build(rule, dtstart=dtstart).between(after, before, inc=True)
        if start.date() not in skipped and start < before
    ]


def validate_exceptions(text: str) -> None:
    parse_exceptions(text)


def parse_exceptions(text: str) -> set[date]:
    found = set()
    for line in text.replace(",", "\n").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            found.add(date.fromisoformat(line))
        except ValueError as error:
            raise ValidationError(
                _("“%(line)s” is not a date like 2026-12-23."), params={"line": line}
            ) from error
    return found


def stamp(start: datetime) -> str:
    """A local start in RFC 5545 form (RECURRENCE-ID, EXDATE): 20261209T180000."""
    return start.strftime("%Y%m%dT%H%M%S")
