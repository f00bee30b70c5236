"""Rows for the events tests: series, interviews, guests with and without consent."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.utils import timezone

from migrantscount.events.models import (
    ConsentMethod,
    Guest,
    GuestConsentText,
    Interview,
    InterviewText,
    Person,
    Series,
    SeriesText,
)


def consent_text(language: str = "es") -> GuestConsentText:
    text, _created = GuestConsentText.objects.get_or_create(
        language=language, version=1, defaults={"text": "Acepto aparecer en vivo."}
    )
    return text


def series(**values: Any) -> Series:
    fields: dict[str, Any] = {
        "name": "Voices across the Americas",
        "first_date": date(2027, 1, 6),
        "start_time": time(18, 0),
        "time_zone": "America/New_York",
        "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
    }
    fields.update(values)
    row = Series(**fields)
    row.full_clean()
    row.save()
    SeriesText.objects.create(
        series=row, language="en", title="Voices across the Americas"
    )
    SeriesText.objects.create(series=row, language="es", title="Voces de las Américas")
    return row


def interview(**values: Any) -> Interview:
    fields: dict[str, Any] = {
        "local_date": date(2027, 3, 10),
        "local_time": time(18, 0),
        "time_zone": "America/New_York",
        "watch_url": "https://www.facebook.com/migrantscount/live",
    }
    fields.update(values)
    title = fields.pop("title", "Nurses from the Caribbean")
    row = Interview(**fields)
    row.full_clean()
    row.save()
    InterviewText.objects.create(interview=row, language="en", title=title)
    return row


def own_consent_guest(**values: Any) -> Guest:
    fields: dict[str, Any] = {
        "name": "María Pérez",
        "contact": "maria@example.org",
        "consent_text": consent_text(),
        "consent_method": ConsentMethod.WRITTEN,
        "consent_given_at": timezone.now(),
        "allows_live": True,
        "allows_recording_kept": True,
        "allows_recording_published": True,
        "allows_name": True,
        "public_name": "María",
    }
    fields.update(values)
    guest = Guest(**fields)
    guest.full_clean()
    guest.save()
    return guest


def host(**values: Any) -> Person:
    fields: dict[str, Any] = {"name": "Host One", "contact": "host@example.org"}
    fields.update(values)
    return Person.objects.create(**fields)
