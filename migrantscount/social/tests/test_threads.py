"""The Threads module against the fake Graph hosts (graph.threads.net)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from migrantscount.social.fakes.graph import FakeMeta, Owner
from migrantscount.social.platforms import threads
from migrantscount.social.platforms.base import Action, Connection, Draft, PlatformError

from .meta import CLIENT, authorize, image
from .meta import meta as meta  # the fixture
from .meta import public_media as public_media  # the fixture


@pytest.fixture
def profile(meta: FakeMeta) -> Owner:
    return meta.add_threads("migrantscount")


def threads_connection(fake: FakeMeta, owner: Owner) -> Connection:
    return Connection(
        base_url=fake.url,
        handle="@" + owner.name,
        credentials={
            "access_token": fake.issue("threads", owner.id, "threads"),
            "user_id": owner.id,
        },
    )


def test_budgets_follow_the_documented_limits() -> None:
    budgets = {b.name: (b.capacity, b.window) for b in threads.BUDGETS}
    assert budgets == {
        "posts": (250, timedelta(hours=24)),
        "deletes": (100, timedelta(hours=24)),
    }
    assert threads.cost(Action.DELETE, None) == {"deletes": 1}


def test_connecting_exchanges_for_a_60_day_token(
    meta: FakeMeta, profile: Owner
) -> None:
    url = threads.authorization_url(CLIENT, state="s-3", code_challenge="unused")
    query = parse_qs(urlsplit(url).query)
    assert "threads_delete" in query["scope"][0].split(",")
    answer = authorize(url)
    assert answer["state"] == "s-3"

    tokens = threads.exchange_code(CLIENT, code=answer["code"], code_verifier="")

    assert tokens.expires_at is not None
    assert tokens.expires_at > datetime.now(UTC) + timedelta(days=59)
    assert tokens.extra == {"user_id": profile.id}
    [identity] = threads.identities(CLIENT, tokens)
    assert identity.handle == "@migrantscount"
    assert identity.credentials == {
        "access_token": tokens.access_token,
        "user_id": profile.id,
    }


def test_500_characters_as_a_reader_counts_them() -> None:
    assert threads.validate(Draft(text="é" * 500, language="fr"), None) == []
    [problem] = threads.validate(Draft(text="é" * 501, language="fr"), None)
    assert "500" in problem


def test_a_text_post_goes_through_a_container(meta: FakeMeta, profile: Owner) -> None:
    connection = threads_connection(meta, profile)
    draft = Draft(text="Hola #MigrantesCuentan", language="es")

    ref = threads.publish(connection, draft, idempotency_key="k")

    [post] = meta.live_posts(profile)
    assert post["text"] == draft.text and post["id"] == ref.remote_id
    assert ref.url == f"https://www.threads.net/@migrantscount/post/{ref.remote_id}"
    [container] = meta.containers.values()
    assert container["media_type"] == "TEXT"


def test_an_image_post_carries_its_alt_text(
    meta: FakeMeta, profile: Owner, public_media: Path
) -> None:
    meta.processing_seconds = 0.5
    connection = threads_connection(meta, profile)

    threads.publish(
        connection,
        Draft(text="A chart", language="en", media=(image("Arrivals per year."),)),
        idempotency_key="k",
    )

    [post] = meta.live_posts(profile)
    assert post["alt_texts"] == ["Arrivals per year."]
    assert post["images"][0]["sha256"]


def test_an_exhausted_quota_waits_instead_of_failing(meta: FakeMeta) -> None:
    owner = meta.add_threads("busy", quota=1)
    connection = threads_connection(meta, owner)
    threads.publish(connection, Draft(text="First", language="en"), idempotency_key="1")

    with pytest.raises(PlatformError) as raised:
        threads.publish(
            connection, Draft(text="Second", language="en"), idempotency_key="2"
        )

    error = raised.value
    assert "1 of 1" in error.message
    assert error.retry_at is not None and not error.permanent
    assert len(meta.live_posts(owner)) == 1


def test_the_networks_own_quota_refusal_also_waits(
    meta: FakeMeta, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another app may publish between the quota read and threads_publish."""
    owner = meta.add_threads("busy", quota=1)
    connection = threads_connection(meta, owner)
    meta.add_post(owner, "Posted from elsewhere")
    monkeypatch.setattr(threads, "_check_quota", lambda connection: None)

    with pytest.raises(PlatformError) as raised:
        threads.publish(
            connection, Draft(text="Third", language="en"), idempotency_key="3"
        )

    assert raised.value.retry_at is not None and not raised.value.permanent
    assert "Application request limit reached" in raised.value.message
    assert len(meta.live_posts(owner)) == 1


def test_a_dropped_answer_is_looked_up_not_reposted(
    meta: FakeMeta, profile: Owner
) -> None:
    connection = threads_connection(meta, profile)
    draft = Draft(text="Exactly once [d-11]", language="en")
    sent_at = datetime.now(UTC)
    meta.ambiguous_rate = 1.0

    with pytest.raises(PlatformError) as raised:
        threads.publish(connection, draft, idempotency_key="k")

    assert raised.value.ambiguous
    meta.ambiguous_rate = 0.0
    assert threads.lookup(connection, draft, idempotency_key="k", sent_at=sent_at)
    assert meta.count_by_marker(r"\[(d-\d+)\]") == {"d-11": 1}


def test_lookup_ignores_posts_before_the_send(meta: FakeMeta, profile: Owner) -> None:
    connection = threads_connection(meta, profile)
    draft = Draft(text="Every Monday", language="en")
    threads.publish(connection, draft, idempotency_key="1")

    later = datetime.now(UTC) + timedelta(hours=1)

    assert threads.lookup(connection, draft, idempotency_key="2", sent_at=later) is None


def test_delete_is_idempotent_and_limited_to_100_a_day(
    meta: FakeMeta, profile: Owner
) -> None:
    connection = threads_connection(meta, profile)
    ref = threads.publish(
        connection, Draft(text="Bye", language="en"), idempotency_key="k"
    )

    threads.delete(connection, ref)
    threads.delete(connection, ref)
    assert meta.live_posts(profile) == []

    profile.deletes_total = 1
    other = threads.publish(
        connection, Draft(text="Another", language="en"), idempotency_key="j"
    )
    with pytest.raises(PlatformError) as raised:
        threads.delete(connection, other)
    assert raised.value.retry_at is not None and not raised.value.permanent


def test_refresh_needs_a_token_a_day_old_and_a_dead_one_needs_a_person(
    meta: FakeMeta, profile: Owner
) -> None:
    connection = threads_connection(meta, profile)
    token = connection.credentials["access_token"]
    meta.age(token, 25 * 3600)

    tokens = threads.refresh(CLIENT, connection)

    assert tokens.access_token != token
    assert tokens.expires_at is not None
    assert tokens.expires_at > datetime.now(UTC) + timedelta(days=59)
    meta.expire(tokens.access_token)
    connection.replace_tokens(tokens)
    with pytest.raises(PlatformError) as raised:
        threads.refresh(CLIENT, connection)
    assert raised.value.needs_reconnect


def test_metrics_come_from_insights(meta: FakeMeta, profile: Owner) -> None:
    connection = threads_connection(meta, profile)
    ref = threads.publish(
        connection, Draft(text="Hi", language="en"), idempotency_key="k"
    )
    meta.posts[ref.remote_id].update(views=120, likes=9, replies=2, reposts=1, quotes=3)

    counts = threads.metrics(connection, ref)

    assert (
        counts.views,
        counts.likes,
        counts.replies,
        counts.reposts,
        counts.quotes,
    ) == (
        120,
        9,
        2,
        1,
        3,
    )


def test_a_failed_permalink_read_does_not_turn_a_publication_into_an_error(
    meta: FakeMeta, profile: Owner
) -> None:
    connection = threads_connection(meta, profile)
    meta.read_errors = 1

    ref = threads.publish(
        connection, Draft(text="Out [d-12]", language="en"), idempotency_key="k"
    )

    [post] = meta.live_posts(profile)
    assert ref.remote_id == post["id"] and ref.url == ""
    assert meta.count_by_marker(r"\[(d-\d+)\]") == {"d-12": 1}


def test_story_posts_limit_replies_to_mentioned_accounts(
    meta: FakeMeta, profile: Owner
) -> None:
    connection = threads_connection(meta, profile)

    threads.publish(
        connection,
        Draft(text="A story", language="en", limit_replies=True),
        idempotency_key="1",
    )
    threads.publish(
        connection, Draft(text="A fact", language="en"), idempotency_key="2"
    )

    controls = {post["text"]: post["reply_control"] for post in meta.live_posts()}
    assert controls == {"A story": "mentioned_only", "A fact": "everyone"}
