"""Occurrences written ahead, moved, cancelled and retired; guests and consent."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from migrantscount.events import services
from migrantscount.events.models import Appearance, Guest, GuestScope, Interview
from migrantscount.social.tests import factories as social_factories

from . import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_occurrences_are_written_up_to_the_horizon_and_only_once(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVENTS_OCCURRENCE_HORIZON_DAYS = 60
    series = factories.series()
    first = services.write_occurrences(series)
    # Every other Wednesday from 6 January, for 60 days: 6, 20 Jan, 3, 17 Feb.
    assert [row.local_date for row in first] == [
        date(2027, 1, 6),
        date(2027, 1, 20),
        date(2027, 2, 3),
        date(2027, 2, 17),
    ]
    assert services.write_occurrences(series) == []
    assert series.occurrences.count() == 4
    assert {row.watch_url for row in first} == {""}
    text = first[0].text_for("es")
    assert text is not None
    assert text.title == "Voces de las Américas"


@time_machine.travel(NOW, tick=False)
def test_the_periodic_job_writes_more_as_time_passes(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVENTS_OCCURRENCE_HORIZON_DAYS = 30
    series = factories.series()
    assert services.write_all_occurrences() == 2  # 6 and 20 January
    with time_machine.travel(NOW + timedelta(days=14), tick=False):
        assert services.write_all_occurrences() == 1  # 3 February
    assert series.occurrences.count() == 3


@time_machine.travel(NOW, tick=False)
def test_a_moved_occurrence_keeps_its_recurrence_id_and_bumps_sequence() -> None:
    series = factories.series()
    services.write_occurrences(series)
    occurrence = series.occurrences.get(local_date=date(2027, 1, 20))
    assert occurrence.sequence == 0

    moved = services.move_interview(
        occurrence, local_date=date(2027, 1, 21), local_time=time(19, 30)
    )

    assert moved.recurrence_id == "20270120T180000"
    assert moved.is_moved
    assert moved.sequence == 1
    assert moved.starts_at == datetime(2027, 1, 22, 0, 30, tzinfo=UTC)
    # Writing again neither duplicates nor undoes the move.
    services.write_occurrences(series)
    moved.refresh_from_db()
    assert (moved.local_date, moved.local_time) == (date(2027, 1, 21), time(19, 30))
    assert series.occurrences.filter(recurrence_id="20270120T180000").count() == 1


@time_machine.travel(NOW, tick=False)
def test_cancelling_bumps_sequence_once() -> None:
    row = factories.interview()
    cancelled = services.cancel_interview(row)
    assert cancelled.status == Interview.Status.CANCELLED
    assert cancelled.sequence == 1
    assert services.cancel_interview(cancelled).sequence == 1


@time_machine.travel(NOW, tick=False)
def test_a_time_skipped_by_the_clock_change_is_refused() -> None:
    row = factories.interview()
    with pytest.raises(ValidationError):
        # 14 March 2027, 02:30 does not exist in Washington.
        services.move_interview(
            row, local_date=date(2027, 3, 14), local_time=time(2, 30)
        )


@time_machine.travel(NOW, tick=False)
def test_a_changed_rule_retires_occurrences_it_no_longer_gives() -> None:
    series = factories.series(rule="FREQ=WEEKLY;BYDAY=WE;COUNT=4")
    services.write_occurrences(series)
    with_guest = series.occurrences.get(local_date=date(2027, 1, 20))
    services.attach_guest(with_guest, factories.own_consent_guest())

    series.exceptions = "2027-01-13\n2027-01-20"
    series.full_clean()
    series.save()
    services.write_occurrences(series)

    dates = {
        row.local_date: row.status for row in series.occurrences.order_by("starts_at")
    }
    # The untouched row is gone, the one with a guest is cancelled (people know of it).
    assert dates == {
        date(2027, 1, 6): Interview.Status.PLANNED,
        date(2027, 1, 20): Interview.Status.CANCELLED,
        date(2027, 1, 27): Interview.Status.PLANNED,
    }


@time_machine.travel(NOW, tick=False)
def test_occurrences_ahead_follow_the_series_place_and_duration() -> None:
    series = factories.series()
    services.write_occurrences(series)
    series.watch_url = "https://www.youtube.com/@migrantscount/live"
    series.duration_minutes = 45
    series.save()
    services.write_occurrences(series)
    row = series.occurrences.first()
    assert row is not None
    assert row.watch_url == "https://www.youtube.com/@migrantscount/live"
    assert row.ends_at - row.starts_at == timedelta(minutes=45)
    assert row.sequence == 1


def test_a_guest_without_interview_consent_cannot_be_attached() -> None:
    submission = social_factories.submission(allows_interview=False)
    story = social_factories.live_story(submission_row=submission)
    guest = Guest(story=story, language="es")
    with pytest.raises(ValidationError) as error:
        guest.full_clean()
    assert "story" in error.value.message_dict
    guest.save()  # even if saved behind the form's back, it cannot appear
    interview = factories.interview()
    with pytest.raises(ValidationError):
        services.attach_guest(interview, guest)
    assert not Appearance.objects.exists()
    with pytest.raises(ValidationError):
        Appearance(interview=interview, guest=guest).full_clean()


def test_a_story_with_interview_consent_lets_its_guest_appear_live_only() -> None:
    submission = social_factories.submission(allows_interview=True)
    story = social_factories.live_story(submission_row=submission)
    guest = Guest(story=story, language="es", appearance=Guest.Appearance.VOICE_ONLY)
    guest.full_clean()
    guest.save()
    services.attach_guest(factories.interview(), guest)
    assert guest.consent_allows(GuestScope.LIVE)
    assert guest.consent_allows(GuestScope.NAME)  # the story shows "Ana"
    assert guest.shown_name() == "Ana"
    for scope in (GuestScope.RECORDING_KEPT, GuestScope.CLIPS, GuestScope.FACE):
        assert not guest.consent_allows(scope)


def test_an_unpublished_story_is_no_basis() -> None:
    submission = social_factories.submission(allows_interview=True)
    story = social_factories.live_story(submission_row=submission)
    story.unpublish()
    guest = Guest.objects.create(story=story, language="es")
    assert not guest.consent_allows(GuestScope.LIVE)


def test_own_consent_is_asked_scope_by_scope() -> None:
    guest = factories.own_consent_guest(
        allows_recording_published=False, allows_face=False, public_name=""
    )
    assert guest.consent_allows(GuestScope.LIVE)
    assert guest.consent_allows(GuestScope.RECORDING_KEPT)
    assert not guest.consent_allows(GuestScope.RECORDING_PUBLISHED)
    assert not guest.consent_allows(GuestScope.CLIPS)
    guest.allows_recording_published = True
    guest.do_not_record = True
    assert not guest.consent_allows(GuestScope.RECORDING_KEPT)
    assert not guest.consent_allows(GuestScope.RECORDING_PUBLISHED)


def test_a_name_or_face_without_consent_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        factories.own_consent_guest(allows_name=False, public_name="María")
    assert "public_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        factories.own_consent_guest(appearance=Guest.Appearance.ON_CAMERA)
    assert "appearance" in error.value.message_dict


def test_the_recording_is_shown_only_if_every_guest_allows_it() -> None:
    interview = factories.interview(recording_url="https://example.org/recording")
    services.attach_guest(interview, factories.own_consent_guest())
    assert interview.recording_may_be_shown()
    services.attach_guest(
        interview, factories.own_consent_guest(allows_recording_published=False)
    )
    assert not interview.recording_may_be_shown()


def test_the_guests_own_consent_is_stored_encrypted() -> None:
    from django.db import connection

    guest = factories.own_consent_guest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, contact FROM events_guest WHERE id = %s", [guest.pk]
        )
        name, contact = cursor.fetchone()
    assert "María" not in name
    assert "maria@example.org" not in contact


def test_withdrawal_erases_the_guest_and_hides_the_recording() -> None:
    with time_machine.travel(NOW, tick=False):
        past = factories.interview(
            local_date=date(2026, 12, 2), recording_url="https://example.org/rec"
        )
        past.texts.update(transcript="Everything said.")
        ahead = factories.interview()
        guest = factories.own_consent_guest()
        services.attach_guest(past, guest)
        services.attach_guest(ahead, guest)

        services.withdraw_guest_consent(guest)

    guest.refresh_from_db()
    assert (guest.name, guest.contact, guest.public_name) == ("", "", "")
    assert guest.withdrawn_at is not None
    assert not guest.consent_allows(GuestScope.LIVE)
    past.refresh_from_db()
    assert past.recording_url == ""
    assert not past.recording_may_be_shown()
    assert past.transcript_for("en") == ""
    assert not ahead.appearances.exists()
    assert past.appearances.exists()  # the archive still knows who withdrew


def test_contacts_are_erased_days_after_the_last_interview(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVENTS_GUEST_CONTACT_RETENTION_DAYS = 30
    with time_machine.travel(NOW, tick=False):
        guest = factories.own_consent_guest()
        services.attach_guest(factories.interview(local_date=date(2027, 1, 5)), guest)
        services.attach_guest(factories.interview(local_date=date(2027, 2, 1)), guest)
        never = factories.own_consent_guest()
    at = datetime(2027, 2, 1, 23, 0, tzinfo=UTC) + timedelta(days=30)
    assert services.erase_expired_guest_contacts(now=at - timedelta(hours=2)) == 0
    assert services.erase_expired_guest_contacts(now=at + timedelta(hours=1)) == 1
    guest.refresh_from_db()
    never.refresh_from_db()
    assert guest.contact == ""
    assert guest.name == "María Pérez"
    assert guest.contact_erased_at is not None
    assert never.contact == "maria@example.org"
    assert timezone.is_aware(guest.contact_erased_at)
