"""The Bluesky module against a real local PDS (see `pds.py`)."""

from __future__ import annotations

import io
import random
import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from PIL import Image

from migrantscount.social.platforms import bluesky
from migrantscount.social.platforms.base import (
    Action,
    Connection,
    Draft,
    Media,
    PlatformError,
)
from migrantscount.social.platforms.text import utf8_bytes

from .pds import LocalPds, PdsAccount, missing
from .proxy import failing_proxy

LINK = (
    "https://migrantscount.org/es/historias/ana/?utm_source=bluesky&utm_medium=social"
)
TEXT = f"Ana llegó a Madrid 🇪🇸👨‍👩‍👧 con su familia. Lee su historia: {LINK} #MigrantesCuentan"


def png(width: int = 1200, height: int = 630, *, noise: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (200, 40, 60))
    if noise:
        image = Image.frombytes(
            "RGB", (width, height), random.randbytes(width * height * 3)
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def draft(**changes: object) -> Draft:
    values: dict[str, object] = {
        "text": TEXT,
        "language": "es",
        "link": LINK,
        "hashtags": ("MigrantesCuentan",),
        "media": (Media(png(), "image/png", "Ana y su familia en Madrid", 1200, 630),),
    }
    values.update(changes)
    return Draft(**values)  # type: ignore[arg-type]


@pytest.fixture
def connection(local_pds: LocalPds, pds_account: PdsAccount) -> Connection:
    return local_pds.connection(pds_account)


def test_record_key_is_a_tid() -> None:
    keys = [bluesky.new_idempotency_key() for _ in range(200)]
    assert len(set(keys)) == 200
    assert keys == sorted(keys)
    for key in keys:
        assert len(key) == 13
        assert set(key) <= set("234567abcdefghijklmnopqrstuvwxyz")
        assert key[0] in "234567abcdefghij"  # the top bit is 0
    value = 0
    for char in keys[0]:
        value = value * 32 + "234567abcdefghijklmnopqrstuvwxyz".index(char)
    written = datetime.fromtimestamp((value >> 10) / 1_000_000, tz=UTC)
    assert abs(written - datetime.now(UTC)) < timedelta(seconds=5)


def test_cost_in_write_points() -> None:
    assert bluesky.cost(Action.PUBLISH, draft()) == {
        "points_per_hour": 3,
        "points_per_day": 3,
    }
    assert (
        bluesky.cost(Action.PUBLISH, draft(limit_replies=True))["points_per_hour"] == 9
    )
    assert bluesky.cost(Action.DELETE, None)["points_per_day"] == 3
    assert bluesky.cost(Action.LOOKUP, None)["points_per_hour"] == 0
    assert [(b.name, b.capacity) for b in bluesky.BUDGETS] == [
        ("points_per_hour", 5_000),
        ("points_per_day", 35_000),
    ]


def test_validate_counts_graphemes_and_bytes() -> None:
    assert bluesky.validate(draft(), None) == []
    assert (
        bluesky.validate(draft(text="👨‍👩‍👧‍👦" * 120, link="", hashtags=()), None) == []
    )
    too_many = bluesky.validate(draft(text="a" * 301, link="", hashtags=()), None)
    assert len(too_many) == 1 and "301" in too_many[0]
    # 300 family emoji: 300 graphemes but 7,500 bytes.
    too_heavy = bluesky.validate(
        draft(text="👨‍👩‍👧‍👦" * 300, link="", hashtags=()), None
    )
    assert len(too_heavy) == 1 and "7500" in too_heavy[0]


def test_validate_images_and_alt_text() -> None:
    image = Media(png(100, 100), "image/png", "A chart", 100, 100)
    assert len(bluesky.validate(draft(media=(image,) * 5), None)) == 1
    no_alt = bluesky.validate(
        draft(media=(Media(image.content, "image/png", " ", 1, 1),)), None
    )
    assert no_alt == ["Image 1 has no alt text."]
    broken = bluesky.validate(
        draft(media=(Media(b"nope", "image/png", "x", 1, 1),)), None
    )
    assert broken == ["Image 1 cannot be read."]


def test_validate_needs_link_and_tags_in_text() -> None:
    problems = bluesky.validate(draft(text="Hola", media=()), None)
    assert len(problems) == 2


def test_facets_at_utf8_byte_offsets() -> None:
    facets = bluesky.facets(draft(text=TEXT + " https://data.unhcr.org/x"))
    encoded = (TEXT + " https://data.unhcr.org/x").encode()
    found = [
        (encoded[f.index.byte_start : f.index.byte_end].decode(), f.features[0])
        for f in facets
    ]
    assert [text for text, _feature in found] == [
        LINK,
        "#MigrantesCuentan",
        "https://data.unhcr.org/x",
    ]
    assert found[0][1].uri == LINK
    assert found[1][1].tag == "MigrantesCuentan"
    # A longer tag that starts with the same letters is not the hashtag.
    assert len(bluesky.facets(draft(text="#MigrantesCuentanMas", link=""))) == 0


def test_publish_reads_back_with_facets_langs_and_image(
    local_pds: LocalPds, connection: Connection
) -> None:
    key = bluesky.new_idempotency_key()
    ref = bluesky.publish(connection, draft(), idempotency_key=key)

    did = connection.credentials["did"]
    assert ref.remote_id == key
    assert ref.uri == f"at://{did}/app.bsky.feed.post/{key}"
    assert ref.url == f"https://bsky.app/profile/{did}/post/{key}"
    record = local_pds.get_record(did, "app.bsky.feed.post", key)
    assert record is not None
    assert record["text"] == TEXT
    assert record["langs"] == ["es"]
    encoded = TEXT.encode()
    spans = {
        encoded[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(): f[
            "features"
        ][0]
        for f in record["facets"]
    }
    assert spans[LINK] == {"$type": "app.bsky.richtext.facet#link", "uri": LINK}
    assert spans["#MigrantesCuentan"] == {
        "$type": "app.bsky.richtext.facet#tag",
        "tag": "MigrantesCuentan",
    }
    assert utf8_bytes(TEXT) > len(TEXT)  # the offsets above are bytes, not characters
    (image,) = record["embed"]["images"]
    assert record["embed"]["$type"] == "app.bsky.embed.images"
    assert image["alt"] == "Ana y su familia en Madrid"
    assert image["aspectRatio"] == {
        "$type": "app.bsky.embed.defs#aspectRatio",
        "width": 1200,
        "height": 630,
    }
    assert image["image"]["mimeType"] == "image/png"
    assert (
        bluesky.lookup(
            connection, draft(), idempotency_key=key, sent_at=datetime.now(UTC)
        )
        == ref
    )
    # No gates unless replies are limited.
    assert local_pds.get_record(did, "app.bsky.feed.threadgate", key) is None


def test_link_without_image_becomes_an_external_card(
    local_pds: LocalPds, connection: Connection
) -> None:
    key = bluesky.new_idempotency_key()
    bluesky.publish(connection, draft(media=(), language="en"), idempotency_key=key)
    record = local_pds.get_record(
        connection.credentials["did"], "app.bsky.feed.post", key
    )
    assert record is not None
    assert record["langs"] == ["en"]
    assert record["embed"]["$type"] == "app.bsky.embed.external"
    assert record["embed"]["external"]["uri"] == LINK
    assert record["embed"]["external"]["title"] == "migrantscount.org"


def test_large_image_is_reencoded_below_the_limit(
    local_pds: LocalPds, connection: Connection
) -> None:
    content = png(1400, 1000, noise=True)
    assert len(content) > 3_000_000
    photo = Media(content, "image/png", "Noise", 1400, 1000)
    assert bluesky.validate(draft(media=(photo,)), None) == []
    key = bluesky.new_idempotency_key()
    bluesky.publish(connection, draft(media=(photo,)), idempotency_key=key)
    record = local_pds.get_record(
        connection.credentials["did"], "app.bsky.feed.post", key
    )
    assert record is not None
    blob = record["embed"]["images"][0]["image"]
    assert blob["mimeType"] == "image/jpeg"
    assert blob["size"] <= 1_000_000
    ratio = record["embed"]["images"][0]["aspectRatio"]
    assert ratio["width"] * 1000 == ratio["height"] * 1400


def test_limited_replies_write_threadgate_and_postgate_and_delete_removes_all(
    local_pds: LocalPds, connection: Connection
) -> None:
    key = bluesky.new_idempotency_key()
    ref = bluesky.publish(connection, draft(limit_replies=True), idempotency_key=key)
    did = connection.credentials["did"]
    threadgate = local_pds.get_record(did, "app.bsky.feed.threadgate", key)
    postgate = local_pds.get_record(did, "app.bsky.feed.postgate", key)
    assert threadgate is not None and threadgate["post"] == ref.uri
    assert threadgate["allow"] == [{"$type": "app.bsky.feed.threadgate#mentionRule"}]
    assert postgate is not None and postgate["post"] == ref.uri
    assert postgate["embeddingRules"] == [
        {"$type": "app.bsky.feed.postgate#disableRule"}
    ]

    bluesky.delete(connection, ref)
    for collection in ("post", "threadgate", "postgate"):
        assert local_pds.get_record(did, f"app.bsky.feed.{collection}", key) is None
    bluesky.delete(connection, ref)  # a repeated delete succeeds
    assert (
        bluesky.lookup(
            connection, draft(), idempotency_key=key, sent_at=datetime.now(UTC)
        )
        is None
    )


def test_lookup_of_a_key_never_used_is_none(connection: Connection) -> None:
    key = bluesky.new_idempotency_key()
    assert (
        bluesky.lookup(
            connection, draft(), idempotency_key=key, sent_at=datetime.now(UTC)
        )
        is None
    )


def test_over_length_is_refused_before_and_by_the_server(
    connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_draft = draft(text="á" * 301, link="", hashtags=(), media=())
    with pytest.raises(PlatformError) as before:
        bluesky.publish(
            connection, long_draft, idempotency_key=bluesky.new_idempotency_key()
        )
    assert before.value.permanent and "301" in before.value.message

    monkeypatch.setattr(bluesky, "validate", lambda draft, connection: [])
    with pytest.raises(PlatformError) as by_server:
        bluesky.publish(
            connection, long_draft, idempotency_key=bluesky.new_idempotency_key()
        )
    assert by_server.value.status == 400
    assert by_server.value.permanent and not by_server.value.ambiguous
    assert "grapheme too big (maximum 300, got 301)" in by_server.value.message


def test_connect_with_a_wrong_password_needs_reconnecting(
    local_pds: LocalPds, pds_account: PdsAccount
) -> None:
    with pytest.raises(PlatformError) as error:
        bluesky.connect(local_pds.url, pds_account.handle, "wrong-wrong-wrong")
    assert error.value.needs_reconnect and error.value.permanent
    assert error.value.message == "Invalid identifier or password"


def test_connect_refuses_the_main_password(
    local_pds: LocalPds, pds_account: PdsAccount
) -> None:
    with pytest.raises(PlatformError) as error:
        bluesky.connect(local_pds.url, pds_account.handle, pds_account.password)
    assert error.value.needs_reconnect and "app password" in error.value.message


def test_connect_returns_a_verified_session(
    local_pds: LocalPds, pds_account: PdsAccount
) -> None:
    credentials = bluesky.connect(
        local_pds.url, pds_account.handle, pds_account.app_password
    )
    assert credentials["did"] == pds_account.did
    assert credentials["handle"] == pds_account.handle
    assert {"access_jwt", "refresh_jwt", "app_password"} <= set(credentials)


def test_expired_access_token_is_refreshed_before_the_call(
    local_pds: LocalPds, connection: Connection
) -> None:
    expired = local_pds.expired(connection.credentials["access_jwt"])
    # The server itself says so.
    answer = local_pds.xrpc("com.atproto.server.getSession", token=expired)
    assert answer.status_code == 400 and answer.json()["error"] == "ExpiredToken"
    connection.credentials["access_jwt"] = expired

    key = bluesky.new_idempotency_key()
    bluesky.publish(connection, draft(media=()), idempotency_key=key)
    assert connection.credentials_changed
    assert connection.credentials["access_jwt"] != expired
    assert local_pds.get_record(
        connection.credentials["did"], "app.bsky.feed.post", key
    )


def test_expired_token_answer_refreshes_and_retries_once(
    local_pds: LocalPds, connection: Connection
) -> None:
    # This machine's clock is 3 hours behind: the token looks valid here, and only
    # the server's ExpiredToken answer tells.
    connection.credentials["access_jwt"] = local_pds.expired(
        connection.credentials["access_jwt"]
    )
    key = bluesky.new_idempotency_key()
    with failing_proxy(local_pds.url) as proxy:
        connection.base_url = proxy.url
        with time_machine.travel(datetime.now(UTC) - timedelta(hours=3)):
            bluesky.publish(connection, draft(media=()), idempotency_key=key)
    assert proxy.count("applyWrites") == 2
    assert proxy.count("refreshSession") == 1
    assert connection.credentials_changed
    assert local_pds.get_record(
        connection.credentials["did"], "app.bsky.feed.post", key
    )


def test_expired_refresh_token_logs_in_again_with_the_app_password(
    local_pds: LocalPds, connection: Connection
) -> None:
    credentials = connection.credentials
    credentials["access_jwt"] = local_pds.expired(credentials["access_jwt"])
    credentials["refresh_jwt"] = local_pds.expired(credentials["refresh_jwt"])
    key = bluesky.new_idempotency_key()
    bluesky.publish(connection, draft(media=()), idempotency_key=key)
    assert connection.credentials_changed
    assert local_pds.get_record(credentials["did"], "app.bsky.feed.post", key)


def test_revoked_app_password_needs_reconnecting(
    local_pds: LocalPds, pds_account: PdsAccount, connection: Connection
) -> None:
    session = local_pds.xrpc(
        "com.atproto.server.createSession",
        body={"identifier": pds_account.handle, "password": pds_account.password},
    ).json()
    local_pds.xrpc(
        "com.atproto.server.revokeAppPassword",
        body={"name": "migrantscount-tests"},
        token=session["accessJwt"],
    ).raise_for_status()
    connection.credentials["access_jwt"] = local_pds.expired(
        connection.credentials["access_jwt"]
    )
    with pytest.raises(PlatformError) as error:
        bluesky.publish(
            connection, draft(media=()), idempotency_key=bluesky.new_idempotency_key()
        )
    assert error.value.needs_reconnect
    assert error.value.message == "Invalid identifier or password"


def test_dropped_answer_is_ambiguous_and_lookup_finds_the_one_post(
    local_pds: LocalPds, connection: Connection
) -> None:
    key = bluesky.new_idempotency_key()
    did = connection.credentials["did"]
    with failing_proxy(local_pds.url) as proxy:
        connection.base_url = proxy.url
        proxy.drop_answers("com.atproto.repo.applyWrites")
        with pytest.raises(PlatformError) as error:
            bluesky.publish(connection, draft(limit_replies=True), idempotency_key=key)
        assert error.value.ambiguous and not error.value.permanent

        found = bluesky.lookup(
            connection, draft(), idempotency_key=key, sent_at=datetime.now(UTC)
        )
        assert found is not None and found.remote_id == key
        # A blind retry with the same key cannot duplicate: the server answers 500.
        with pytest.raises(PlatformError) as again:
            bluesky.publish(connection, draft(limit_replies=True), idempotency_key=key)
        assert again.value.status == 500 and again.value.ambiguous
    assert len(local_pds.list_records(did, "app.bsky.feed.post")) == 1
    assert len(local_pds.list_records(did, "app.bsky.feed.threadgate")) == 1


def test_unreachable_server_is_not_ambiguous(connection: Connection) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    connection.base_url = f"http://127.0.0.1:{port}"
    with pytest.raises(PlatformError) as error:
        bluesky.publish(
            connection, draft(media=()), idempotency_key=bluesky.new_idempotency_key()
        )
    assert not error.value.ambiguous and not error.value.permanent


def test_rate_limit_headers_are_recorded_and_429_says_when(
    local_pds: LocalPds, pds_account: PdsAccount, connection: Connection
) -> None:
    bluesky.publish(
        connection, draft(media=()), idempotency_key=bluesky.new_idempotency_key()
    )
    if connection.rate_limit is None:
        missing(
            "the local PDS runs without rate limits (PDS_RATE_LIMITS_ENABLED=false)"
        )
    assert connection.rate_limit.limit and connection.rate_limit.remaining is not None
    assert (
        connection.rate_limit.reset_at
        and connection.rate_limit.reset_at > datetime.now(UTC)
    )

    # Logins: 30 per 5 minutes per account and address.
    for _attempt in range(31):
        try:
            bluesky.connect(local_pds.url, pds_account.handle, pds_account.app_password)
        except PlatformError as error:
            assert error.status == 429 and not error.permanent
            assert error.retry_at is not None
            assert (
                datetime.now(UTC)
                < error.retry_at
                <= datetime.now(UTC) + timedelta(minutes=5)
            )
            break
    else:
        pytest.fail("no 429 after 31 logins")
