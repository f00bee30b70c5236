"""The LinkedIn module against the HTTP-level fake LinkedIn (social.fakes.linkedin):
the versioned REST API's headers and 426 sunset, OAuth and the organisations a
member administers, little-text escaping, URNs from x-restli-id, images with alt
text, 422 DUPLICATE_POST verified, lookups before any retry, deletes, metrics."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
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
from PIL import Image

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.fakes.linkedin import FakeLinkedIn, read_little
from migrantscount.social.models import Account, Delivery, MetricSnapshot
from migrantscount.social.platforms import linkedin
from migrantscount.social.platforms.base import (
    Action,
    Connection,
    Draft,
    Media,
    OAuthClient,
    PlatformError,
)
from migrantscount.social.services import dispatch, metrics, tokens

from . import factories

REDIRECT_URI = "http://testserver/admin/social/connect/linkedin/callback/"
CLIENT = OAuthClient(
    client_id="li-client",
    client_secret="li-secret",
    redirect_uri=REDIRECT_URI,
    scopes=linkedin.SCOPES,
)
TEXT = (
    "Migrants count (and so do their stories) — read Ana's story: "
    "https://migrantscount.example/s/1?utm_source=linkedin&utm_content=7 "
    "#MigrantsCount"
)


@pytest.fixture
def fake(settings: Any) -> Iterator[FakeLinkedIn]:
    with FakeLinkedIn(seed=1).start() as server:
        assert isinstance(server, FakeLinkedIn)
        server.add_app(CLIENT.client_id, CLIENT.client_secret, REDIRECT_URI)
        settings.SOCIAL_LINKEDIN_API_URL = server.url
        settings.SOCIAL_LINKEDIN_OAUTH_URL = f"{server.url}/oauth/v2"
        settings.SOCIAL_LINKEDIN_VERSION = "202610"
        settings.SOCIAL_OAUTH_CLIENTS = {
            "linkedin": {
                "client_id": CLIENT.client_id,
                "client_secret": CLIENT.client_secret,
            }
        }
        yield server


def connect(fake: FakeLinkedIn) -> tuple[Connection, str]:
    member = fake.add_member()
    organization = fake.add_organization(
        "Migrants Count", "migrantscount", admin=member
    )
    return (
        Connection(
            base_url=fake.url,
            handle="Migrants Count",
            credentials={
                "access_token": fake.issue_token(member),
                "organization": organization,
            },
        ),
        organization,
    )


def draft(text: str = TEXT, media: tuple[Media, ...] = ()) -> Draft:
    return Draft(
        text=text,
        language="en",
        link="https://migrantscount.example/s/1",
        hashtags=("MigrantsCount",),
        media=media,
    )


def png() -> Media:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 90, 160)).save(buffer, "PNG")
    return Media(
        content=buffer.getvalue(),
        mime_type="image/png",
        alt_text="A blue rectangle.",
        width=60,
        height=40,
    )


# --- little text -----------------------------------------------------------------


def test_reserved_characters_are_escaped_but_our_hashtags_stay_hashtags() -> None:
    escaped = linkedin.escape_little(
        "Hi (all) @you [x] {y} <z> a_b *c* ~d~ | e\\f #1 #MigrantsCount "
        "#MigrantsCountry",
        ("MigrantsCount",),
    )
    assert escaped == (
        "Hi \\(all\\) \\@you \\[x\\] \\{y\\} \\<z\\> a\\_b \\*c\\* \\~d\\~ \\| "
        "e\\\\f \\#1 #MigrantsCount \\#MigrantsCountry"
    )
    assert linkedin.unescape_little(escaped).replace("\\#", "#") == (
        "Hi (all) @you [x] {y} <z> a_b *c* ~d~ | e\\f #1 #MigrantsCount "
        "#MigrantsCountry"
    )


def test_the_fake_cuts_unescaped_text_as_linkedin_does() -> None:
    assert read_little("Migrants count (and more) #Tag") == "Migrants count "
    escaped = linkedin.escape_little("Migrants count (and more) #Tag", ("Tag",))
    assert read_little(escaped) == escaped


def test_a_post_keeps_its_whole_text_and_its_urn(fake: FakeLinkedIn) -> None:
    connection, organization = connect(fake)

    ref = linkedin.publish(connection, draft(), idempotency_key="k")

    (post,) = fake.live_posts(organization)
    assert ref.remote_id == post.urn and post.urn.startswith("urn:li:share:")
    assert ref.url == f"https://www.linkedin.com/feed/update/{post.urn}/"
    assert linkedin.unescape_little(post.commentary) == TEXT
    (request,) = [r for r in fake.requests if r.path == "/rest/posts"]
    assert request.headers["linkedin-version"] == "202610"
    assert request.headers["x-restli-protocol-version"] == "2.0.0"
    assert request.form["author"] == organization
    assert request.form["visibility"] == "PUBLIC"
    assert request.form["lifecycleState"] == "PUBLISHED"


def test_images_go_up_first_with_their_alt_text(fake: FakeLinkedIn) -> None:
    connection, organization = connect(fake)
    linkedin.publish(connection, draft(media=(png(),)), idempotency_key="k1")
    linkedin.publish(
        connection, draft("Two images.", (png(), png())), idempotency_key="k2"
    )
    single, double = sorted(fake.live_posts(organization), key=lambda p: p.created_at)
    assert single.content is not None and double.content is not None
    image = single.content["media"]
    assert image["altText"] == "A blue rectangle."
    assert fake.images[image["id"]]["content"] == png().content
    assert [i["altText"] for i in double.content["multiImage"]["images"]] == [
        "A blue rectangle.",
        "A blue rectangle.",
    ]


# --- errors ------------------------------------------------------------------------


def test_a_sunset_version_says_which_setting_to_change(
    fake: FakeLinkedIn, settings: Any
) -> None:
    connection, _organization = connect(fake)
    settings.SOCIAL_LINKEDIN_VERSION = "202404"
    with pytest.raises(PlatformError) as caught:
        linkedin.publish(connection, draft(), idempotency_key="k")
    error = caught.value
    assert error.status == 426 and error.permanent and not error.needs_reconnect
    assert "SOCIAL_LINKEDIN_VERSION" in error.message
    assert "202404" in error.message
    assert "Requested version 20240401 is not active" in error.message
    assert fake.live_posts() == []


def test_a_duplicate_of_our_own_post_is_that_post(fake: FakeLinkedIn) -> None:
    connection, organization = connect(fake)
    fake.fail_next("POST", "drop")
    with pytest.raises(PlatformError) as caught:
        linkedin.publish(connection, draft(), idempotency_key="k")
    assert caught.value.ambiguous

    # A blind retry (what lookup exists to avoid) is answered 422 DUPLICATE_POST:
    # the named post is read back and taken as published, not posted twice.
    ref = linkedin.publish(connection, draft(), idempotency_key="k")

    (post,) = fake.live_posts(organization)
    assert ref.remote_id == post.urn
    assert fake.created_commentaries[post.commentary] == 1


def test_a_duplicate_of_a_deleted_post_fails_with_what_to_do(
    fake: FakeLinkedIn,
) -> None:
    connection, _organization = connect(fake)
    ref = linkedin.publish(connection, draft(), idempotency_key="k1")
    linkedin.delete(connection, ref)
    with pytest.raises(PlatformError) as caught:
        linkedin.publish(connection, draft(), idempotency_key="k2")
    error = caught.value
    assert error.permanent and error.status == 422
    assert "Change the text" in error.message and ref.remote_id in error.message


def test_a_daily_429_waits_for_midnight_utc(fake: FakeLinkedIn) -> None:
    fake.daily_post_limit = 1
    connection, _organization = connect(fake)
    linkedin.publish(connection, draft(), idempotency_key="k1")
    with pytest.raises(PlatformError) as caught:
        linkedin.publish(connection, draft("Another."), idempotency_key="k2")
    error = caught.value
    assert error.status == 429 and not error.permanent and not error.ambiguous
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    assert error.retry_at == datetime(
        tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC
    )


def test_an_infrastructure_429_waits_minutes(fake: FakeLinkedIn) -> None:
    connection, _organization = connect(fake)
    fake.fail_next("POST", "429")
    with pytest.raises(PlatformError) as caught:
        linkedin.publish(connection, draft(), idempotency_key="k")
    assert caught.value.retry_at is not None
    wait = caught.value.retry_at - datetime.now(UTC)
    assert timedelta(minutes=4) < wait <= timedelta(minutes=5)


def test_an_expired_token_without_refresh_needs_a_person(fake: FakeLinkedIn) -> None:
    connection, _organization = connect(fake)
    fake.expire_tokens()
    with pytest.raises(PlatformError) as caught:
        linkedin.publish(connection, draft(), idempotency_key="k")
    assert caught.value.needs_reconnect
    assert "expired" in caught.value.message


def test_a_5xx_after_posting_is_ambiguous_and_lookup_finds_it(
    fake: FakeLinkedIn,
) -> None:
    connection, organization = connect(fake)
    fake.fail_next("POST", "503-after")
    sent_at = datetime.now(UTC)
    with pytest.raises(PlatformError) as caught:
        linkedin.publish(connection, draft(), idempotency_key="k")
    assert caught.value.ambiguous
    found = linkedin.lookup(connection, draft(), idempotency_key="k", sent_at=sent_at)
    (post,) = fake.live_posts(organization)
    assert found is not None and found.remote_id == post.urn


def test_lookup_finds_nothing_when_linkedin_did_not_post(fake: FakeLinkedIn) -> None:
    connection, organization = connect(fake)
    fake.add_post(
        organization,
        linkedin.escape_little(TEXT, ("MigrantsCount",)),
        at=time.time() - 3600,
    )
    fake.fail_next("POST", "503")
    sent_at = datetime.now(UTC)
    with pytest.raises(PlatformError):
        linkedin.publish(connection, draft(), idempotency_key="k")
    assert (
        linkedin.lookup(connection, draft(), idempotency_key="k", sent_at=sent_at)
        is None
    )


def test_lookup_pages_back_through_a_busy_page(fake: FakeLinkedIn) -> None:
    connection, organization = connect(fake)
    sent_at = datetime.now(UTC)
    linkedin.publish(connection, draft(), idempotency_key="k")
    for number in range(45):
        fake.add_post(organization, f"Later {number}")
    found = linkedin.lookup(connection, draft(), idempotency_key="k", sent_at=sent_at)
    assert found is not None
    assert (
        len([r for r in fake.requests if r.path == "/rest/posts" and r.method == "GET"])
        == 3
    )


def test_delete_is_idempotent(fake: FakeLinkedIn) -> None:
    connection, organization = connect(fake)
    ref = linkedin.publish(connection, draft(), idempotency_key="k")
    linkedin.delete(connection, ref)
    linkedin.delete(connection, ref)
    assert fake.live_posts(organization) == []


def test_metrics_come_from_share_statistics(fake: FakeLinkedIn) -> None:
    connection, _organization = connect(fake)
    ref = linkedin.publish(connection, draft(), idempotency_key="k")
    fake.statistics[ref.remote_id] = {
        "likeCount": 12,
        "commentCount": 3,
        "shareCount": 2,
        "impressionCount": 900,
    }
    counts = linkedin.metrics(connection, ref)
    assert (counts.likes, counts.replies, counts.reposts, counts.views) == (
        12,
        3,
        2,
        900,
    )
    assert counts.quotes is None and counts.raw["clickCount"] == 0


# --- connecting -----------------------------------------------------------------------


def test_oauth_lists_the_organisations_the_member_administers(
    fake: FakeLinkedIn,
) -> None:
    fake.programmatic_refresh = True
    member = fake.add_member()
    ours = fake.add_organization("Migrants Count", "migrantscount", admin=member)
    fake.add_organization("Analytics only", "analytics", admin=member, role="ANALYST")
    url = linkedin.authorization_url(CLIENT, state="st", code_challenge="ignored")
    query = parse_qs(urlsplit(url).query)
    assert "code_challenge" not in query  # LinkedIn's PKCE is for native apps
    assert query["scope"] == [" ".join(linkedin.SCOPES)]
    back = parse_qs(urlsplit(httpx.get(url).headers["Location"]).query)
    assert back["state"] == ["st"]

    tokens = linkedin.exchange_code(CLIENT, code=back["code"][0], code_verifier="")
    (identity,) = linkedin.identities(CLIENT, tokens)

    assert identity.remote_id == ours and identity.handle == "Migrants Count"
    assert identity.credentials["organization"] == ours
    assert tokens.expires_at is not None and tokens.refresh_expires_at is not None
    assert tokens.expires_at - datetime.now(UTC) > timedelta(days=59)
    assert tokens.refresh_expires_at - datetime.now(UTC) > timedelta(days=364)


def test_without_programmatic_refresh_a_person_renews_by_the_token_expiry(
    fake: FakeLinkedIn,
) -> None:
    fake.add_member()
    url = linkedin.authorization_url(CLIENT, state="st", code_challenge="x")
    code = parse_qs(urlsplit(httpx.get(url).headers["Location"]).query)["code"][0]
    tokens = linkedin.exchange_code(CLIENT, code=code, code_verifier="")
    assert tokens.refresh_token == ""
    assert tokens.refresh_expires_at == tokens.expires_at
    connection = Connection(base_url=fake.url, handle="", credentials={})
    with pytest.raises(PlatformError) as caught:
        linkedin.refresh(CLIENT, connection)
    assert caught.value.needs_reconnect


def test_a_refresh_keeps_the_refresh_token_and_its_end(fake: FakeLinkedIn) -> None:
    fake.programmatic_refresh = True
    member = fake.add_member()
    organization = fake.add_organization("MC", "mc", admin=member)
    tokens = fake._tokens_for(member, 10)
    connection = Connection(
        base_url=fake.url,
        handle="MC",
        credentials={
            "access_token": tokens["access_token"],
            "refresh_token": tokens["refresh_token"],
            "organization": organization,
        },
    )
    fake.expire_tokens()

    linkedin.publish(connection, draft(), idempotency_key="k")  # refreshed on 401

    assert connection.credentials_changed
    assert connection.credentials["refresh_token"] == tokens["refresh_token"]
    assert connection.expires_at is not None
    assert connection.expires_at - datetime.now(UTC) > timedelta(days=59)


def test_a_wrong_code_is_refused(fake: FakeLinkedIn) -> None:
    with pytest.raises(PlatformError) as caught:
        linkedin.exchange_code(CLIENT, code="nope", code_verifier="")
    assert caught.value.permanent and not caught.value.needs_reconnect


# --- rules ------------------------------------------------------------------------------


def test_validate_length_images_and_alt_text() -> None:
    assert linkedin.validate(draft(), None) == []
    (too_long,) = linkedin.validate(draft("a" * 3001), None)
    assert "3001" in too_long and "3000" in too_long
    no_alt = Media(content=b"x", mime_type="image/webp", alt_text="", width=1, height=1)
    assert len(linkedin.validate(draft(media=(no_alt,)), None)) == 2


def test_costs_and_budgets() -> None:
    assert linkedin.cost(Action.PUBLISH, draft(media=(png(),))) == {
        "posts": 1,
        "requests": 3,
    }
    assert linkedin.cost(Action.DELETE, None) == {"requests": 1}
    assert {budget.name for budget in linkedin.BUDGETS} == {"posts", "requests"}


# --- through the real dispatcher (part 1's exactly-once behaviour) -------------------

Status = Delivery.Status


def page_account(fake: FakeLinkedIn) -> Account:
    connection, _organization = connect(fake)
    account = factories.account(
        "Migrants Count", platform="linkedin", base_url=fake.url
    )
    account.set_credentials(connection.credentials)
    account.save()
    return account


def run() -> dispatch.RunResult:
    dispatch.forget_holds()
    return dispatch.run_once("w1")


def run_until_settled(delivery: Delivery, passes: int = 6) -> Delivery:
    for _n in range(passes):
        delivery.refresh_from_db()
        if delivery.status in (Status.PUBLISHED, Status.FAILED, Status.DELETED):
            return delivery
        moment = max(delivery.next_attempt_at or timezone.now(), timezone.now())
        with time_machine.travel(moment + timedelta(seconds=1)):
            run()
    delivery.refresh_from_db()
    return delivery


@pytest.mark.django_db
def test_dispatcher_a_dropped_answer_is_looked_up_and_posted_once(
    fake: FakeLinkedIn,
) -> None:
    account = page_account(fake)
    delivery = factories.delivery(
        factories.post({"en": "Migrants count (all of them) — #1 story."}), account
    )
    fake.fail_next("POST", "drop")

    run()
    delivery.refresh_from_db()
    assert delivery.status == Status.UNCONFIRMED

    delivery = run_until_settled(delivery)

    assert delivery.status == Status.PUBLISHED
    (post,) = fake.live_posts()
    assert delivery.remote_id == post.urn
    assert delivery.remote_url == f"https://www.linkedin.com/feed/update/{post.urn}/"
    assert sum(fake.created_commentaries.values()) == 1
    text = linkedin.unescape_little(post.commentary)
    assert text.startswith("Migrants count (all of them) — #1 story.")
    assert "#MigrantsCount" in post.commentary  # still a hashtag
    assert "utm_source=linkedin" in text


@pytest.mark.django_db
def test_dispatcher_a_503_before_posting_sends_again_once(fake: FakeLinkedIn) -> None:
    account = page_account(fake)
    delivery = factories.delivery(factories.post({"en": "Migrants count."}), account)
    fake.fail_next("POST", "503")

    delivery = run_until_settled(delivery)

    assert delivery.status == Status.PUBLISHED
    assert len(fake.live_posts()) == 1
    posts_sent = [r for r in fake.requests if r.path == "/rest/posts"]
    assert [r.method for r in posts_sent] == ["POST", "GET", "POST"]


@pytest.mark.django_db
def test_dispatcher_a_daily_limit_holds_the_page_until_midnight_utc(
    fake: FakeLinkedIn,
) -> None:
    fake.daily_post_limit = 1
    account = page_account(fake)
    first = factories.delivery(factories.post({"en": "First."}), account)
    second = factories.delivery(factories.post({"en": "Second."}), account)

    run()

    first.refresh_from_db()
    second.refresh_from_db()
    account.refresh_from_db()
    assert first.status == Status.PUBLISHED
    assert second.status == Status.SCHEDULED and second.attempts == 0
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    midnight = datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC)
    assert account.rate_limited_until == midnight
    with time_machine.travel(midnight + timedelta(seconds=1)):
        assert run().published == 1
    assert len(fake.live_posts()) == 2


@pytest.mark.django_db
def test_dispatcher_a_sunset_version_fails_with_its_message_and_no_retry(
    fake: FakeLinkedIn, settings: Any
) -> None:
    account = page_account(fake)
    delivery = factories.delivery(factories.post({"en": "Old API."}), account)
    settings.SOCIAL_LINKEDIN_VERSION = "202401"

    delivery = run_until_settled(delivery)

    assert delivery.status == Status.FAILED
    assert "SOCIAL_LINKEDIN_VERSION" in delivery.last_error
    account.refresh_from_db()
    assert account.status == Account.Status.ACTIVE  # not the credential's fault
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        run()
    assert len([r for r in fake.requests if r.path == "/rest/posts"]) == 1


@pytest.mark.django_db
def test_dispatcher_deletes_once_and_a_second_delete_is_harmless(
    fake: FakeLinkedIn,
) -> None:
    account = page_account(fake)
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


# --- connected through the admin's OAuth callback; a person renews every 60 days -------


@pytest.fixture
def officer() -> Any:
    roles.seed_roles()
    person = UserFactory.create(username="comms", email="comms@example.org")
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


def connect_through_the_admin(officer: Any, fake: FakeLinkedIn) -> Client:
    client = Client()
    client.force_login(officer)
    started = client.post(
        "/admin/social/connect/linkedin/", {"language": "es", "time_zone": "UTC"}
    )
    assert started.status_code == 302, started.content.decode()
    location = str(started["Location"])
    assert location.startswith(f"{fake.url}/oauth/v2/authorization?")
    assert "code_challenge" not in location
    consent = httpx.get(location, follow_redirects=False)
    back = dict(httpx.URL(consent.headers["Location"]).params)
    answer = client.get("/admin/social/connect/linkedin/callback/", back)
    assert answer.status_code == 302, answer.content.decode()
    return client


@pytest.mark.django_db
def test_linkedin_page_is_chosen_posted_to_warned_and_reconnected(
    fake: FakeLinkedIn,
    officer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    member = fake.add_member()
    fake.add_organization("Migrants Count", "migrantscount", admin=member)
    peru = fake.add_organization("Migrantes Cuentan Perú", "mc-peru", admin=member)

    client = connect_through_the_admin(officer, fake)
    chooser = client.get("/admin/social/connect/linkedin/choose/").content.decode()
    assert "Migrants Count" in chooser and "Migrantes Cuentan Perú" in chooser
    client.post("/admin/social/connect/linkedin/choose/", {"identities": ["1"]})

    account = Account.objects.get(platform="linkedin")
    assert account.handle == "Migrantes Cuentan Perú"
    assert account.remote_id == peru
    assert account.credentials_expire_at is not None
    assert account.refresh_expires_at == account.credentials_expire_at
    assert account.refresh_expires_at - timezone.now() > timedelta(days=59)
    first = run_until_settled(
        factories.delivery(factories.post({"es": "Las cifras cuentan."}), account)
    )
    assert first.status == Status.PUBLISHED, first.last_error
    assert [post.author for post in fake.live_posts()] == [peru]

    # Seven days before the 60 days end, the owners are told (once).
    with time_machine.travel(timezone.now() + timedelta(days=54)):
        with django_capture_on_commit_callbacks(execute=True):
            assert tokens.warn_expiring() == 1
        assert tokens.warn_expiring() == 0
    assert [message.to for message in mail.outbox] == [["comms@example.org"]]

    # Past the end, the account needs a person; a due post waits, visibly.
    after = timezone.now() + timedelta(days=61)
    with time_machine.travel(after):
        tokens.warn_expiring()
        account.refresh_from_db()
        assert account.status == Account.Status.NEEDS_RECONNECT
        waiting = factories.delivery(
            factories.post({"es": "Esperando."}),
            account,
            not_after=after + timedelta(days=2),
        )
        run()
        waiting.refresh_from_db()
        assert waiting.status == Status.SCHEDULED

        again = connect_through_the_admin(officer, fake)
        again.post("/admin/social/connect/linkedin/choose/", {"identities": ["1"]})
        account.refresh_from_db()
        assert account.status == Account.Status.ACTIVE
        assert Account.objects.filter(platform="linkedin").count() == 1
        waiting = run_until_settled(waiting)
        assert waiting.status == Status.PUBLISHED, waiting.last_error
    assert len(fake.live_posts(peru)) == 2


@pytest.mark.django_db
def test_linkedin_reach_is_snapshotted_by_the_metrics_job(fake: FakeLinkedIn) -> None:
    account = page_account(fake)
    delivery = run_until_settled(
        factories.delivery(factories.post({"en": "Counted."}), account)
    )
    fake.statistics[delivery.remote_id] = {
        "likeCount": 5,
        "commentCount": 2,
        "shareCount": 1,
        "impressionCount": 300,
    }
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert metrics.take_due_snapshots() == 1
    snapshot = MetricSnapshot.objects.get(delivery=delivery)
    assert (snapshot.likes, snapshot.replies, snapshot.reposts, snapshot.views) == (
        5,
        2,
        1,
        300,
    )
    assert snapshot.quotes is None


def test_run_fake_linkedin_prints_the_environment_and_serves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from migrantscount.social.management.commands import run_fake_linkedin

    served: list[int] = []
    output = io.StringIO()

    def interrupt() -> None:
        line = next(
            line
            for line in output.getvalue().splitlines()
            if "SOCIAL_LINKEDIN_API_URL=" in line
        )
        url = line.split("=", 1)[1]
        served.append(httpx.get(f"{url}/rest/posts").status_code)
        raise KeyboardInterrupt

    monkeypatch.setattr(run_fake_linkedin, "wait_for_interrupt", interrupt)
    call_command("run_fake_linkedin", port=0, stdout=output)

    assert served == [400]  # LinkedIn's answer without a Linkedin-Version header
    text = output.getvalue()
    assert "export SOCIAL_LINKEDIN_CLIENT_ID=local-linkedin-app" in text
    assert "export SOCIAL_LINKEDIN_OAUTH_URL=http://127.0.0.1:" in text
    assert "Stopped" in text


def test_a_duplicate_of_an_older_post_of_the_page_is_a_refusal(
    fake: FakeLinkedIn,
) -> None:
    connection, organization = connect(fake)
    older = fake.add_post(
        organization,
        linkedin.escape_little(TEXT, ("MigrantsCount",)),
        at=time.time() - 3 * 3600,  # a recurring text's earlier occurrence
    )
    with pytest.raises(PlatformError) as caught:
        linkedin.publish(connection, draft(), idempotency_key="k")
    error = caught.value
    assert error.permanent and error.status == 422
    assert f"https://www.linkedin.com/feed/update/{older.urn}/" in error.message
    assert len(fake.live_posts(organization)) == 1
