"""Reminder e-mails before an interview: who gets them, when, in which language and
zone, with the .ics attached; once each, again after a move, never after withdrawal."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import icalendar
import pytest
from django.core import mail

from migrantscount.events import reminders, services
from migrantscount.events.models import (
    Guest,
    Interpretation,
    Interview,
    Person,
    ReminderSent,
)
from migrantscount.events.tests import factories

pytestmark = pytest.mark.django_db

Planned = tuple[Interview, Person, Person, Guest]


@pytest.fixture
def planned() -> Planned:
    host = Person.objects.create(
        name="Host",
        contact="host@example.org",
        language="en",
        time_zone="America/New_York",
    )
    interpreter = Person.objects.create(
        name="Interpreter",
        contact="interprete@example.org",
        language="fr",
        time_zone="America/Port-au-Prince",
    )
    interview = factories.interview(host=host)
    Interpretation.objects.create(
        interview=interview, language="fr", interpreter=interpreter
    )
    guest = factories.own_consent_guest(
        contact="maria@example.org", language="es", time_zone="America/Santiago"
    )
    services.attach_guest(interview, guest)
    return interview, host, interpreter, guest


def by_recipient() -> dict[str, Any]:
    return {message.to[0]: message for message in mail.outbox}


def test_a_day_before_each_person_gets_one_mail_in_their_language_and_zone(
    planned: Planned,
) -> None:
    interview, *_people = planned
    now = interview.starts_at - timedelta(hours=23)
    assert reminders.send_due_reminders(now=now) == 3
    messages = by_recipient()
    assert set(messages) == {
        "host@example.org",
        "interprete@example.org",
        "maria@example.org",
    }
    # 18:00 in New York on 10 March 2027 (EDT from 14 March: still EST, UTC-5) is
    # 20:00 in Santiago (summer time, UTC-3) and 18:00 in Port-au-Prince.
    assert "Tomorrow" in messages["host@example.org"].subject
    assert "6:00" in messages["host@example.org"].body
    assert "Demain" in messages["interprete@example.org"].subject
    assert "18:00" in messages["interprete@example.org"].body
    assert "Mañana" in messages["maria@example.org"].subject
    assert "20:00" in messages["maria@example.org"].body
    assert messages["maria@example.org"].extra_headers["Content-Language"] == "es"
    # Sending again in the same window sends nothing.
    assert reminders.send_due_reminders(now=now + timedelta(minutes=5)) == 0


def test_the_attached_calendar_file_is_the_interview(planned: Planned) -> None:
    interview, *_people = planned
    reminders.send_due_reminders(now=interview.starts_at - timedelta(hours=2))
    (name, content, mime_type) = by_recipient()["maria@example.org"].attachments[0]
    assert mime_type == "text/calendar" and name.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["UID"]).startswith(str(interview.uid))
    assert events[0].decoded("DTSTART").astimezone(interview.starts_at.tzinfo) == (
        interview.starts_at
    )


def test_after_downtime_only_the_nearest_reminder_goes(planned: Planned) -> None:
    interview, *_people = planned
    # The scheduler was down through the one-day moment; 30 minutes before.
    assert (
        reminders.send_due_reminders(now=interview.starts_at - timedelta(minutes=30))
        == 3
    )
    assert {row.minutes_before for row in ReminderSent.objects.all()} == {60}
    assert all(
        "hour" in m.subject or "hora" in m.subject or "heure" in m.subject
        for m in mail.outbox
    )
    assert (
        reminders.send_due_reminders(now=interview.starts_at + timedelta(minutes=1))
        == 0
    )


def test_a_moved_interview_is_reminded_again_for_its_new_time(planned: Planned) -> None:
    interview, *_people = planned
    reminders.send_due_reminders(now=interview.starts_at - timedelta(hours=20))
    assert len(mail.outbox) == 3
    moved = services.move_interview(
        interview,
        local_date=interview.local_date + timedelta(days=1),
        local_time=interview.local_time,
    )
    mail.outbox.clear()
    assert reminders.send_due_reminders(now=moved.starts_at - timedelta(hours=20)) == 3


def test_cancelled_interviews_and_withdrawn_guests_get_nothing(
    planned: Planned,
) -> None:
    interview, _host, _interpreter, guest = planned
    services.withdraw_guest_consent(guest)
    reminders.send_due_reminders(now=interview.starts_at - timedelta(hours=20))
    assert "maria@example.org" not in by_recipient()
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    services.cancel_interview(interview)
    assert (
        reminders.send_due_reminders(now=interview.starts_at - timedelta(minutes=30))
        == 0
    )


def test_a_phone_number_or_nothing_gets_no_mail_and_no_retry(planned: Planned) -> None:
    interview, host, _interpreter, _guest = planned
    host.contact = "+1 202 555 0100"
    host.save()
    reminders.send_due_reminders(now=interview.starts_at - timedelta(hours=20))
    assert "host@example.org" not in by_recipient()
    skipped = ReminderSent.objects.get(recipient=ReminderSent.Recipient.HOST)
    assert skipped.sent is False


def test_a_failing_mail_server_is_retried_next_run_and_addresses_are_not_logged(
    planned: Planned,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    interview, *_people = planned
    now = interview.starts_at - timedelta(hours=20)

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(reminders, "send_templated_mail", refuse)
    with caplog.at_level(logging.INFO):
        assert reminders.send_due_reminders(now=now) == 0
    assert "example.org" not in caplog.text
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert reminders.send_due_reminders(now=now + timedelta(minutes=5)) == 3


def test_team_contacts_are_erased_a_set_time_after_their_last_interview(
    planned: Planned, settings: Any
) -> None:
    interview, host, interpreter, _guest = planned
    settings.EVENTS_TEAM_CONTACT_RETENTION_DAYS = 30
    assert services.erase_expired_team_contacts(now=interview.ends_at) == 0
    later = interview.ends_at + timedelta(days=31)
    assert services.erase_expired_team_contacts(now=later) == 2
    host.refresh_from_db()
    interpreter.refresh_from_db()
    assert host.contact == "" and host.contact_erased_at == later
    assert interpreter.contact == ""
