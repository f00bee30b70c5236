"""The Instagram module against the fake Graph hosts: Instagram Login and Facebook
Login, containers that Meta fetches and processes, the publishing quota."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from migrantscount.social.fakes.graph import FakeMeta, Owner
from migrantscount.social.platforms import graph, instagram
from migrantscount.social.platforms.base import Connection, Draft, PlatformError

from .meta import CLIENT, authorize, image
from .meta import meta as meta  # the fixture
from .meta import public_media as public_media  # the fixture


@pytest.fixture
def account(meta: FakeMeta) -> Owner:
    return meta.add_instagram("migrantscount_pe")


def ig_connection(fake: FakeMeta, owner: Owner) -> Connection:
    token = fake.issue("ig", owner.id, "instagram", login="instagram")
    return Connection(
        base_url=fake.url,
        handle="@" + owner.name,
        credentials={"access_token": token, "user_id": owner.id, "login": "instagram"},
    )


def test_instagram_login_connects_without_a_page(
    meta: FakeMeta, account: Owner, settings: Any
) -> None:
    settings.SOCIAL_INSTAGRAM_LOGIN = "instagram"
    url = instagram.authorization_url(CLIENT, state="s-2", code_challenge="unused")
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == "/oauth/authorize"
    assert query["scope"] == [
        "instagram_business_basic,instagram_business_content_publish"
    ]
    answer = authorize(url)
    assert answer["state"] == "s-2"

    tokens = instagram.exchange_code(CLIENT, code=answer["code"], code_verifier="")

    assert tokens.expires_at is not None
    assert tokens.expires_at > datetime.now(UTC) + timedelta(days=59)
    [identity] = instagram.identities(CLIENT, tokens)
    assert identity.handle == "@migrantscount_pe"
    assert identity.credentials["user_id"] == account.id
    assert identity.credentials["login"] == "instagram"


def test_facebook_login_finds_the_account_linked_to_a_page(
    meta: FakeMeta, settings: Any
) -> None:
    settings.SOCIAL_INSTAGRAM_LOGIN = "facebook"
    page = meta.add_page("77", "Migrants Count Perú", instagram="mc_peru")
    url = instagram.authorization_url(CLIENT, state="s", code_challenge="c" * 43)
    assert "instagram_content_publish" in parse_qs(urlsplit(url).query)["scope"][0]
    code = authorize(url)["code"]
    # The fake checks the S256 challenge: the verifier has to match it.
    with pytest.raises(PlatformError):
        instagram.exchange_code(CLIENT, code=code, code_verifier="wrong")
    from migrantscount.social.platforms import mastodon

    verifier = "v" * 50
    url = instagram.authorization_url(
        CLIENT, state="s", code_challenge=mastodon.code_challenge(verifier)
    )
    tokens = instagram.exchange_code(
        CLIENT, code=authorize(url)["code"], code_verifier=verifier
    )

    [identity] = instagram.identities(CLIENT, tokens)
    assert page.instagram is not None
    assert identity.remote_id == page.instagram.id
    assert identity.handle == "@mc_peru"
    assert identity.credentials["access_token"] == page.token
    assert identity.credentials["login"] == "facebook"


def test_an_image_is_required_and_public_media_must_be_set(
    meta: FakeMeta, account: Owner, settings: Any
) -> None:
    [problem] = instagram.validate(Draft(text="Hi", language="en"), None)
    assert "needs an image" in problem
    settings.PUBLIC_MEDIA_BASE_URL = ""

    with pytest.raises(PlatformError) as raised:
        instagram.publish(
            ig_connection(meta, account),
            Draft(text="Hi", language="en", media=(image(),)),
            idempotency_key="k",
        )

    assert raised.value.permanent
    assert "PUBLIC_MEDIA_BASE_URL is not set" in raised.value.message
    assert not [e for e in meta.log if e.method == "POST"]


def test_publishing_waits_for_the_container_and_meta_fetches_the_image(
    meta: FakeMeta, account: Owner, public_media: Path
) -> None:
    meta.processing_seconds = 0.8
    connection = ig_connection(meta, account)
    picture = image("People arriving at a border post.")
    draft = Draft(
        text="Stories that count #MigrantsCount", language="en", media=(picture,)
    )

    assert instagram.validate(draft, connection) == []
    ref = instagram.publish(connection, draft, idempotency_key="k")

    [post] = meta.live_posts(account)
    assert post["text"] == draft.text and ref.remote_id == post["id"]
    assert post["alt_texts"] == ["People arriving at a border post."]
    [fetched] = post["images"]
    assert fetched["sha256"] == hashlib.sha256(picture.content).hexdigest()
    polls = [
        e.status
        for e in meta.log
        if e.method == "GET" and e.path.endswith(tuple(meta.containers))
    ]
    assert len(polls) >= 2  # IN_PROGRESS first, then FINISHED
    # Published before FINISHED was never tried; the image is gone from public media.
    assert not [
        e for e in meta.log if e.path.endswith("/media_publish") and e.status != 200
    ]
    assert list((public_media / "social" / "outgoing").iterdir()) == []


def test_publishing_before_finished_fails_with_9007_and_is_retried(
    meta: FakeMeta,
    account: Owner,
    public_media: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    meta.processing_seconds = 30
    connection = ig_connection(meta, account)
    draft = Draft(text="Too soon", language="en", media=(image(),))
    monkeypatch.setattr(graph, "wait_until_finished", lambda *args, **kwargs: None)

    with pytest.raises(PlatformError) as raised:
        instagram.publish(connection, draft, idempotency_key="k")

    assert not raised.value.permanent and not raised.value.ambiguous
    assert "Media not ready for publishing" in raised.value.message
    assert "(code 9007)" in raised.value.message
    assert meta.live_posts() == []


def test_a_container_still_processing_is_retried_later(
    meta: FakeMeta, account: Owner, public_media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meta.processing_seconds = 30
    monkeypatch.setattr(instagram, "CONTAINER_WAIT_SECONDS", 0.5)

    with pytest.raises(PlatformError) as raised:
        instagram.publish(
            ig_connection(meta, account),
            Draft(text="Slow", language="en", media=(image(),)),
            idempotency_key="k",
        )

    assert not raised.value.permanent and not raised.value.ambiguous
    assert meta.live_posts() == []


def test_an_image_meta_cannot_fetch_is_refused(
    meta: FakeMeta, account: Owner, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_MEDIA_BASE_URL = "http://127.0.0.1:9/"  # nothing listens there

    with pytest.raises(PlatformError) as raised:
        instagram.publish(
            ig_connection(meta, account),
            Draft(text="Hi", language="en", media=(image(),)),
            idempotency_key="k",
        )

    assert raised.value.permanent
    assert "Media download has failed" in raised.value.message


def test_the_quota_is_read_at_run_time_and_a_spent_one_waits(
    meta: FakeMeta, public_media: Path
) -> None:
    owner = meta.add_instagram("small_quota", quota=2)
    connection = ig_connection(meta, owner)
    for number in range(2):
        instagram.publish(
            connection,
            Draft(text=f"Post {number}", language="en", media=(image(),)),
            idempotency_key=str(number),
        )

    with pytest.raises(PlatformError) as raised:
        instagram.publish(
            connection,
            Draft(text="One too many", language="en", media=(image(),)),
            idempotency_key="x",
        )

    error = raised.value
    assert "2 of 2" in error.message
    assert not error.permanent and not error.ambiguous
    assert error.retry_at is not None and error.retry_at > datetime.now(UTC)
    assert len(meta.live_posts()) == 2
    assert not [
        e for e in meta.log if e.path.endswith("/media") and e.method == "POST"
    ][2:]


def test_a_quota_error_from_media_publish_is_a_wait_not_a_failure() -> None:
    import httpx

    error = graph.error_from(
        400,
        {
            "error": {
                "message": "Application request limit reached",
                "code": 9,
                "error_subcode": 2207042,
            }
        },
        httpx.Headers(),
    )
    assert not error.permanent and error.retry_at is not None


def test_a_dropped_publish_answer_is_found_by_lookup(
    meta: FakeMeta, account: Owner, public_media: Path
) -> None:
    connection = ig_connection(meta, account)
    draft = Draft(text="Counted once [d-5]", language="en", media=(image(),))
    sent_at = datetime.now(UTC)
    meta.ambiguous_rate = 1.0

    with pytest.raises(PlatformError) as raised:
        instagram.publish(connection, draft, idempotency_key="k")

    assert raised.value.ambiguous
    meta.ambiguous_rate = 0.0
    found = instagram.lookup(connection, draft, idempotency_key="k", sent_at=sent_at)
    assert found is not None and found.url.startswith("https://www.instagram.com/p/")
    assert meta.count_by_marker(r"\[(d-\d+)\]") == {"d-5": 1}


def test_instagram_login_cannot_delete_so_it_is_a_manual_takedown(
    meta: FakeMeta, account: Owner, public_media: Path
) -> None:
    connection = ig_connection(meta, account)
    ref = instagram.publish(
        connection,
        Draft(text="Hi", language="en", media=(image(),)),
        idempotency_key="k",
    )

    with pytest.raises(PlatformError) as raised:
        instagram.delete(connection, ref)

    assert raised.value.permanent  # the dispatcher makes a manual-takedown entry
    assert "by hand" in raised.value.message
    assert len(meta.live_posts()) == 1


def test_facebook_login_deletes_idempotently(
    meta: FakeMeta, public_media: Path
) -> None:
    page = meta.add_page("77", "Page", instagram="mc_peru")
    assert page.instagram is not None
    connection = Connection(
        base_url=meta.url,
        handle="@mc_peru",
        credentials={
            "access_token": page.token,
            "user_id": page.instagram.id,
            "page_id": page.id,
            "login": "facebook",
        },
    )
    ref = instagram.publish(
        connection,
        Draft(text="Hi", language="en", media=(image(),)),
        idempotency_key="k",
    )

    instagram.delete(connection, ref)
    instagram.delete(connection, ref)

    assert meta.live_posts() == []


def test_an_expired_token_needs_reconnecting_and_refresh_renews_it(
    meta: FakeMeta, account: Owner
) -> None:
    connection = ig_connection(meta, account)
    old = connection.credentials["access_token"]
    meta.age(old, 2 * 24 * 3600)

    tokens = instagram.refresh(CLIENT, connection)

    assert tokens.access_token != old
    assert tokens.expires_at is not None
    assert tokens.expires_at > datetime.now(UTC) + timedelta(days=59)
    meta.expire(tokens.access_token)
    connection.replace_tokens(tokens)
    with pytest.raises(PlatformError) as raised:
        instagram.refresh(CLIENT, connection)
    assert raised.value.needs_reconnect
    assert "Session has expired" in raised.value.message


def test_metrics_count_likes_comments_and_views(
    meta: FakeMeta, account: Owner, public_media: Path
) -> None:
    connection = ig_connection(meta, account)
    ref = instagram.publish(
        connection,
        Draft(text="Hi", language="en", media=(image(),)),
        idempotency_key="k",
    )
    meta.posts[ref.remote_id].update(likes=40, replies=2, views=900, shares=6)

    counts = instagram.metrics(connection, ref)

    assert (counts.likes, counts.replies, counts.views, counts.reposts) == (
        40,
        2,
        900,
        6,
    )
