"""The Mastodon module against the HTTP-level fake instance (social.fakes.mastodon)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.core.management import call_command
from PIL import Image

from migrantscount.social.fakes.mastodon import FakeMastodon
from migrantscount.social.management.commands import run_fake_mastodon
from migrantscount.social.platforms import mastodon
from migrantscount.social.platforms.base import (
    Action,
    Connection,
    Draft,
    Media,
    PlatformError,
)

REDIRECT_URI = "http://testserver/admin/social/accounts/callback/"


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon(seed=1).start() as server:
        yield server


def connect(fake: FakeMastodon, username: str = "campaign") -> Connection:
    account = fake.create_account(username)
    return Connection(
        base_url=fake.url,
        handle=f"@{username}@{fake.domain}",
        credentials={
            "access_token": fake.issue_token(account),
            "account_id": account.id,
        },
        settings=mastodon.fetch_instance_settings(fake.url),
    )


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def image(alt_text: str = "A red square.", content: bytes | None = None) -> Media:
    return Media(
        content=content or png(),
        mime_type="image/png",
        alt_text=alt_text,
        width=40,
        height=30,
    )


def authorize(authorization_url: str) -> dict[str, str]:
    """Follows the fake's auto-approval; the query of the redirect to our callback."""
    response = httpx.get(authorization_url, follow_redirects=False)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI)
    return {
        key: values[0] for key, values in parse_qs(urlsplit(location).query).items()
    }


def test_pkce_flow_connects_an_account(fake: FakeMastodon) -> None:
    app = mastodon.register_app(fake.url, REDIRECT_URI)
    settings = mastodon.fetch_instance_settings(fake.url)
    assert mastodon.supports_pkce(settings)
    verifier = mastodon.new_code_verifier()
    url = mastodon.authorization_url(
        fake.url,
        app["client_id"],
        REDIRECT_URI,
        "state-1",
        mastodon.code_challenge(verifier),
    )
    assert "code_challenge_method=S256" in url
    answer = authorize(url)
    assert answer["state"] == "state-1"

    credentials = mastodon.exchange_code(
        fake.url,
        client_id=app["client_id"],
        client_secret=app["client_secret"],
        redirect_uri=REDIRECT_URI,
        code=answer["code"],
        code_verifier=verifier,
    )

    account = mastodon.fetch_account(fake.url, credentials["access_token"])
    assert account["handle"] == f"@campaign@{fake.domain}"
    assert credentials["account_id"] == account["id"]


def test_pkce_code_needs_its_verifier(fake: FakeMastodon) -> None:
    app = mastodon.register_app(fake.url, REDIRECT_URI)
    verifier = mastodon.new_code_verifier()
    url = mastodon.authorization_url(
        fake.url, app["client_id"], REDIRECT_URI, "s", mastodon.code_challenge(verifier)
    )
    code = authorize(url)["code"]

    with pytest.raises(PlatformError) as raised:
        mastodon.exchange_code(
            fake.url,
            client_id=app["client_id"],
            client_secret=app["client_secret"],
            redirect_uri=REDIRECT_URI,
            code=code,
            code_verifier=mastodon.new_code_verifier(),
        )

    assert raised.value.permanent
    assert raised.value.message.startswith("invalid_grant")


def test_plain_flow_on_an_instance_before_4_3() -> None:
    with FakeMastodon(version="4.2.10").start() as fake:
        settings = mastodon.fetch_instance_settings(fake.url)
        assert settings["code_challenge_methods"] == []
        assert not mastodon.supports_pkce(settings)
        app = mastodon.register_app(fake.url, REDIRECT_URI)
        url = mastodon.authorization_url(
            fake.url, app["client_id"], REDIRECT_URI, "state-2", None
        )
        assert "code_challenge" not in url
        answer = authorize(url)
        assert answer["state"] == "state-2"

        credentials = mastodon.exchange_code(
            fake.url,
            client_id=app["client_id"],
            client_secret=app["client_secret"],
            redirect_uri=REDIRECT_URI,
            code=answer["code"],
        )

    assert credentials["access_token"]


@pytest.mark.parametrize(
    ("instance_settings", "expected"),
    [
        ({"code_challenge_methods": ["S256"], "version": "4.2.0"}, True),
        ({"api_version": 2, "version": "4.3.0"}, True),
        ({"version": "4.3.1+glitch"}, True),
        ({"version": "4.2.12"}, False),
        ({"version": "3.5.3 (compatible; Pleroma 2.5.0)"}, False),
        ({}, False),
    ],
)
def test_supports_pkce_from_what_the_instance_said(
    instance_settings: dict[str, object], expected: bool
) -> None:
    assert mastodon.supports_pkce(instance_settings) is expected


@pytest.mark.parametrize(("max_characters", "accepted"), [(500, False), (1000, True)])
def test_the_instance_max_characters_is_honoured(
    max_characters: int, accepted: bool
) -> None:
    draft = Draft(text="a" * 700, language="en")
    with FakeMastodon(max_characters=max_characters).start() as fake:
        connection = connect(fake)
        assert connection.settings["max_characters"] == max_characters
        problems = mastodon.validate(draft, connection)
        assert (problems == []) is accepted

        if accepted:
            ref = mastodon.publish(
                connection, draft, idempotency_key=mastodon.new_idempotency_key()
            )
            assert ref.remote_id
        else:
            assert "500" in problems[0]
            with pytest.raises(PlatformError) as raised:
                mastodon.publish(
                    connection, draft, idempotency_key=mastodon.new_idempotency_key()
                )
            assert raised.value.permanent
            assert raised.value.status == 422
            assert raised.value.message == (
                "Validation failed: Text character limit of 500 exceeded"
            )


def test_each_url_counts_as_characters_reserved_per_url(fake: FakeMastodon) -> None:
    connection = connect(fake)
    link = (
        "https://migrantscount.org/es/historias/" + "x" * 150 + "?utm_source=mastodon"
    )
    draft = Draft(text="b" * 470 + " " + link, language="es", link=link)

    assert mastodon.validate(draft, connection) == []
    assert mastodon.publish(connection, draft, idempotency_key="k-url").remote_id
    assert mastodon.validate(
        Draft(text="b" * 480 + " " + link, language="es"), connection
    )


def test_alt_text_is_required_and_at_most_1500_characters(fake: FakeMastodon) -> None:
    connection = connect(fake)
    missing = Draft(text="Hi", language="en", media=(image(alt_text=" "),))
    long = Draft(text="Hi", language="en", media=(image(alt_text="a" * 1501),))
    fits = Draft(text="Hi", language="en", media=(image(alt_text="a" * 1500),))

    assert len(mastodon.validate(missing, connection)) == 1
    assert "1500" in mastodon.validate(long, connection)[0]
    assert mastodon.validate(fits, connection) == []


def test_too_many_or_too_large_images_are_refused(fake: FakeMastodon) -> None:
    connection = connect(fake)
    connection.settings["image_size_limit"] = 100
    draft = Draft(text="Hi", language="en", media=(image(),) * 5)

    problems = mastodon.validate(draft, connection)

    assert any("4" in problem for problem in problems)
    assert any("100" in problem for problem in problems)


def test_a_small_image_is_attached_at_once(fake: FakeMastodon) -> None:
    connection = connect(fake)
    draft = Draft(text="With a chart", language="en", media=(image(),))

    ref = mastodon.publish(connection, draft, idempotency_key="k-small")

    [status] = fake.live_statuses()
    assert status["id"] == ref.remote_id
    [media_id] = status["media_ids"]
    assert fake.media[media_id]["description"] == "A red square."
    assert not [entry for entry in fake.log if entry.path.startswith("/api/v1/media/")]


def test_a_large_image_is_awaited_while_processing(fake: FakeMastodon) -> None:
    fake.sync_media_max_bytes = 10
    fake.media_processing_seconds = 0.6
    connection = connect(fake)
    draft = Draft(text="With a large chart", language="en", media=(image(),))

    mastodon.publish(connection, draft, idempotency_key="k-large")

    answers = [entry.status for entry in fake.log if entry.path.startswith("/api/")]
    media_polls = [
        entry.status for entry in fake.log if entry.path.startswith("/api/v1/media/")
    ]
    assert 202 in answers
    assert media_polls[0] == 206
    assert media_polls[-1] == 200
    assert len(fake.live_statuses()) == 1


def test_status_carries_language_and_idempotency_key(fake: FakeMastodon) -> None:
    connection = connect(fake)
    draft = Draft(
        text="Hola #MigrantesCuentan", language="es", hashtags=("MigrantesCuentan",)
    )

    first = mastodon.publish(connection, draft, idempotency_key="k-same")
    second = mastodon.publish(connection, draft, idempotency_key="k-same")

    assert first == second
    [status] = fake.live_statuses()
    assert status["language"] == "es"
    assert status["idempotency_key"] == "k-same"
    assert fake.created_by_key["k-same"] == 1
    assert first.url.endswith(f"/@campaign/{first.remote_id}")


def test_a_dropped_answer_then_lookup_finds_exactly_one_status(
    fake: FakeMastodon,
) -> None:
    connection = connect(fake)
    draft = Draft(text="Our stories [d-42] https://migrantscount.org/x", language="en")
    key = mastodon.new_idempotency_key()
    sent_at = datetime.now(UTC)
    fake.ambiguous_rate = 1.0

    with pytest.raises(PlatformError) as raised:
        mastodon.publish(connection, draft, idempotency_key=key)

    assert raised.value.ambiguous
    assert not raised.value.permanent
    fake.ambiguous_rate = 0.0
    found = mastodon.lookup(connection, draft, idempotency_key=key, sent_at=sent_at)
    assert found is not None
    # A retry with the same key within the hour answers the same status.
    assert mastodon.publish(connection, draft, idempotency_key=key) == found
    assert fake.count_by_marker(r"\[(d-\d+)\]") == {"d-42": 1}
    assert fake.created_by_key[key] == 1


def test_lookup_finds_nothing_when_the_instance_did_not_post(
    fake: FakeMastodon,
) -> None:
    connection = connect(fake)
    mastodon.publish(
        connection, Draft(text="Another post", language="en"), idempotency_key="a"
    )
    draft = Draft(text="The lost one", language="en")
    sent_at = datetime.now(UTC)
    fake.error_rate = 1.0

    with pytest.raises(PlatformError) as raised:
        mastodon.publish(connection, draft, idempotency_key="b")

    assert raised.value.ambiguous
    assert raised.value.status == 503
    assert (
        mastodon.lookup(connection, draft, idempotency_key="b", sent_at=sent_at) is None
    )


def test_lookup_ignores_the_same_text_posted_before_sent_at(fake: FakeMastodon) -> None:
    connection = connect(fake)
    draft = Draft(text="Every Monday", language="en")
    mastodon.publish(connection, draft, idempotency_key="monday-1")

    later = datetime.now(UTC) + timedelta(hours=1)

    assert (
        mastodon.lookup(connection, draft, idempotency_key="monday-2", sent_at=later)
        is None
    )


def test_429_says_when_to_retry(fake: FakeMastodon) -> None:
    fake.rate_limits["statuses"] = (2, 3 * 60 * 60)
    connection = connect(fake)
    for number in range(2):
        mastodon.publish(
            connection,
            Draft(text=f"Post {number}", language="en"),
            idempotency_key=str(number),
        )
    assert connection.rate_limit is not None
    assert connection.rate_limit.remaining == 0

    with pytest.raises(PlatformError) as raised:
        mastodon.publish(
            connection, Draft(text="One too many", language="en"), idempotency_key="x"
        )

    error = raised.value
    assert error.status == 429
    assert error.message == "Too many requests"
    assert not error.permanent and not error.ambiguous
    assert error.retry_at is not None
    assert datetime.now(UTC) < error.retry_at <= datetime.now(UTC) + timedelta(hours=3)
    assert connection.rate_limit.reset_at == error.retry_at


def test_an_injected_429_is_not_ambiguous(fake: FakeMastodon) -> None:
    connection = connect(fake)
    fake.throttle_rate = 1.0

    with pytest.raises(PlatformError) as raised:
        mastodon.publish(
            connection, Draft(text="Hi", language="en"), idempotency_key="t"
        )

    assert raised.value.retry_at is not None
    assert not raised.value.ambiguous
    assert fake.live_statuses() == []


def test_rate_limit_headers_are_recorded(fake: FakeMastodon) -> None:
    connection = connect(fake)

    mastodon.publish(connection, Draft(text="Hi", language="en"), idempotency_key="r")

    limit = connection.rate_limit
    assert limit is not None
    assert (limit.limit, limit.remaining) == (300, 299)
    assert limit.reset_at is not None and limit.reset_at.tzinfo is not None


def test_a_revoked_token_needs_reconnecting(fake: FakeMastodon) -> None:
    connection = connect(fake)
    fake.revoke(connection.credentials["access_token"])

    with pytest.raises(PlatformError) as raised:
        mastodon.publish(
            connection, Draft(text="Hi", language="en"), idempotency_key="v"
        )

    assert raised.value.needs_reconnect
    assert raised.value.permanent
    assert raised.value.message == "The access token was revoked"


def test_delete_is_idempotent(fake: FakeMastodon) -> None:
    connection = connect(fake)
    ref = mastodon.publish(
        connection, Draft(text="To withdraw", language="en"), idempotency_key="d"
    )

    mastodon.delete(connection, ref)
    mastodon.delete(connection, ref)

    status = fake.statuses[ref.remote_id]
    assert status["deleted"] and status["deleted_media"]
    assert fake.live_statuses() == []


def test_an_unreachable_instance_is_not_ambiguous() -> None:
    fake = FakeMastodon().start()
    connection = connect(fake)
    fake.stop()

    with pytest.raises(PlatformError) as raised:
        mastodon.publish(
            connection, Draft(text="Hi", language="en"), idempotency_key="u"
        )

    assert not raised.value.ambiguous
    assert not raised.value.permanent


def test_budgets_and_costs_follow_the_documented_limits() -> None:
    budgets = {
        budget.name: (budget.capacity, budget.window) for budget in mastodon.BUDGETS
    }
    draft = Draft(text="Hi", language="en", media=(image(),))

    assert budgets["requests"] == (300, timedelta(minutes=5))
    assert budgets["media"] == (30, timedelta(minutes=30))
    assert budgets["deletes"] == (30, timedelta(minutes=30))
    assert mastodon.cost(Action.PUBLISH, draft)["media"] == 1
    assert mastodon.cost(Action.DELETE, None) == {"requests": 1, "deletes": 1}
    assert set(mastodon.cost(Action.PUBLISH, draft)) <= set(budgets)
    assert len(mastodon.new_idempotency_key()) == 36


def test_run_fake_mastodon_serves_until_interrupted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    served: list[dict[str, object]] = []

    def interrupt() -> None:
        fake_url = output.getvalue().split(" at ")[1].split(" ")[0]
        served.append(mastodon.fetch_instance_settings(fake_url))
        raise KeyboardInterrupt

    output = io.StringIO()
    monkeypatch.setattr(run_fake_mastodon, "wait_for_interrupt", interrupt)

    call_command("run_fake_mastodon", port=0, max_characters=1000, stdout=output)

    assert served[0]["max_characters"] == 1000
    assert "Stopped" in output.getvalue()


def test_lookup_reads_back_past_a_busy_hour(fake: FakeMastodon) -> None:
    connection = connect(fake)
    account = fake.accounts[connection.credentials["account_id"]]
    draft = Draft(text="The one that got lost [d-7]", language="en")
    sent_at = datetime.now(UTC)
    fake.add_status(account, draft.text, idempotency_key="lost")
    for number in range(1234):
        fake.add_status(account, f"Later post {number}")

    found = mastodon.lookup(connection, draft, idempotency_key="lost", sent_at=sent_at)

    assert found is not None
    assert fake.statuses[found.remote_id]["idempotency_key"] == "lost"


def test_lookup_that_cannot_tell_does_not_say_not_there(
    fake: FakeMastodon, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mastodon, "LOOKUP_PAGES", 2)
    connection = connect(fake)
    account = fake.accounts[connection.credentials["account_id"]]
    sent_at = datetime.now(UTC)
    for number in range(100):
        fake.add_status(account, f"Later post {number}")

    with pytest.raises(PlatformError) as raised:
        mastodon.lookup(
            connection,
            Draft(text="Missing", language="en"),
            idempotency_key="m",
            sent_at=sent_at,
        )

    assert raised.value.permanent
    assert "80" in raised.value.message
