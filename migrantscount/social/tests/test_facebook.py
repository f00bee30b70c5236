"""The Facebook Page module against the fake Graph hosts (social.fakes.graph)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from migrantscount.social.fakes.graph import FakeMeta, Owner
from migrantscount.social.platforms import PLATFORMS, facebook, graph
from migrantscount.social.platforms.base import (
    Action,
    Connection,
    Draft,
    PlatformError,
)

from .meta import CLIENT, authorize, image
from .meta import meta as meta  # the fixture

USER = "1001"


def page_connection(fake: FakeMeta, page: Owner) -> Connection:
    return Connection(
        base_url=fake.url,
        handle=page.name,
        credentials={"access_token": page.token, "page_id": page.id},
    )


@pytest.fixture
def page(meta: FakeMeta) -> Owner:
    return meta.add_page(USER, "Migrants Count Colombia", instagram="mc_colombia")


def test_registered_with_the_platform_interface() -> None:
    assert PLATFORMS["facebook"] is facebook
    assert facebook.CAN_DELETE
    assert {budget.name for budget in facebook.BUDGETS} >= set(
        facebook.cost(Action.PUBLISH, None)
    )


def test_connecting_lists_the_pages_with_their_page_tokens(
    meta: FakeMeta, page: Owner
) -> None:
    verifier = "v" * 64
    url = facebook.authorization_url(
        CLIENT, state="s-1", code_challenge=_challenge(verifier)
    )
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == "/v25.0/dialog/oauth"
    assert query["code_challenge_method"] == ["S256"]
    assert "pages_manage_posts" in query["scope"][0].split(",")
    answer = authorize(url)
    assert answer["state"] == "s-1"

    tokens = facebook.exchange_code(CLIENT, code=answer["code"], code_verifier=verifier)

    # The long-lived user token (about 60 days), not the short-lived one.
    assert tokens.expires_at is not None
    assert tokens.expires_at > datetime.now(UTC) + timedelta(days=59)
    assert meta.tokens[tokens.access_token].expires_at is not None
    [identity] = facebook.identities(CLIENT, tokens)
    assert identity.remote_id == page.id
    assert identity.handle == "Migrants Count Colombia"
    assert identity.credentials == {"access_token": page.token, "page_id": page.id}
    assert identity.expires_at is None  # a Page token from a long-lived token


def test_a_wrong_code_verifier_is_refused(meta: FakeMeta, page: Owner) -> None:
    url = facebook.authorization_url(
        CLIENT, state="s", code_challenge=_challenge("a" * 50)
    )
    code = authorize(url)["code"]

    with pytest.raises(PlatformError) as raised:
        facebook.exchange_code(CLIENT, code=code, code_verifier="b" * 50)

    assert raised.value.permanent
    assert "Invalid code verifier" in raised.value.message


def test_text_with_link_goes_to_the_feed(meta: FakeMeta, page: Owner) -> None:
    connection = page_connection(meta, page)
    draft = Draft(
        text="Migrants count. https://migrantscount.org/es/ #MigrantesCuentan",
        language="es",
        link="https://migrantscount.org/es/",
    )

    assert facebook.validate(draft, connection) == []
    ref = facebook.publish(connection, draft, idempotency_key="k")

    [post] = meta.live_posts(page)
    assert post["text"] == draft.text
    assert ref.remote_id == post["id"] and ref.url == post["permalink"]
    assert [entry.path for entry in meta.log if entry.path.endswith("/feed")] == [
        f"/v25.0/{page.id}/feed"
    ]


def test_one_image_goes_to_photos_with_its_alt_text(
    meta: FakeMeta, page: Owner
) -> None:
    connection = page_connection(meta, page)
    picture = image("Arrivals by year, 2015 to 2024.")
    draft = Draft(text="A chart", language="en", media=(picture,))

    facebook.publish(connection, draft, idempotency_key="k")

    [post] = meta.live_posts(page)
    [photo] = post["images"]
    assert photo["alt_text"] == "Arrivals by year, 2015 to 2024."
    assert photo["sha256"] == hashlib.sha256(picture.content).hexdigest()


def test_several_images_are_attached_to_one_feed_post(
    meta: FakeMeta, page: Owner
) -> None:
    connection = page_connection(meta, page)
    draft = Draft(
        text="Two charts",
        language="en",
        media=(image("First"), image("Second", colour=(200, 0, 0))),
    )

    facebook.publish(connection, draft, idempotency_key="k")

    [post] = meta.live_posts(page)
    assert [photo["alt_text"] for photo in post["images"]] == ["First", "Second"]


def test_usage_headers_become_the_accounts_rate_limit(
    meta: FakeMeta, page: Owner
) -> None:
    meta.usage_percent = 100
    meta.regain_minutes = 7
    connection = page_connection(meta, page)

    facebook.publish(connection, Draft(text="Hi", language="en"), idempotency_key="k")

    limit = connection.rate_limit
    assert limit is not None and (limit.limit, limit.remaining) == (100, 0)
    assert limit.reset_at is not None
    expected = datetime.now(UTC) + timedelta(minutes=7)
    assert abs((limit.reset_at - expected).total_seconds()) < 5


def test_throttling_says_when_to_retry_and_is_not_ambiguous(
    meta: FakeMeta, page: Owner
) -> None:
    meta.throttle_rate = 1.0
    meta.throttle_minutes = 12

    with pytest.raises(PlatformError) as raised:
        facebook.publish(
            page_connection(meta, page),
            Draft(text="Hi", language="en"),
            idempotency_key="k",
        )

    error = raised.value
    assert not error.permanent and not error.ambiguous
    assert error.retry_at is not None
    assert error.retry_at > datetime.now(UTC) + timedelta(minutes=11)
    assert "(#32) Page request limit reached" in error.message
    assert meta.live_posts() == []


def test_a_dropped_answer_is_ambiguous_and_the_lookup_finds_the_post(
    meta: FakeMeta, page: Owner
) -> None:
    connection = page_connection(meta, page)
    draft = Draft(text="Our stories [d-9]", language="en")
    sent_at = datetime.now(UTC)
    meta.ambiguous_rate = 1.0

    with pytest.raises(PlatformError) as raised:
        facebook.publish(connection, draft, idempotency_key="k")

    assert raised.value.ambiguous and not raised.value.permanent
    meta.ambiguous_rate = 0.0
    found = facebook.lookup(connection, draft, idempotency_key="k", sent_at=sent_at)
    assert found is not None
    assert meta.count_by_marker(r"\[(d-\d+)\]") == {"d-9": 1}


def test_a_retry_refused_as_duplicate_answers_the_earlier_post(
    meta: FakeMeta, page: Owner
) -> None:
    connection = page_connection(meta, page)
    draft = Draft(text="Once only [d-3]", language="en")
    first = facebook.publish(connection, draft, idempotency_key="k")

    again = facebook.publish(connection, draft, idempotency_key="k")

    assert again.remote_id == first.remote_id
    assert meta.count_by_marker(r"\[(d-\d+)\]") == {"d-3": 1}


def test_a_failed_permalink_read_keeps_the_post_with_its_plain_address(
    meta: FakeMeta, page: Owner
) -> None:
    meta.read_errors = 1

    ref = facebook.publish(
        page_connection(meta, page),
        Draft(text="Out", language="en"),
        idempotency_key="k",
    )

    assert ref.url == f"https://www.facebook.com/{ref.remote_id}"
    assert len(meta.live_posts(page)) == 1


def test_a_transient_500_is_ambiguous_and_nothing_was_posted(
    meta: FakeMeta, page: Owner
) -> None:
    connection = page_connection(meta, page)
    draft = Draft(text="Lost in transit", language="en")
    sent_at = datetime.now(UTC)
    meta.error_rate = 1.0

    with pytest.raises(PlatformError) as raised:
        facebook.publish(connection, draft, idempotency_key="k")

    assert raised.value.ambiguous and raised.value.status == 500
    assert (
        facebook.lookup(connection, draft, idempotency_key="k", sent_at=sent_at) is None
    )


def test_an_expired_token_needs_reconnecting(meta: FakeMeta, page: Owner) -> None:
    meta.expire(page.token)

    with pytest.raises(PlatformError) as raised:
        facebook.publish(
            page_connection(meta, page),
            Draft(text="Hi", language="en"),
            idempotency_key="k",
        )

    assert raised.value.needs_reconnect and raised.value.permanent
    assert raised.value.message.startswith(
        "Error validating access token: Session has expired"
    )
    assert raised.value.message.endswith("(code 190)")


def test_refresh_checks_the_page_token_and_a_revoked_one_needs_a_person(
    meta: FakeMeta, page: Owner
) -> None:
    connection = page_connection(meta, page)
    assert facebook.refresh(CLIENT, connection).access_token == page.token

    meta.revoke(page.token)

    with pytest.raises(PlatformError) as raised:
        facebook.refresh(CLIENT, connection)
    assert raised.value.needs_reconnect


def test_rejected_content_is_permanent(meta: FakeMeta, page: Owner) -> None:
    connection = page_connection(meta, page)
    connection.credentials["page_id"] = "999"  # not a Page this token manages

    with pytest.raises(PlatformError) as raised:
        facebook.publish(
            connection, Draft(text="Hi", language="en"), idempotency_key="k"
        )

    assert raised.value.permanent and not raised.value.ambiguous
    assert not raised.value.needs_reconnect


def test_delete_is_idempotent(meta: FakeMeta, page: Owner) -> None:
    connection = page_connection(meta, page)
    ref = facebook.publish(
        connection, Draft(text="To withdraw", language="en"), idempotency_key="k"
    )

    facebook.delete(connection, ref)
    facebook.delete(connection, ref)

    assert meta.live_posts() == []


def test_metrics_report_reactions_comments_and_shares(
    meta: FakeMeta, page: Owner
) -> None:
    connection = page_connection(meta, page)
    ref = facebook.publish(
        connection, Draft(text="Read me", language="en"), idempotency_key="k"
    )
    meta.posts[ref.remote_id].update(likes=12, replies=3, reposts=5)

    counts = facebook.metrics(connection, ref)

    assert (counts.likes, counts.replies, counts.reposts) == (12, 3, 5)
    assert counts.views is None


def test_validate_uses_the_shared_limits() -> None:
    problems = facebook.validate(
        Draft(text="x", language="en", media=(image(alt_text=" "),)), None
    )
    assert problems and "description" in problems[0]


def test_graph_times_parse_with_their_offset() -> None:
    moment = graph.timestamp("2026-12-01T10:00:00+0000")
    assert moment == datetime(2026, 12, 1, 10, tzinfo=UTC)
    assert graph.timestamp("not a time") is None


def test_the_highest_usage_percentage_is_the_rate_limit() -> None:
    headers = httpx.Headers(
        {
            "X-App-Usage": '{"call_count": 12, "total_time": 30, "total_cputime": 8}',
            "X-Business-Use-Case-Usage": (
                '{"1": [{"type": "pages", "call_count": 55, "total_time": 61,'
                ' "total_cputime": 10, "estimated_time_to_regain_access": 0}]}'
            ),
        }
    )

    limit = graph.usage(headers)

    assert limit is not None
    assert (limit.limit, limit.remaining, limit.reset_at) == (100, 39, None)
    assert graph.usage(httpx.Headers()) is None


@pytest.mark.parametrize(
    ("status", "error", "kind"),
    [
        (400, {"code": 190, "error_subcode": 463}, "reconnect"),
        (400, {"code": 190, "error_subcode": 460}, "reconnect"),
        (403, {"code": 200}, "reconnect"),
        (400, {"code": 10}, "reconnect"),
        (400, {"code": 4}, "wait"),
        (400, {"code": 17}, "wait"),
        (400, {"code": 32}, "wait"),
        (400, {"code": 613}, "wait"),
        (400, {"code": 80001}, "wait"),
        (400, {"code": 9, "error_subcode": 2207042}, "wait"),
        (500, {"code": 2, "is_transient": True}, "ambiguous"),
        (400, {"code": 1}, "ambiguous"),
        (502, {"code": 100}, "ambiguous"),
        (400, {"code": 100, "error_subcode": 33}, "permanent"),
        (400, {"code": 368}, "permanent"),
    ],
)
def test_graph_errors_map_to_what_the_dispatcher_does(
    status: int, error: dict[str, object], kind: str
) -> None:
    failure = graph.error_from(
        status,
        {"error": {"message": "Meta says no", **error}},
        httpx.Headers(),
        ambiguous_after_send=True,
    )

    outcome = (
        "reconnect"
        if failure.needs_reconnect
        else "wait"
        if failure.retry_at is not None
        else "ambiguous"
        if failure.ambiguous
        else "permanent"
        if failure.permanent
        else "retry"
    )
    assert outcome == kind
    assert failure.message.startswith("Meta says no (code ")


def _challenge(verifier: str) -> str:
    from migrantscount.social.platforms import mastodon

    return mastodon.code_challenge(verifier)
