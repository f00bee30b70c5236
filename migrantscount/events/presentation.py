"""What public pages show of an interview: times in a reader's zone, the guests as
their consent allows, the recording only when every guest allows it, schema.org
Event data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date, format_time, get_timezone_name
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import timezones
from .models import Guest, GuestScope, Interview, Platform

# The zone times are shown in before the reader picks one (or their browser says):
# the largest audience of each language in the Americas.
DEFAULT_ZONES = {
    "en": "America/New_York",
    "es": "America/Mexico_City",
    "fr": "America/Port-au-Prince",
    "pt": "America/Sao_Paulo",
}
# The zones offered in the "show times in" choice (works without JavaScript).
AUDIENCE_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Mexico_City",
    "America/Guatemala",
    "America/Bogota",
    "America/Lima",
    "America/Caracas",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo",
    "America/Port-au-Prince",
    "America/Santo_Domingo",
    "UTC",
]


def audience_zone(requested: str | None, language: str) -> str:
    if requested and requested in AUDIENCE_ZONES:
        return requested
    return DEFAULT_ZONES.get(language, "America/New_York")


def zone_choices(language: str) -> list[tuple[str, str]]:
    return [
        (name, f"{get_timezone_name(timezones.zone(name), locale=language)} ({name})")
        for name in AUDIENCE_ZONES
    ]


def when(instant: datetime, *, zone_name: str, language: str) -> str:
    local = timezones.in_zone(instant, zone_name)
    return "{date}, {time} ({zone})".format(
        date=format_date(local, "full", locale=language),
        time=format_time(local, "short", locale=language),
        zone=get_timezone_name(local, locale=language),
    )


@dataclass(frozen=True)
class GuestView:
    name: str
    appearance: str


def guest_views(interview: Interview) -> list[GuestView]:
    """Guests as consent allows: a name only with consent to show it."""
    views = []
    for appearance in interview.appearances.all():
        guest = appearance.guest
        if not guest.consent_allows(GuestScope.LIVE):
            continue
        appears = {
            Guest.Appearance.ON_CAMERA: "",
            Guest.Appearance.FACE_HIDDEN: _("face hidden"),
            Guest.Appearance.VOICE_ONLY: _("voice only"),
        }[Guest.Appearance(guest.appearance)]
        views.append(
            GuestView(name=guest.shown_name() or _("A guest"), appearance=appears)
        )
    return views


def event_status(interview: Interview) -> str:
    if interview.is_cancelled:
        return "https://schema.org/EventCancelled"
    if interview.is_moved:
        return "https://schema.org/EventRescheduled"
    return "https://schema.org/EventScheduled"


def structured_data(interview: Interview, *, language: str, url: str) -> SafeString:
    """schema.org Event as JSON-LD, escaped for a <script> data block."""
    text = interview.text_for(language)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": text.title if text else _("Live interview"),
        "description": text.summary if text else "",
        "startDate": interview.local_start().isoformat(),
        "endDate": (interview.local_start() + interview.duration).isoformat(),
        "eventStatus": event_status(interview),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {
            "@type": "VirtualLocation",
            "url": interview.watch_url or url,
        },
        "inLanguage": interview.language_list,
        "isAccessibleForFree": True,
        "url": url,
        "organizer": {
            "@type": "Organization",
            "name": "Migrants Count",
            "url": settings.SITE_URL,
        },
    }
    if interview.is_moved and interview.series is not None:
        previous = datetime.strptime(interview.recurrence_id, "%Y%m%dT%H%M%S").replace(
            tzinfo=timezones.zone(interview.time_zone)
        )
        data["previousStartDate"] = previous.isoformat()
    encoded = (
        json.dumps(data, ensure_ascii=False, indent=1)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return mark_safe(encoded)  # noqa: S308  (JSON with <, > and & escaped)


def platform_label(interview: Interview) -> str:
    return str(Platform(interview.platform).label)


def languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]
