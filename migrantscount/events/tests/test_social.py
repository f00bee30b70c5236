"""Interviews through the social engine: announcements (four moments, languages,
approval, reschedule, cancel, withdrawal) and the Facebook live video, end to end
against the fake Graph hosts (social.fakes.graph)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from migrantscount.events import announcements, services, sync
from migrantscount.events.models import (
    Announcement,
    Appearance,
    Interview,
    InterviewText,
    LiveVideo,
)
from migrantscount.events.timezones import zone
from migrantscount.social.fakes.graph import FakeMeta, Owner
from migrantscount.social.models import Account, Delivery, Post
from migrantscount.social.services import posts
from migrantscount.social.tests import factories as social_factories
from migrantscount.social.tests.meta import meta as meta  # the fixture

from . import factories

pytestmark = pytest.mark.django_db

NEW_YORK = zone("America/New_York")


def local_in(days: float, hour: int = 18) -> dict[str, Any]:
    moment = (timezone.now() + timedelta(days=days)).astimezone(NEW_YORK)
    return {
        "local_date": moment.date(),
        "local_time": moment.time().replace(
            hour=hour, minute=0, second=0, microsecond=0
        ),
    }


def announced_interview(days: float, **values: Any) -> Interview:
    interview = factories.interview(**local_in(days), **values)
    InterviewText.objects.create(
        interview=interview,
        language="es",
        title="Enfermeras del Caribe",
        summary="Tres enfermeras cuentan su llegada.",
    )
    return interview


@pytest.fixture
def accounts() -> dict[str, Account]:
    return {
        language: social_factories.account(
            f"mc-{language}.bsky.social",
            platform="bluesky",
            language=language,
            base_url="https://bsky.social",
            time_zone="America/Bogota",
        )
        for language in ("en", "es", "pt")
    }


@pytest.fixture
def page(meta: FakeMeta) -> Owner:
    return meta.add_page("1001", "Migrants Count")


@pytest.fixture
def facebook(meta: FakeMeta, page: Owner) -> Account:
    account = Account(
        platform="facebook",
        handle=page.name,
        base_url=meta.url,
        language="es",
        remote_id=page.id,
    )
    account.set_credentials({"access_token": page.token, "page_id": page.id})
    account.save()
    return account


def deliveries_of(interview: Interview, kind: str) -> list[Delivery]:
    return list(
        Delivery.objects.filter(
            post__source_uid__in=interview.announcements.filter(kind=kind).values("uid")
        ).order_by("language")
    )


def test_four_moments_in_each_language_with_text_and_none_without(
    accounts: dict[str, Account],
) -> None:
    interview = announced_interview(10)
    interview.announcement_accounts.set(accounts.values())

    made = announcements.plan_announcements(interview)

    assert len(made) == 12  # 4 moments x en, es, pt
    assert announcements.plan_announcements(interview) == []  # idempotent
    for kind, offset in announcements.OFFSETS.items():
        en, es = deliveries_of(interview, kind)
        assert (en.language, es.language) == ("en", "es")
        assert en.due_at == interview.starts_at - offset
        assert en.account == accounts["en"] and es.account == accounts["es"]
    # No Portuguese text: a row saying so, no post, nothing translated.
    missing = interview.announcements.filter(language="pt")
    assert missing.count() == 4 and not missing.exclude(post=None).exists()
    assert announcements.missing_languages(interview) == ["pt"]
    assert not Delivery.objects.filter(account=accounts["pt"]).exists()

    [week_es] = deliveries_of(interview, Announcement.Kind.WEEK)[1:]
    draft = posts.draft_for(week_es, with_media=False)
    assert draft.text.startswith("La próxima semana, en vivo: Enfermeras del Caribe.")
    assert len(draft.text) <= 300
    assert "#MigrantesCuentan" in draft.text
    link = urlsplit(draft.link)
    assert link.path == f"/es/interviews/{interview.uid}/"
    assert parse_qs(link.query)["utm_source"] == ["bluesky"]
    assert week_es.post.source_kind == Post.SourceKind.INTERVIEW


def test_announcements_wait_for_a_second_persons_approval(
    accounts: dict[str, Account],
) -> None:
    interview = announced_interview(3)
    interview.announcement_accounts.set([accounts["es"]])
    made = announcements.plan_announcements(interview)
    # A week before has passed: a day, an hour, live now.
    assert sorted(a.kind for a in made) == ["day", "hour", "live"]
    for announcement in made:
        assert announcement.post is not None
        assert announcement.post.status == Post.Status.AWAITING_APPROVAL
    post = made[0].post
    assert post is not None
    posts.approve_post(post, approver=social_factories.approver())
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED and post.approved_by is not None


def test_a_withdrawn_guest_takes_the_announcements_naming_them_down(
    accounts: dict[str, Account],
) -> None:
    guest = factories.own_consent_guest()
    interview = announced_interview(3)
    interview.announcement_accounts.set([accounts["es"]])
    services.attach_guest(interview, guest)
    other = announced_interview(4)  # without the guest
    other.announcement_accounts.set([accounts["es"]])
    announcements.plan_announcements(interview)
    announcements.plan_announcements(other)
    [day] = deliveries_of(interview, Announcement.Kind.DAY)
    assert "Con María." in posts.draft_for(day, with_media=False).text
    Delivery.objects.filter(pk=day.pk).update(
        status=Delivery.Status.PUBLISHED, remote_id="at://x/1"
    )

    services.withdraw_guest_consent(guest)

    day.refresh_from_db()
    assert day.status == Delivery.Status.DELETE_PENDING  # the dispatcher deletes it
    mine = Post.objects.filter(source_uid__in=interview.announcements.values("uid"))
    assert all(post.status == Post.Status.CANCELLED for post in mine)
    assert all(not text.body for post in mine for text in post.texts.all())
    theirs = Post.objects.filter(source_uid__in=other.announcements.values("uid"))
    assert all(post.status == Post.Status.AWAITING_APPROVAL for post in theirs)


def test_reschedule_and_cancel_end_to_end(
    accounts: dict[str, Account],
    facebook: Account,
    meta: FakeMeta,
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    interview = announced_interview(3, live_account=facebook)
    interview.announcement_accounts.set([accounts["es"], accounts["en"]])
    interview.announce_cancellation = True
    interview.save()
    sync.sync_interview(interview)
    live = LiveVideo.objects.get(interview=interview)
    remote = meta.live_videos[live.remote_id]
    assert remote["status"] == "SCHEDULED_UNPUBLISHED"
    assert remote["planned_start_time"] == int(interview.starts_at.timestamp())
    assert live.stream_key and live.stream_url.endswith(live.stream_key)
    [day_en, day_es] = deliveries_of(interview, Announcement.Kind.DAY)
    posts.approve_post(day_es.post, approver=social_factories.approver())

    # The editor moves it a day later (the admin saves the row the same way).
    new = local_in(4)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_interview(interview, **new)
    interview.refresh_from_db()
    assert interview.sequence == 1
    assert meta.live_videos[live.remote_id]["planned_start_time"] == int(
        interview.starts_at.timestamp()
    )
    day_es.refresh_from_db()
    assert day_es.due_at == interview.starts_at - timedelta(days=1)
    assert day_es.status == Delivery.Status.SCHEDULED
    # Its text names the new date, so it is approved again before going out.
    day_es.post.refresh_from_db()
    assert day_es.post.status == Post.Status.AWAITING_APPROVAL
    assert new["local_date"].strftime("%Y") in day_es.post.texts.get().body
    page = client.get(interview.url_in("es"))
    assert page.status_code == 200
    ics = client.get(f"/es/interviews/{interview.uid}/interview.ics").content.decode()
    assert "SEQUENCE:1" in ics
    assert new["local_date"].strftime("%Y%m%d") in ics

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_interview(interview)
    interview.refresh_from_db()
    assert meta.live_videos[live.remote_id]["deleted"]
    live.refresh_from_db()
    assert live.cancelled_at is not None and live.stream_key == ""
    for delivery in deliveries_of(interview, Announcement.Kind.HOUR):
        assert delivery.status == Delivery.Status.CANCELLED
    notices = deliveries_of(interview, Announcement.Kind.CANCELLED)
    assert [d.language for d in notices] == ["en", "es"]
    assert notices[1].post.texts.get().body.startswith("Cancelado:")
    assert notices[1].post.status == Post.Status.AWAITING_APPROVAL
    ics = client.get(f"/es/interviews/{interview.uid}/interview.ics").content.decode()
    assert "STATUS:CANCELLED" in ics and "SEQUENCE:2" in ics


def test_the_live_video_waits_for_the_seven_day_window(
    facebook: Account, meta: FakeMeta
) -> None:
    interview = announced_interview(9, live_account=facebook)
    sync.sync_interview(interview)
    assert not LiveVideo.objects.exists() and meta.live_videos == {}
    # Once within seven days (here: moved closer) the job creates it.
    services.move_interview(interview, **local_in(5))
    interview.refresh_from_db()
    assert interview in sync.interviews_to_sync(timezone.now())
    sync.sync_interview(interview)
    assert LiveVideo.objects.filter(interview=interview).count() == 1
    assert len(meta.live_videos) == 1


def finished_live(meta: FakeMeta, interview: Interview, facebook: Account) -> str:
    """A live video that went out and is now a recording (VOD)."""
    sync.sync_interview(interview)
    live = LiveVideo.objects.get(interview=interview)
    meta.go_live(live.remote_id)
    return meta.stop_live(live.remote_id, to="VOD")


def test_status_to_vod_keeps_the_recording_only_with_every_guests_consent(
    facebook: Account, meta: FakeMeta
) -> None:
    allowed = announced_interview(2, live_account=facebook)
    services.attach_guest(allowed, factories.own_consent_guest())
    refused = announced_interview(3, live_account=facebook)
    services.attach_guest(
        refused, factories.own_consent_guest(allows_recording_published=False)
    )
    video_allowed = finished_live(meta, allowed, facebook)
    finished_live(meta, refused, facebook)

    sync.sync_interview(allowed)
    sync.sync_interview(refused)

    allowed.refresh_from_db()
    refused.refresh_from_db()
    live = LiveVideo.objects.get(interview=allowed)
    assert live.status == "VOD" and live.video_id == video_allowed
    assert allowed.recording_url == live.permalink_url
    assert live.permalink_url.endswith(f"/videos/{video_allowed}/")
    assert live.stream_key == ""  # the stream is over
    assert refused.recording_url == ""
    assert LiveVideo.objects.get(interview=refused).permalink_url  # kept, not shown


def test_withdrawal_deletes_the_facebook_recording_or_makes_a_manual_takedown(
    facebook: Account,
    meta: FakeMeta,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    deletable = announced_interview(2, live_account=facebook)
    stuck = announced_interview(3, live_account=facebook)
    guest = factories.own_consent_guest()
    for interview in (deletable, stuck):
        services.attach_guest(interview, guest)
    video_deletable = finished_live(meta, deletable, facebook)
    video_stuck = finished_live(meta, stuck, facebook)
    meta.undeletable.add(video_stuck)
    # The interviews are over (so the guest's appearances stay in the archive).
    Interview.objects.filter(pk__in=[deletable.pk, stuck.pk]).update(
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=1),
    )
    assert Appearance.objects.filter(guest=guest).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_guest_consent(guest)

    assert meta.videos[video_deletable]["deleted"]
    assert LiveVideo.objects.get(interview=deletable).recording_deleted_at
    assert not meta.videos[video_stuck]["deleted"]
    [manual] = Delivery.objects.filter(status=Delivery.Status.MANUAL_TAKEDOWN)
    assert manual.remote_id == video_stuck
    assert manual.account == facebook
    assert manual.post.source_uid == stuck.uid
    assert "Unsupported delete request" in manual.last_error
    # A second run does not list it twice.
    sync.sync_interview(stuck)
    assert Delivery.objects.filter(status=Delivery.Status.MANUAL_TAKEDOWN).count() == 1
