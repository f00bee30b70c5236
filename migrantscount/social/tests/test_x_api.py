"""The X module against the HTTP-level fake X API (social.fakes.x): OAuth 2 with
PKCE, refresh with rotation, posts with chunked image uploads and alt text, lookups
before any retry, 429 with reset headers, deletes, metrics and prices."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.fakes.x import FakeUser, FakeX
from migrantscount.social.models import Account, Delivery, MetricSnapshot, Spend
from migrantscount.social.platforms import x
from migrantscount.social.platforms.base import (
    Action,
    Connection,
    Draft,
    Media,
    OAuthClient,
    PlatformError,
    RemoteRef,
)
from migrantscount.social.services import dispatch, metrics, posts, tokens

from . import factories

REDIRECT_URI = "http://testserver/admin/social/connect/x/callback/"
CLIENT = OAuthClient(
    client_id="campaign-client",
    client_secret="campaign-secret",
    redirect_uri=REDIRECT_URI,
    scopes=x.SCOPES,
)


@pytest.fixture
def fake(settings: Any) -> Iterator[FakeX]:
    with FakeX(seed=1).start() as server:
        assert isinstance(server, FakeX)
        server.add_app(CLIENT.client_id, CLIENT.client_secret, REDIRECT_URI)
        settings.SOCIAL_X_API_URL = server.url
        settings.SOCIAL_X_AUTHORIZE_URL = f"{server.url}/i/oauth2/authorize"
        settings.SOCIAL_OAUTH_CLIENTS = {
            "x": {"client_id": CLIENT.client_id, "client_secret": CLIENT.client_secret}
        }
        yield server


def connect(
    fake: FakeX, username: str = "MigrantsCount"
) -> tuple[Connection, FakeUser]:
    user = fake.create_user(username)
    tokens = fake.issue_tokens(user)
    expires_at = datetime.now(UTC) + timedelta(seconds=tokens["expires_in"])
    return (
        Connection(
            base_url=fake.url,
            handle=f"@{username}",
            credentials={
                "access_token": tokens["access_token"],
                "refresh_token": tokens["refresh_token"],
                "user_id": user.id,
                "username": username,
                "expires_at": expires_at.isoformat(),
            },
        ),
        user,
    )


def image(size: int = 2_000, alt_text: str = "A chart of remittances.") -> Media:
    return Media(
        content=os.urandom(size),
        mime_type="image/png",
        alt_text=alt_text,
        width=1200,
        height=675,
    )


TEXT = "Migrants count & so do their stories. #MigrantsCount https://migrantscount.example/s/1?utm_source=x"


def draft(text: str = TEXT, media: tuple[Media, ...] = ()) -> Draft:
    return Draft(
        text=text,
        language="en",
        link="https://migrantscount.example/s/1",
        media=media,
    )


def verifier_and_challenge() -> tuple[str, str]:
    verifier = base64.urlsafe_b64encode(os.urandom(48)).rstrip(b"=").decode()
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


# --- connecting ------------------------------------------------------------------------


def test_pkce_flow_with_offline_access_connects_the_user(fake: FakeX) -> None:
    fake.create_user("MigrantesCuentan")
    verifier, challenge = verifier_and_challenge()
    url = x.authorization_url(CLIENT, state="s-123", code_challenge=challenge)
    query = parse_qs(urlsplit(url).query)
    assert query["scope"] == [" ".join(x.SCOPES)]
    assert "offline.access" in query["scope"][0].split()
    assert query["code_challenge_method"] == ["S256"]

    answer = httpx.get(url, follow_redirects=False)
    assert answer.status_code == 302
    back = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert back["state"] == ["s-123"]
    tokens = x.exchange_code(CLIENT, code=back["code"][0], code_verifier=verifier)

    assert tokens.refresh_token
    assert tokens.expires_at is not None
    lifetime = tokens.expires_at - datetime.now(UTC)
    assert timedelta(hours=1, minutes=59) < lifetime <= timedelta(hours=2)
    (identity,) = x.identities(CLIENT, tokens)
    assert identity.handle == "@MigrantesCuentan"
    assert identity.credentials["user_id"] == identity.remote_id
    assert identity.credentials["refresh_token"] == tokens.refresh_token
    assert identity.expires_at == tokens.expires_at


def test_a_code_without_its_verifier_is_refused(fake: FakeX) -> None:
    _verifier, challenge = verifier_and_challenge()
    url = x.authorization_url(CLIENT, state="s", code_challenge=challenge)
    code = parse_qs(urlsplit(httpx.get(url).headers["Location"]).query)["code"][0]
    other, _challenge = verifier_and_challenge()
    with pytest.raises(PlatformError) as caught:
        x.exchange_code(CLIENT, code=code, code_verifier=other)
    assert caught.value.permanent and not caught.value.needs_reconnect
    assert "authorization code" in caught.value.message


def test_an_expired_access_token_is_refreshed_and_the_refresh_token_rotated(
    fake: FakeX,
) -> None:
    connection, _user = connect(fake)
    old_refresh = connection.credentials["refresh_token"]
    fake.expire_access_tokens()  # X says 401; our recorded expiry says nothing yet

    ref = x.publish(connection, draft(), idempotency_key=x.new_idempotency_key())

    assert ref.remote_id
    assert connection.credentials_changed
    assert connection.credentials["refresh_token"] != old_refresh
    assert connection.expires_at is not None
    assert fake.refresh_tokens[old_refresh]["revoked"]
    stale = Connection(
        base_url=fake.url, handle="@x", credentials={"refresh_token": old_refresh}
    )
    with pytest.raises(PlatformError) as caught:
        x.refresh(CLIENT, stale)
    assert caught.value.needs_reconnect


def test_a_token_past_its_recorded_expiry_is_refreshed_before_the_call(
    fake: FakeX,
) -> None:
    connection, _user = connect(fake)
    connection.credentials["expires_at"] = (
        datetime.now(UTC) - timedelta(minutes=1)
    ).isoformat()

    x.publish(connection, draft(), idempotency_key="k")

    assert len(fake.calls("POST", "/2/tweets")) == 1
    assert len(fake.calls("POST", "/2/oauth2/token")) == 1
    assert connection.expires_at is not None
    assert connection.expires_at > datetime.now(UTC) + timedelta(hours=1)


def test_a_revoked_authorization_needs_a_person(fake: FakeX) -> None:
    connection, user = connect(fake)
    fake.revoke_all(user)
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft(), idempotency_key="k")
    assert caught.value.needs_reconnect
    assert fake.live_posts() == []


# --- publishing --------------------------------------------------------------------------


def test_a_post_goes_out_once_with_its_link(fake: FakeX) -> None:
    connection, user = connect(fake)
    ref = x.publish(connection, draft(), idempotency_key="k")
    (post,) = fake.live_posts(user)
    assert post.text == TEXT
    assert ref == RemoteRef(
        remote_id=post.id,
        uri=f"https://x.com/MigrantsCount/status/{post.id}",
        url=f"https://x.com/MigrantsCount/status/{post.id}",
    )


def test_images_go_up_in_chunks_with_their_alt_text(fake: FakeX) -> None:
    connection, user = connect(fake)
    big = image(size=2_500_000, alt_text="A map of the Americas.")
    small = image(alt_text="A bar chart.")

    x.publish(connection, draft(media=(big, small)), idempotency_key="k")

    (post,) = fake.live_posts(user)
    first, second = (fake.media[media_id] for media_id in post.media_ids)
    assert sorted(first["segments"]) == [0, 1, 2]  # 1 MiB segments
    assert b"".join(first["segments"][i] for i in range(3)) == big.content
    assert first["alt_text"] == "A map of the Americas."
    assert second["alt_text"] == "A bar chart."
    # The large image was processed: its status was polled before the post.
    assert len(fake.calls("GET", "/2/media/upload")) >= 1


def test_rate_limit_headers_are_recorded(fake: FakeX) -> None:
    connection, _user = connect(fake)
    x.publish(connection, draft(), idempotency_key="k")
    assert connection.rate_limit is not None
    assert connection.rate_limit.limit == 100
    assert connection.rate_limit.remaining == 99
    assert connection.rate_limit.reset_at is not None


def test_a_429_says_when_the_window_resets_and_is_not_ambiguous(fake: FakeX) -> None:
    fake.rate_limits["posts"] = (1, 15 * 60)
    connection, user = connect(fake)
    x.publish(connection, draft(), idempotency_key="k1")
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft("Another text."), idempotency_key="k2")
    error = caught.value
    assert error.status == 429 and not error.ambiguous and not error.permanent
    assert error.retry_at is not None
    window = 15 * 60
    expected = (int(time.time()) // window + 1) * window + 1
    assert abs(error.retry_at.timestamp() - expected) <= 1
    assert len(fake.live_posts(user)) == 1


def test_a_24_hour_limit_holds_until_its_own_reset(fake: FakeX) -> None:
    fake.rate_limits["posts_day"] = (1, 24 * 60 * 60)
    connection, _user = connect(fake)
    x.publish(connection, draft(), idempotency_key="k1")
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft("Another text."), idempotency_key="k2")
    assert caught.value.retry_at is not None
    # The 24-hour window's reset (the fake's windows are aligned like X's reset
    # epochs), not the 15-minute one's: the two differ but in a day's last quarter
    # of an hour, when both end at midnight UTC (the assertion of "more than an
    # hour away" failed at 23:43 UTC).
    day = 24 * 60 * 60
    expected = (int(time.time()) // day + 1) * day + 1
    assert abs(caught.value.retry_at.timestamp() - expected) <= 1


def test_a_dropped_answer_is_ambiguous_and_lookup_finds_exactly_one_post(
    fake: FakeX,
) -> None:
    connection, user = connect(fake)
    fake.fail_next("POST", "/2/tweets", "drop")
    sent_at = datetime.now(UTC)
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft(media=(image(),)), idempotency_key="k")
    assert caught.value.ambiguous

    found = x.lookup(
        connection, draft(media=(image(),)), idempotency_key="k", sent_at=sent_at
    )

    (post,) = fake.live_posts(user)
    assert found is not None and found.remote_id == post.id
    assert fake.created_texts[TEXT] == 1


def test_a_5xx_after_posting_is_ambiguous_and_found(fake: FakeX) -> None:
    connection, user = connect(fake)
    fake.fail_next("POST", "/2/tweets", "503-after")
    sent_at = datetime.now(UTC)
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft(), idempotency_key="k")
    assert caught.value.ambiguous and caught.value.status == 503
    found = x.lookup(connection, draft(), idempotency_key="k", sent_at=sent_at)
    assert found is not None and found.remote_id == fake.live_posts(user)[0].id


def test_lookup_finds_nothing_when_x_did_not_post(fake: FakeX) -> None:
    connection, _user = connect(fake)
    fake.fail_next("POST", "/2/tweets", "503")
    sent_at = datetime.now(UTC)
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft(), idempotency_key="k")
    assert caught.value.ambiguous
    assert x.lookup(connection, draft(), idempotency_key="k", sent_at=sent_at) is None
    assert fake.live_posts() == []


def test_lookup_ignores_the_same_text_posted_before_sent_at(fake: FakeX) -> None:
    connection, user = connect(fake)
    fake.add_post(user, TEXT, at=time.time() - 3600)
    found = x.lookup(
        connection, draft(), idempotency_key="k", sent_at=datetime.now(UTC)
    )
    assert found is None


def test_lookup_pages_back_through_a_busy_account(fake: FakeX) -> None:
    connection, user = connect(fake)
    sent_at = datetime.now(UTC)
    fake.add_post(user, TEXT)
    for number in range(35):
        fake.add_post(user, f"Later post {number}")
    found = x.lookup(connection, draft(), idempotency_key="k", sent_at=sent_at)
    assert found is not None
    assert len(fake.calls("GET", f"/2/users/{user.id}/tweets")) == 4


def test_a_duplicate_refusal_for_our_lost_post_is_that_post(fake: FakeX) -> None:
    connection, user = connect(fake)
    existing = fake.add_post(user, TEXT)
    ref = x.publish(connection, draft(), idempotency_key="k")
    assert ref.remote_id == existing.id
    assert len(fake.live_posts(user)) == 1


def test_a_duplicate_of_an_old_post_is_refused_for_good(fake: FakeX) -> None:
    connection, user = connect(fake)
    fake.add_post(user, TEXT, at=time.time() - 86400)
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft(), idempotency_key="k")
    assert caught.value.permanent and caught.value.status == 403
    assert "duplicate content" in caught.value.message


def test_delete_is_idempotent(fake: FakeX) -> None:
    connection, user = connect(fake)
    ref = x.publish(connection, draft(), idempotency_key="k")
    x.delete(connection, ref)
    x.delete(connection, ref)
    assert fake.live_posts(user) == []


def test_metrics_are_the_public_metrics(fake: FakeX) -> None:
    connection, _user = connect(fake)
    ref = x.publish(connection, draft(), idempotency_key="k")
    fake.posts[ref.remote_id].metrics.update(
        like_count=7,
        retweet_count=3,
        reply_count=2,
        quote_count=1,
        impression_count=420,
    )
    counts = x.metrics(connection, ref)
    assert (
        counts.likes,
        counts.reposts,
        counts.replies,
        counts.quotes,
        counts.views,
    ) == (
        7,
        3,
        2,
        1,
        420,
    )
    assert counts.raw["bookmark_count"] == 0


def test_an_unreachable_api_is_a_plain_retry() -> None:
    connection = Connection(
        base_url="http://127.0.0.1:9", handle="@x", credentials={"access_token": "t"}
    )
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft(), idempotency_key="k")
    assert not caught.value.ambiguous and not caught.value.permanent


# --- rules, budgets and money -------------------------------------------------------------


def test_validate_counts_weighted_length_images_and_alt_text() -> None:
    assert x.validate(draft(), None) == []
    assert x.validate(draft("é" * 280), None) == []
    (too_long,) = x.validate(draft("€" * 141), None)
    assert "282" in too_long and "280" in too_long
    problems = x.validate(
        draft(media=(image(alt_text=""), image(alt_text="a" * 1001), *[image()] * 3)),
        None,
    )
    assert len(problems) == 3  # five images, one without alt text, one too long


def test_budgets_and_costs_follow_the_documented_limits() -> None:
    budgets = {budget.name: (budget.capacity, budget.window) for budget in x.BUDGETS}
    assert budgets["posts"] == (100, timedelta(minutes=15))
    assert budgets["posts_day"] == (10_000, timedelta(hours=24))
    assert budgets["deletes"] == (50, timedelta(minutes=15))
    assert x.cost(Action.PUBLISH, draft(media=(image(), image()))) == {
        "posts": 1,
        "posts_day": 1,
        "media": 2,
    }
    assert x.cost(Action.DELETE, None) == {"deletes": 1}
    assert x.cost(Action.LOOKUP, None) == {"reads": 1}


def test_prices_follow_the_pricing_page_and_settings(settings: Any) -> None:
    plain = Draft(text="Migrants count.", language="en")
    assert x.delivery_kind(plain) == "post"
    assert x.price(Action.PUBLISH, plain) == Decimal("0.015")
    assert x.delivery_kind(draft()) == "post_with_url"
    assert x.price(Action.PUBLISH, draft()) == Decimal("0.200")
    with_link_in_text = Draft(text="See https://example.org now", language="en")
    assert x.price(Action.PUBLISH, with_link_in_text) == Decimal("0.200")
    assert x.price(Action.PUBLISH, draft(media=(image(),))) == Decimal("0.205")
    assert x.price(Action.DELETE, None) == Decimal("0.010")
    assert x.price(Action.LOOKUP, None) == Decimal("0.050")
    assert x.price(Action.METRICS, None) == Decimal("0.005")
    settings.SOCIAL_X_PRICES = {"post_with_url": "0.25"}
    assert x.price(Action.PUBLISH, draft()) == Decimal("0.25")
    assert x.price(Action.PUBLISH, plain) == Decimal("0.015")


# --- through the real dispatcher (part 1's exactly-once behaviour) -------------------


def x_account(fake: FakeX) -> Account:
    user = fake.create_user("MigrantsCount")
    tokens = fake.issue_tokens(user)
    account = factories.account("@MigrantsCount", platform="x", base_url=fake.url)
    account.set_credentials(
        {
            "access_token": tokens["access_token"],
            "refresh_token": tokens["refresh_token"],
            "user_id": user.id,
            "username": user.username,
        }
    )
    account.save()
    return account


def run() -> dispatch.RunResult:
    dispatch.forget_holds()
    return dispatch.run_once("w1")


def run_until_settled(delivery: Delivery, passes: int = 6) -> Delivery:
    """Runs the dispatcher, travelling to each next attempt, until it settles."""
    for _n in range(passes):
        delivery.refresh_from_db()
        if delivery.status in (Status.PUBLISHED, Status.FAILED, Status.DELETED):
            return delivery
        moment = max(delivery.next_attempt_at or timezone.now(), timezone.now())
        with time_machine.travel(moment + timedelta(seconds=1)):
            run()
    delivery.refresh_from_db()
    return delivery


Status = Delivery.Status


@pytest.mark.django_db
def test_dispatcher_a_dropped_answer_is_looked_up_and_posted_once(fake: FakeX) -> None:
    account = x_account(fake)
    delivery = factories.delivery(
        factories.post({"en": "Migrants count & vote."}), account
    )
    fake.fail_next("POST", "/2/tweets", "drop")

    run()
    delivery.refresh_from_db()
    assert delivery.status == Status.UNCONFIRMED

    delivery = run_until_settled(delivery)

    assert delivery.status == Status.PUBLISHED
    (post,) = fake.live_posts()
    assert delivery.remote_id == post.id
    assert sum(fake.created_texts.values()) == 1
    assert len(fake.calls("POST", "/2/tweets")) == 1
    assert "#MigrantsCount" in post.text and "utm_source=x" in post.text


@pytest.mark.django_db
def test_dispatcher_a_503_before_posting_sends_again_once(fake: FakeX) -> None:
    account = x_account(fake)
    delivery = factories.delivery(factories.post({"en": "Migrants count."}), account)
    fake.fail_next("POST", "/2/tweets", "503")

    delivery = run_until_settled(delivery)

    assert delivery.status == Status.PUBLISHED
    assert len(fake.live_posts()) == 1
    assert len(fake.calls("POST", "/2/tweets")) == 2
    assert len(fake.calls("GET", "/2/users/")) >= 1  # looked up before resending


@pytest.mark.django_db
def test_dispatcher_a_429_holds_the_account_until_x_reset(fake: FakeX) -> None:
    fake.rate_limits["posts"] = (1, 15 * 60)
    account = x_account(fake)
    first = factories.delivery(factories.post({"en": "First."}), account)
    second = factories.delivery(factories.post({"en": "Second."}), account)

    run()

    first.refresh_from_db()
    second.refresh_from_db()
    account.refresh_from_db()
    assert first.status == Status.PUBLISHED
    assert second.status == Status.SCHEDULED and second.attempts == 0
    assert account.rate_limited_until is not None
    window = 15 * 60
    assert account.rate_limited_until.timestamp() == pytest.approx(
        (int(time.time()) // window + 1) * window + 1, abs=1
    )
    with time_machine.travel(account.rate_limited_until - timedelta(seconds=5)):
        assert run().published == 0
    with time_machine.travel(account.rate_limited_until + timedelta(seconds=1)):
        assert run().published == 1
    assert len(fake.live_posts()) == 2


@pytest.mark.django_db
def test_dispatcher_a_permanent_refusal_is_not_retried(fake: FakeX) -> None:
    account = x_account(fake)
    delivery = factories.delivery(factories.post({"en": "Said before."}), account)
    text = posts.draft_for(delivery).text
    fake.add_post(
        fake.users[account.get_credentials()["user_id"]], text, at=time.time() - 86400
    )

    delivery = run_until_settled(delivery)

    assert delivery.status == Status.FAILED
    assert "duplicate content" in delivery.last_error
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        run()
    assert len(fake.calls("POST", "/2/tweets")) == 1


@pytest.mark.django_db
def test_dispatcher_refreshes_an_expired_token_and_keeps_the_new_one(
    fake: FakeX,
) -> None:
    account = x_account(fake)
    old_refresh = account.get_credentials()["refresh_token"]
    delivery = factories.delivery(factories.post({"en": "Fresh."}), account)
    fake.expire_access_tokens()

    delivery = run_until_settled(delivery)

    account.refresh_from_db()
    assert delivery.status == Status.PUBLISHED
    assert account.get_credentials()["refresh_token"] != old_refresh
    assert account.status == Account.Status.ACTIVE


@pytest.mark.django_db
def test_dispatcher_deletes_once_and_a_second_delete_is_harmless(fake: FakeX) -> None:
    account = x_account(fake)
    delivery = run_until_settled(
        factories.delivery(factories.post({"en": "Take me down."}), account)
    )
    assert delivery.status == Status.PUBLISHED
    for _n in range(2):
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Status.DELETE_PENDING, next_attempt_at=timezone.now()
        )
        assert run().deleted == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.DELETED
    assert fake.live_posts() == []
    assert len(fake.calls("DELETE", "/2/tweets/")) == 2


# --- connected through the admin's OAuth callback, then kept fresh ----------------------


@pytest.fixture
def officer() -> Any:
    roles.seed_roles()
    person = UserFactory.create(username="comms", email="comms@example.org")
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


@pytest.mark.django_db
def test_x_connects_through_the_callback_posts_once_and_is_renewed(
    fake: FakeX, officer: Any, settings: Any
) -> None:
    settings.SOCIAL_OAUTH_CLIENTS = {
        "x": {"client_id": CLIENT.client_id, "client_secret": CLIENT.client_secret}
    }
    fake.create_user("MigrantesCuentan")
    client = Client()
    client.force_login(officer)
    started = client.post(
        "/admin/social/connect/x/", {"language": "es", "time_zone": "America/Bogota"}
    )
    assert started.status_code == 302, started.content.decode()
    assert str(started["Location"]).startswith(f"{fake.url}/i/oauth2/authorize?")
    consent = httpx.get(str(started["Location"]), follow_redirects=False)
    assert consent.status_code == 302
    back = dict(httpx.URL(consent.headers["Location"]).params)
    answer = client.get("/admin/social/connect/x/callback/", back)
    assert answer.status_code == 302, answer.content.decode()

    account = Account.objects.get(platform="x")
    assert account.handle == "@MigrantesCuentan"
    assert account.base_url == fake.url
    assert account.remote_id == account.get_credentials()["user_id"]
    assert account.credentials_expire_at is not None
    lifetime = account.credentials_expire_at - timezone.now()
    assert timedelta(hours=1, minutes=59) < lifetime <= timedelta(hours=2)

    delivery = run_until_settled(
        factories.delivery(factories.post({"es": "Las cifras cuentan."}), account)
    )
    assert delivery.status == Status.PUBLISHED, delivery.last_error
    (post,) = fake.live_posts()
    assert "#MigrantesCuentan" in post.text and post.id == delivery.remote_id

    old_refresh = account.get_credentials()["refresh_token"]
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=45)):
        assert tokens.refresh_due() == 1
        account.refresh_from_db()
        assert account.status == Account.Status.ACTIVE
        assert account.get_credentials()["refresh_token"] != old_refresh
        assert fake.refresh_tokens[old_refresh]["revoked"]
        assert account.credentials_expire_at is not None
        assert account.credentials_expire_at > timezone.now() + timedelta(hours=1)
        later = run_until_settled(
            factories.delivery(factories.post({"es": "Y siguen contando."}), account)
        )
        assert later.status == Status.PUBLISHED, later.last_error
    assert len(fake.live_posts()) == 2


@pytest.mark.django_db
def test_x_costs_are_fixed_at_scheduling_and_the_budget_refuses_more(
    fake: FakeX,
) -> None:
    account = x_account(fake)
    account.monthly_budget = Decimal("0.50")
    account.save(update_fields=["monthly_budget"])
    first = factories.delivery(factories.post({"en": "First."}), account)
    second = factories.delivery(factories.post({"en": "Second."}), account)
    # Every campaign post carries its tagged link: the dearer "with URL" price.
    assert (first.cost, second.cost) == (Decimal("0.2000"), Decimal("0.2000"))

    with pytest.raises(posts.PostError) as refused:
        factories.delivery(factories.post({"en": "Third."}), account)
    (message,) = refused.value.messages
    assert "$0.60" in message and "$0.50" in message

    assert run_until_settled(first).status == Status.PUBLISHED
    assert run_until_settled(second).status == Status.PUBLISHED
    assert sorted(
        (spend.kind, spend.amount) for spend in Spend.objects.filter(account=account)
    ) == [("publish", Decimal("0.2000")), ("publish", Decimal("0.2000"))]


@pytest.mark.django_db
def test_x_a_post_found_by_lookup_is_paid_for_as_well(fake: FakeX) -> None:
    account = x_account(fake)
    delivery = factories.delivery(factories.post({"en": "Lost answer."}), account)
    fake.fail_next("POST", "/2/tweets", "drop")

    assert run_until_settled(delivery).status == Status.PUBLISHED

    assert len(fake.live_posts()) == 1
    assert sorted(
        (spend.kind, spend.amount) for spend in Spend.objects.filter(account=account)
    ) == [("lookup", Decimal("0.0500")), ("publish", Decimal("0.2000"))]


@pytest.mark.django_db
def test_x_reach_is_snapshotted_by_the_metrics_job(fake: FakeX) -> None:
    account = x_account(fake)
    delivery = run_until_settled(
        factories.delivery(factories.post({"en": "Counted."}), account)
    )
    fake.posts[delivery.remote_id].metrics.update(
        like_count=9,
        retweet_count=4,
        reply_count=2,
        quote_count=1,
        impression_count=800,
    )
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert metrics.take_due_snapshots() == 1
    snapshot = MetricSnapshot.objects.get(delivery=delivery)
    assert (
        snapshot.likes,
        snapshot.reposts,
        snapshot.replies,
        snapshot.quotes,
        snapshot.views,
    ) == (9, 4, 2, 1, 800)
    assert Spend.objects.filter(
        account=account, kind="metrics"
    ).get().amount == Decimal("0.0050")


def test_run_fake_x_prints_the_environment_and_serves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from migrantscount.social.management.commands import run_fake_x

    served: list[int] = []
    output = io.StringIO()

    def interrupt() -> None:
        line = next(
            line
            for line in output.getvalue().splitlines()
            if "SOCIAL_X_API_URL=" in line
        )
        served.append(httpx.get(f"{line.split('=', 1)[1]}/2/users/me").status_code)
        raise KeyboardInterrupt

    monkeypatch.setattr(run_fake_x, "wait_for_interrupt", interrupt)
    call_command("run_fake_x", port=0, stdout=output)

    assert served == [401]  # X's answer to a call without a token
    text = output.getvalue()
    assert "export SOCIAL_X_CLIENT_ID=local-x-app" in text
    assert "export SOCIAL_X_AUTHORIZE_URL=http://127.0.0.1:" in text
    assert "Stopped" in text


@pytest.mark.django_db
def test_x_a_refused_renewal_needs_a_person_and_tells_the_owners_at_once(
    fake: FakeX, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    account = x_account(fake)
    account.owners.add(officer)
    Account.objects.filter(pk=account.pk).update(
        credentials_expire_at=timezone.now() + timedelta(minutes=10)
    )
    fake.revoke_all(fake.users[account.get_credentials()["user_id"]])

    with django_capture_on_commit_callbacks(execute=True):
        assert tokens.refresh_due() == 0

    account.refresh_from_db()
    assert account.status == Account.Status.NEEDS_RECONNECT
    assert "Value passed for the token was invalid" in account.status_message
    assert [message.to for message in mail.outbox] == [["comms@example.org"]]


def test_a_duplicate_from_this_hour_is_ours_an_older_one_a_refusal(fake: FakeX) -> None:
    connection, user = connect(fake)
    earlier_try = fake.add_post(user, TEXT, at=time.time() - 30 * 60)
    assert (
        x.publish(connection, draft(), idempotency_key="k").remote_id == earlier_try.id
    )

    other = "Every week: migrants count."
    fake.add_post(user, other, at=time.time() - 2 * 3600)  # last week's occurrence
    with pytest.raises(PlatformError) as caught:
        x.publish(connection, draft(other), idempotency_key="k2")
    assert caught.value.permanent and "duplicate content" in caught.value.message
