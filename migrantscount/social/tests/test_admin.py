"""The Social admin with real users in real roles: a communications officer
composes, schedules and connects; a Campaign approver (not the author) approves;
moderators and editors see nothing of it. Networks are mocked at the edge
(platforms/*) or are S3's HTTP-level fake Mastodon."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.fakes.mastodon import FakeMastodon
from migrantscount.social.models import Account, Delivery, DispatchSwitch, Post
from migrantscount.social.platforms import bluesky
from migrantscount.social.platforms.base import PlatformError

from . import factories

pytestmark = pytest.mark.django_db

SECRET = "SECRET-TOKEN-never-shown"


@pytest.fixture(autouse=True)
def seeded() -> None:
    roles.seed_roles()


def member(group: str, username: str) -> Any:
    person = UserFactory(username=username)  # type: ignore[no-untyped-call]
    person.groups.add(Group.objects.get(name=group))
    return person


@pytest.fixture
def officer() -> Any:
    return member(roles.COMMUNICATIONS_OFFICERS, "comms")


@pytest.fixture
def approver() -> Any:
    return member(roles.CAMPAIGN_APPROVERS, "approver")


def client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def refused(response: Any) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard."""
    return (response.status_code, response.get("Location")) in (
        (403, None),
        (302, "/admin/"),
    )


URLS = [
    "/admin/social/",
    "/admin/social/posts/new/",
    "/admin/social/accounts/",
    "/admin/social/accounts/connect/bluesky/",
    "/admin/social/accounts/connect/mastodon/",
    "/admin/social/deliveries/",
    "/admin/social/takedowns/",
    "/admin/social/sending/",
]


def test_communications_officer_sees_every_social_page(officer: Any) -> None:
    client = client_for(officer)
    menu = page(client, "/admin/")
    assert "/admin/social/accounts/" in menu and "/admin/social/takedowns/" in menu
    for url in URLS:
        page(client, url)


def test_approver_sees_posts_but_cannot_compose_or_connect(approver: Any) -> None:
    client = client_for(approver)
    assert "/admin/social/deliveries/" in page(client, "/admin/")
    listing = page(client, "/admin/social/")
    assert "/admin/social/posts/new/" not in listing
    assert "Connect a Bluesky account" not in page(client, "/admin/social/accounts/")
    for url in ("/admin/social/posts/new/", "/admin/social/accounts/connect/bluesky/"):
        assert refused(client.get(url))


@pytest.mark.parametrize("group", [roles.STORY_MODERATORS, roles.EDITORS])
def test_moderators_and_editors_see_nothing_of_social(group: Any) -> None:
    client = client_for(member(group, "someone"))
    menu = page(client, "/admin/")
    assert "/admin/social/" not in menu
    for url in URLS:
        assert refused(client.get(url)), url


def test_officer_connects_bluesky_and_credentials_are_never_shown(
    officer: Any, monkeypatch: Any
) -> None:
    seen: list[tuple[str, str, str]] = []

    def connect(base_url: str, handle: str, app_password: str) -> dict[str, str]:
        seen.append((base_url, handle, app_password))
        return {
            "did": "did:plc:abc",
            "handle": handle,
            "access_jwt": SECRET,
            "refresh_jwt": SECRET,
            "app_password": app_password,
        }

    monkeypatch.setattr(bluesky, "connect", connect)
    client = client_for(officer)
    form = page(client, "/admin/social/accounts/connect/bluesky/")
    assert 'value="https://bsky.social"' in form
    assert 'type="password"' in form

    response = client.post(
        "/admin/social/accounts/connect/bluesky/",
        {
            "handle": "@campaign.bsky.social",
            "app_password": "abcd-efgh-ijkl-mnop",
            "base_url": "https://bsky.social",
            "language": "es",
            "time_zone": "America/Bogota",
            "limit_story_replies": "on",
        },
    )

    assert response.status_code == 302
    assert seen == [
        ("https://bsky.social", "campaign.bsky.social", "abcd-efgh-ijkl-mnop")
    ]
    account = Account.objects.get()
    assert (account.platform, account.handle, account.language) == (
        "bluesky",
        "campaign.bsky.social",
        "es",
    )
    assert account.connected_by == officer
    for url in (
        "/admin/social/accounts/",
        f"/admin/social/accounts/{account.pk}/",
        f"/admin/social/accounts/connect/bluesky/?account={account.pk}",
    ):
        html = page(client, url)
        assert SECRET not in html and "abcd-efgh-ijkl-mnop" not in html


def test_bluesky_refusal_shows_the_networks_message(
    officer: Any, monkeypatch: Any
) -> None:
    def refuse(base_url: str, handle: str, app_password: str) -> dict[str, str]:
        raise PlatformError("Invalid identifier or password", needs_reconnect=True)

    monkeypatch.setattr(bluesky, "connect", refuse)
    response = client_for(officer).post(
        "/admin/social/accounts/connect/bluesky/",
        {
            "handle": "campaign.bsky.social",
            "app_password": "wrong",
            "base_url": "https://bsky.social",
            "language": "en",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 400
    assert "Invalid identifier or password" in response.content.decode()
    assert not Account.objects.exists()


@pytest.fixture
def fake_mastodon() -> Iterator[FakeMastodon]:
    fake = FakeMastodon(version="4.5.0").start()
    fake.create_account("migrantscount", "Migrants Count")
    yield fake
    fake.stop()


def _start_mastodon(client: Client, fake: FakeMastodon) -> str:
    response = client.post(
        "/admin/social/accounts/connect/mastodon/",
        {"instance_url": fake.url, "language": "en", "time_zone": "America/Toronto"},
    )
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"{fake.url}/oauth/authorize?")
    return authorize


def test_officer_connects_mastodon_with_pkce_and_state(
    officer: Any, fake_mastodon: Any
) -> None:
    client = client_for(officer)
    authorize = _start_mastodon(client, fake_mastodon)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]  # 4.5 supports PKCE
    assert SECRET not in str(client.session.items())

    # The instance approves at once (fake) and sends the person back.
    back = httpx.get(authorize, follow_redirects=False).headers["location"]
    callback = urlsplit(back)
    assert callback.path == "/admin/social/accounts/connect/mastodon/callback/"
    response = client.get(f"{callback.path}?{callback.query}")

    assert response.status_code == 302
    account = Account.objects.get()
    assert account.platform == "mastodon"
    assert account.handle == f"@migrantscount@{fake_mastodon.domain}"
    assert account.time_zone == "America/Toronto"
    assert account.get_credentials()["access_token"]
    assert account.instance_settings["max_characters"] == 500
    # The pending connection is used once.
    again = client.get(f"{callback.path}?{callback.query}")
    assert again.status_code == 302
    assert Account.objects.count() == 1


def test_mastodon_callback_with_another_state_is_refused(
    officer: Any, fake_mastodon: Any
) -> None:
    client = client_for(officer)
    authorize = _start_mastodon(client, fake_mastodon)
    back = urlsplit(httpx.get(authorize, follow_redirects=False).headers["location"])
    code = parse_qs(back.query)["code"][0]
    response = client.get(f"{back.path}?code={code}&state=forged", follow=True)
    assert "does not belong to a connection started here" in response.content.decode()
    assert not Account.objects.exists()


def test_old_mastodon_uses_the_plain_code_flow(officer: Any) -> None:
    fake = FakeMastodon(version="4.2.0").start()
    try:
        authorize = _start_mastodon(client_for(officer), fake)
    finally:
        fake.stop()
    assert "code_challenge" not in parse_qs(urlsplit(authorize).query)


def _free_text(client: Client) -> Post:
    response = client.post(
        "/admin/social/posts/new/",
        {
            "source_kind": "free_text",
            "title": "Launch",
            "languages": ["en", "es"],
            "link": "https://migrantscount.example/news/launch/",
            "body_en": "Migrants count: the campaign starts today.",
            "body_es": "Los migrantes cuentan: la campaña empieza hoy.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Post.objects.get()


def test_four_eyes_officer_composes_approver_approves(
    officer: Any, approver: Any
) -> None:
    officer_client = client_for(officer)
    post = _free_text(officer_client)
    assert post.author == officer and post.status == Post.Status.DRAFT

    officer_client.post(f"/admin/social/posts/{post.pk}/", {"action": "submit"})
    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL
    html = page(officer_client, f"/admin/social/posts/{post.pk}/")
    assert 'value="approve"' not in html
    response = officer_client.post(
        f"/admin/social/posts/{post.pk}/", {"action": "approve"}
    )
    assert refused(response)

    approver_client = client_for(approver)
    assert 'value="approve"' in page(approver_client, f"/admin/social/posts/{post.pk}/")
    approver_client.post(f"/admin/social/posts/{post.pk}/", {"action": "approve"})
    post.refresh_from_db()
    assert (post.status, post.approved_by) == (Post.Status.APPROVED, approver)


def test_an_approver_never_approves_their_own_post(approver: Any) -> None:
    post = factories.post(approved=False, author=approver)
    post.status = Post.Status.AWAITING_APPROVAL
    post.save()
    client = client_for(approver)
    html = page(client, f"/admin/social/posts/{post.pk}/")
    assert 'value="approve"' not in html
    assert "another Campaign approver must approve it" in html
    response = client.post(f"/admin/social/posts/{post.pk}/", {"action": "approve"})
    assert refused(response)
    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL


def test_approver_sends_a_post_back_with_a_note(officer: Any, approver: Any) -> None:
    post = _free_text(client_for(officer))
    client_for(officer).post(f"/admin/social/posts/{post.pk}/", {"action": "submit"})
    client_for(approver).post(
        f"/admin/social/posts/{post.pk}/", {"action": "reject", "note": "Shorter."}
    )
    post.refresh_from_db()
    assert (post.status, post.review_note) == (Post.Status.REJECTED, "Shorter.")
    assert "Shorter." in page(client_for(officer), f"/admin/social/posts/{post.pk}/")


def test_officer_edits_texts(officer: Any) -> None:
    client = client_for(officer)
    post = _free_text(client)
    client.post(
        f"/admin/social/posts/{post.pk}/",
        {"action": "texts", "body_en": "New English.", "body_es": "Nuevo."},
    )
    assert dict(post.texts.values_list("language", "body")) == {
        "en": "New English.",
        "es": "Nuevo.",
    }


def test_schedule_reads_the_time_in_each_accounts_zone(
    officer: Any, testnet: Any
) -> None:
    mexico = factories.account("mx", language="es", time_zone="America/Mexico_City")
    lisbon = factories.account("pt", language="en", time_zone="Europe/Lisbon")
    client = client_for(officer)
    post = _free_text(client)
    day = (timezone.now() + timedelta(days=2)).date()

    response = client.post(
        f"/admin/social/posts/{post.pk}/",
        {
            "action": "schedule",
            "accounts": [mexico.pk, lisbon.pk],
            "date": day.isoformat(),
            "time": "18:00",
        },
    )

    assert response.status_code == 302
    due = dict(Delivery.objects.values_list("account__handle", "due_at"))
    assert due["mx"] == datetime.combine(
        day, datetime.min.time().replace(hour=18), ZoneInfo("America/Mexico_City")
    )
    assert due["pt"] == datetime.combine(
        day, datetime.min.time().replace(hour=18), ZoneInfo("Europe/Lisbon")
    )
    assert set(Delivery.objects.values_list("language", flat=True)) == {"es", "en"}
    html = page(client, f"/admin/social/posts/{post.pk}/")
    assert "America/Mexico_City" in html


def test_schedule_problems_are_shown_not_saved(officer: Any, testnet: Any) -> None:
    french = factories.account("fr", language="fr")
    client = client_for(officer)
    post = _free_text(client)  # no French text
    response = client.post(
        f"/admin/social/posts/{post.pk}/",
        {
            "action": "schedule",
            "accounts": [french.pk],
            "date": "2030-01-01",
            "time": "09:00",
        },
        follow=True,
    )
    assert "no text in fr" in response.content.decode()
    assert not Delivery.objects.exists()


def test_deliveries_filter_show_network_error_and_retry_cancel(
    officer: Any, approver: Any, testnet: Any
) -> None:
    one = factories.account("one")
    two = factories.account("two")
    failed = factories.delivery(factories.post(), one)
    Delivery.objects.filter(pk=failed.pk).update(
        status=Delivery.Status.FAILED, last_error="Record/text must not be longer"
    )
    scheduled = factories.delivery(factories.post(), two)
    client = client_for(officer)

    html = page(client, f"/admin/social/deliveries/?status=failed&account={one.pk}")
    assert "Record/text must not be longer" in html
    assert f"/deliveries/{failed.pk}/retry/" in html
    assert f"/deliveries/{scheduled.pk}/" not in html

    client.post(f"/admin/social/deliveries/{failed.pk}/retry/")
    client.post(f"/admin/social/deliveries/{scheduled.pk}/cancel/")
    failed.refresh_from_db()
    scheduled.refresh_from_db()
    assert (failed.status, failed.last_error) == (Delivery.Status.SCHEDULED, "")
    assert scheduled.status == Delivery.Status.CANCELLED

    assert "/retry/" not in page(client_for(approver), "/admin/social/deliveries/")
    response = client_for(approver).post(
        f"/admin/social/deliveries/{failed.pk}/cancel/"
    )
    assert refused(response)


def test_manual_takedown_list_and_mark_done(officer: Any, testnet: Any) -> None:
    delivery = factories.delivery(factories.post(), factories.account())
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.MANUAL_TAKEDOWN,
        remote_url="https://testnet.example/post/42",
        takedown_reason="consent withdrawn",
    )
    client = client_for(officer)
    assert "https://testnet.example/post/42" in page(client, "/admin/social/takedowns/")

    client.post(f"/admin/social/deliveries/{delivery.pk}/done/")

    delivery.refresh_from_db()
    assert delivery.takedown_done_by == officer and delivery.takedown_done_at
    html = page(client, "/admin/social/takedowns/")
    assert "Nothing to take down by hand." in html


def test_global_pause_switch(officer: Any, approver: Any) -> None:
    client = client_for(officer)
    client.post("/admin/social/sending/", {"paused": "1"})
    assert DispatchSwitch.objects.get().is_paused
    assert "All sending is paused." in page(client, "/admin/social/sending/")
    assert refused(client_for(approver).post("/admin/social/sending/", {"paused": "0"}))
    client.post("/admin/social/sending/", {"paused": "0"})
    assert not DispatchSwitch.objects.get().is_paused


def test_account_pause_and_audience(officer: Any, testnet: Any) -> None:
    account = factories.account("campaign")
    client = client_for(officer)
    client.post(f"/admin/social/accounts/{account.pk}/pause/", {"paused": "1"})
    account.refresh_from_db()
    assert account.is_paused
    client.post(
        f"/admin/social/accounts/{account.pk}/",
        {"language": "pt", "time_zone": "America/Sao_Paulo", "display_name": "MC"},
    )
    account.refresh_from_db()
    assert (account.language, account.time_zone, account.limit_story_replies) == (
        "pt",
        "America/Sao_Paulo",
        False,
    )


def test_story_post_from_the_form(officer: Any) -> None:
    story = factories.live_story(submission_row=factories.submission())
    client = client_for(officer)
    assert story.title in page(client, "/admin/social/posts/new/")
    response = client.post(
        "/admin/social/posts/new/",
        {"source_kind": "story", "story": story.pk, "languages": ["en"]},
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.source_kind == Post.SourceKind.STORY and post.story == story


def test_a_story_without_social_consent_is_not_offered(officer: Any) -> None:
    story = factories.live_story(
        submission_row=factories.submission(allows_social=False)
    )
    assert story.title not in page(client_for(officer), "/admin/social/posts/new/")


def test_cancelling_a_post_asks_first(officer: Any, testnet: Any) -> None:
    client = client_for(officer)
    post = _free_text(client)
    scheduled = factories.delivery(post, factories.account())
    url = f"/admin/social/posts/{post.pk}/cancel/"
    assert url in page(client, f"/admin/social/posts/{post.pk}/")
    assert "This cannot be undone." in page(client, url)
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT

    client.post(url)

    post.refresh_from_db()
    scheduled.refresh_from_db()
    assert post.status == Post.Status.CANCELLED
    assert scheduled.status == Delivery.Status.CANCELLED
