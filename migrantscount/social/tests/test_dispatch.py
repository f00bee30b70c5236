"""The dispatcher against the in-memory test network: exactly once, on time, within
limits, recovering from ambiguous failures, crashes and pauses."""

from __future__ import annotations

import os
import socket
import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from migrantscount.social.models import Account, Delivery, Post
from migrantscount.social.platforms.base import PlatformError
from migrantscount.social.services import accounts, consent, dispatch, posts

from . import factories
from .testnet import Network

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def run(worker: str = "w1") -> dispatch.RunResult:
    dispatch.forget_holds()
    return dispatch.run_once(worker)


def reload(delivery: Delivery) -> Delivery:
    delivery.refresh_from_db()
    return delivery


def next_at(delivery: Delivery) -> datetime:
    assert delivery.next_attempt_at is not None
    return delivery.next_attempt_at


# --- The plain path -------------------------------------------------------------


def test_a_due_delivery_is_published_once_with_hashtag_and_tagged_link(
    testnet: Network,
) -> None:
    delivery = factories.delivery()

    result = run()

    delivery = reload(delivery)
    assert result.published == 1
    assert delivery.status == Status.PUBLISHED
    assert delivery.remote_id and delivery.remote_url.startswith("https://testnet.")
    assert delivery.published_at is not None and delivery.sent_at is not None
    assert delivery.claimed_by == "" and delivery.sent_text == ""
    assert testnet.created == [delivery.idempotency_key]
    (text,) = [post["text"] for post in testnet.posts.values()]
    assert text.startswith("Migrants count.")
    assert "#MigrantsCount" in text
    assert (
        "https://migrantscount.example/news/?utm_source=testnet&utm_medium=social"
        f"&utm_campaign=migrantscount&utm_content={delivery.post_id}" in text
    )
    # A second pass finds nothing to do.
    assert run().claimed == 0
    assert len(testnet.created) == 1


def test_nothing_goes_out_before_its_time(testnet: Network) -> None:
    delivery = factories.delivery(due_at=timezone.now() + timedelta(minutes=5))
    assert run().claimed == 0
    assert reload(delivery).status == Status.SCHEDULED
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)):
        assert run().published == 1


def test_an_unapproved_post_waits_and_goes_out_once_approved(testnet: Network) -> None:
    post = factories.post(approved=False)
    delivery = factories.delivery(post)
    assert run().claimed == 0
    posts.approve_post(post, approver=factories.approver())
    assert run().published == 1
    assert reload(delivery).status == Status.PUBLISHED


# --- Exactly once -------------------------------------------------------------


def test_a_claimed_row_cannot_be_claimed_by_another_dispatcher(
    testnet: Network,
) -> None:
    delivery = factories.delivery()
    first = dispatch.claim_due("a")
    second = dispatch.claim_due("b")
    assert [claim.delivery_id for claim in first] == [delivery.pk]
    assert second == []
    assert reload(delivery).claimed_by == "a"


def test_a_dispatcher_running_during_anothers_call_does_not_publish_again(
    testnet: Network,
) -> None:
    delivery = factories.delivery()
    inner: list[dispatch.RunResult] = []
    testnet.during["publish"] = lambda: inner.append(dispatch.run_once("b"))

    run("a")

    assert inner[0].claimed == 0
    assert testnet.created == [delivery.idempotency_key]
    assert reload(delivery).status == Status.PUBLISHED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("sqlite")
    or not os.environ.get("TEST_DATABASE_URL"),
    reason="real concurrency needs PostgreSQL (SKIP LOCKED)",
)
def test_racing_dispatcher_threads_publish_every_delivery_exactly_once(
    testnet: Network,
) -> None:
    assert connection.vendor == "postgresql"
    account = factories.account()
    rows = [
        factories.delivery(factories.post({"en": f"Post {n}"}), account)
        for n in range(40)
    ]
    testnet.delay = 0.01
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        from django.db import connection as thread_connection

        try:
            for _round in range(30):
                dispatch.run_once(name, limit=5)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            thread_connection.close()

    with override_settings(SOCIAL_PACING_TIME_SCALE=1000):
        threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    keys = sorted(row.idempotency_key for row in rows)
    assert sorted(testnet.created) == keys
    assert testnet.count("publish") == 40
    assert set(
        Delivery.objects.filter(pk__in=[row.pk for row in rows]).values_list(
            "status", flat=True
        )
    ) == {Status.PUBLISHED}


def test_answer_lost_after_posting_is_looked_up_not_reposted(testnet: Network) -> None:
    delivery = factories.delivery()
    testnet.fail(
        "publish",
        PlatformError("Gateway Timeout", ambiguous=True, status=504),
        after=True,
    )

    first = run()

    delivery = reload(delivery)
    assert first.unconfirmed == 1
    assert delivery.status == Status.UNCONFIRMED
    assert delivery.last_error == "Gateway Timeout"
    assert next_at(delivery) > timezone.now()
    with time_machine.travel(next_at(delivery) + timedelta(seconds=1)):
        second = run()
    delivery = reload(delivery)
    assert second.published == 1
    assert delivery.status == Status.PUBLISHED
    assert testnet.count("publish") == 1
    assert testnet.count("lookup") == 1
    assert testnet.created == [delivery.idempotency_key]


def test_ambiguous_failure_with_nothing_posted_retries_with_the_same_key(
    testnet: Network,
) -> None:
    delivery = factories.delivery()
    testnet.fail("publish", PlatformError("read timeout", ambiguous=True))

    run()
    delivery = reload(delivery)
    assert delivery.status == Status.UNCONFIRMED
    with time_machine.travel(next_at(delivery) + timedelta(seconds=1)):
        run()

    delivery = reload(delivery)
    assert delivery.status == Status.PUBLISHED
    assert testnet.calls == [
        ("publish", delivery.idempotency_key),
        ("lookup", delivery.idempotency_key),
        ("publish", delivery.idempotency_key),
    ]
    assert delivery.attempts == 2


def test_a_lookup_that_fails_keeps_the_delivery_unconfirmed(testnet: Network) -> None:
    delivery = factories.delivery()
    testnet.fail("publish", PlatformError("timeout", ambiguous=True))
    testnet.fail("lookup", PlatformError("503 Service Unavailable", status=503))
    run()
    with time_machine.travel(next_at(reload(delivery)) + timedelta(seconds=1)):
        run()
    delivery = reload(delivery)
    assert delivery.status == Status.UNCONFIRMED
    assert delivery.last_error == "503 Service Unavailable"
    assert testnet.count("publish") == 1


def test_a_permanent_failure_stops_with_the_networks_message(testnet: Network) -> None:
    delivery = factories.delivery()
    testnet.fail(
        "publish", PlatformError("Text contains a banned word", permanent=True)
    )

    result = run()

    delivery = reload(delivery)
    assert result.failed == 1
    assert delivery.status == Status.FAILED
    assert delivery.last_error == "Text contains a banned word"
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert run().claimed == 0
    assert testnet.count("publish") == 1


def test_a_revoked_token_marks_the_account_and_holds_its_other_deliveries(
    testnet: Network,
) -> None:
    account = factories.account()
    first = factories.delivery(factories.post({"en": "One"}), account)
    second = factories.delivery(
        factories.post({"en": "Two"}), account, due_at=timezone.now()
    )
    testnet.fail("publish", PlatformError("Token revoked", needs_reconnect=True))

    run()

    account.refresh_from_db()
    assert account.status == Account.Status.NEEDS_RECONNECT
    assert account.status_message == "Token revoked"
    # The refused one waits with the others (issue 17): the post was not at fault.
    assert reload(first).status == Status.SCHEDULED
    assert reload(first).last_error == "Token revoked"
    assert reload(first).attempts == 0
    assert reload(second).status == Status.SCHEDULED
    assert testnet.count("publish") == 1
    assert accounts.accounts_needing_reconnection() == 1

    accounts.connect_account(
        platform="testnet",
        connection=account.connection(),
        user=factories.user(),
        language="en",
    )
    assert run().published == 2
    assert reload(first).status == Status.PUBLISHED
    assert reload(second).status == Status.PUBLISHED


def test_a_429_holds_the_account_until_the_networks_time(testnet: Network) -> None:
    account = factories.account()
    first = factories.delivery(factories.post({"en": "One"}), account)
    second = factories.delivery(factories.post({"en": "Two"}), account)
    retry_at = timezone.now() + timedelta(minutes=3)
    testnet.fail(
        "publish", PlatformError("Rate limit exceeded", retry_at=retry_at, status=429)
    )

    result = run()

    first, second = reload(first), reload(second)
    account.refresh_from_db()
    assert result.deferred >= 1
    assert account.rate_limited_until == retry_at
    assert first.status == Status.SCHEDULED
    assert first.next_attempt_at == retry_at
    assert first.attempts == 0
    assert second.status == Status.SCHEDULED
    assert testnet.count("publish") == 1
    with time_machine.travel(retry_at - timedelta(seconds=5)):
        assert run().claimed == 0
    with time_machine.travel(retry_at + timedelta(seconds=1)):
        assert run().published == 2


def test_rate_limit_headers_at_zero_hold_the_account(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrantscount.social.platforms.base import RateLimit

    from . import testnet as module

    reset = timezone.now() + timedelta(minutes=10)
    original = module.publish

    def publish_and_report(connection, draft, *, idempotency_key):  # type: ignore[no-untyped-def]
        connection.rate_limit = RateLimit(limit=300, remaining=0, reset_at=reset)
        return original(connection, draft, idempotency_key=idempotency_key)

    monkeypatch.setattr(module, "publish", publish_and_report)
    account = factories.account()
    factories.delivery(factories.post({"en": "One"}), account)
    later = factories.delivery(factories.post({"en": "Two"}), account)

    run()

    account.refresh_from_db()
    assert account.rate_limited_until == reset
    assert account.rate_limit["remaining"] == 0
    assert reload(later).status == Status.SCHEDULED


@override_settings(SOCIAL_RETRY_BASE_SECONDS=10, SOCIAL_MAX_ATTEMPTS=3)
def test_server_errors_back_off_then_give_up(testnet: Network) -> None:
    delivery = factories.delivery()
    for _n in range(3):
        testnet.fail("publish", PlatformError("503 Service Unavailable", status=503))

    moments = []
    for _n in range(3):
        before = timezone.now()
        with time_machine.travel(before):
            run()
        delivery = reload(delivery)
        if delivery.status == Status.SCHEDULED:
            moments.append((next_at(delivery) - before).total_seconds())
            time_machine.travel(next_at(delivery) + timedelta(seconds=1)).start()
    time_machine.travel(timezone.now()).stop()

    assert 5 <= moments[0] <= 10.5
    assert 10 <= moments[1] <= 20.5
    assert delivery.status == Status.FAILED
    assert "503 Service Unavailable" in delivery.last_error
    assert "3" in delivery.last_error
    assert testnet.count("publish") == 3


def test_backoff_grows_with_jitter_and_a_cap() -> None:
    with override_settings(SOCIAL_RETRY_BASE_SECONDS=30, SOCIAL_RETRY_MAX_SECONDS=600):
        samples = {
            attempts: [dispatch.backoff(attempts).total_seconds() for _ in range(50)]
            for attempts in (1, 2, 3, 10)
        }
    assert all(15 <= value <= 30 for value in samples[1])
    assert all(30 <= value <= 60 for value in samples[2])
    assert all(60 <= value <= 120 for value in samples[3])
    assert all(300 <= value <= 600 for value in samples[10])
    assert len(set(samples[1])) > 1  # jitter


# --- Expiry and pauses --------------------------------------------------------


def test_a_delivery_past_not_after_expires_instead_of_going_out(
    testnet: Network,
) -> None:
    now = timezone.now()
    delivery = factories.delivery(due_at=now, not_after=now + timedelta(minutes=1))
    with time_machine.travel(now + timedelta(minutes=2)):
        result = run()
    assert result.expired == 1
    assert reload(delivery).status == Status.EXPIRED
    assert testnet.calls == []


def test_default_not_after_is_24_hours_after_due(testnet: Network) -> None:
    due = timezone.now() + timedelta(hours=1)
    delivery = factories.delivery(due_at=due)
    assert delivery.not_after == due + timedelta(hours=24)


def test_global_pause_keeps_the_schedule_and_resumes(testnet: Network) -> None:
    officer = factories.user()
    delivery = factories.delivery()
    accounts.set_dispatch_paused(paused=True, user=officer)

    assert run().claimed == 0
    assert reload(delivery).status == Status.SCHEDULED
    assert dispatch.dispatch_lag_seconds() == 0.0

    accounts.set_dispatch_paused(paused=False, user=officer)
    assert run().published == 1


def test_account_pause_keeps_the_schedule_resumes_subject_to_not_after(
    testnet: Network,
) -> None:
    now = timezone.now()
    account = factories.account()
    other = factories.account("other.testnet.example")
    soon = factories.delivery(
        factories.post({"en": "One"}),
        account,
        due_at=now,
        not_after=now + timedelta(hours=1),
    )
    late = factories.delivery(
        factories.post({"en": "Two"}),
        account,
        due_at=now,
        not_after=now + timedelta(hours=5),
    )
    elsewhere = factories.delivery(factories.post({"en": "Three"}), other, due_at=now)
    accounts.set_account_paused(account, paused=True, user=factories.user())

    assert run().published == 1
    assert reload(elsewhere).status == Status.PUBLISHED
    assert reload(soon).status == Status.SCHEDULED

    with time_machine.travel(now + timedelta(hours=2)):
        accounts.set_account_paused(account, paused=False, user=factories.user())
        run()
    assert reload(soon).status == Status.EXPIRED
    assert reload(late).status == Status.PUBLISHED


def test_a_pause_that_lands_after_the_claim_still_holds(testnet: Network) -> None:
    delivery = factories.delivery()
    claim = dispatch.claim_due("w1")[0]
    accounts.set_dispatch_paused(paused=True, user=None)
    result = dispatch.RunResult()
    dispatch.handle(claim, "w1", result)
    delivery = reload(delivery)
    assert delivery.status == Status.SCHEDULED and delivery.claimed_by == ""
    assert testnet.calls == []


# --- Re-checks at publish time --------------------------------------------------


def test_a_story_redacted_after_approval_goes_back_for_approval(
    testnet: Network,
) -> None:
    story = factories.live_story(example=True)
    post = posts.create_story_post(story, author=factories.user())
    posts.approve_post(post, approver=factories.approver())
    delivery = factories.delivery(post)
    factories.republish(story, quote="A redacted quote.")

    claim = dispatch.claim_due("w1")[0]
    dispatch.handle(claim, "w1", dispatch.RunResult())

    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL
    assert reload(delivery).status == Status.SCHEDULED
    assert testnet.calls == []
    assert run().claimed == 0


def test_a_new_data_edition_sends_a_fact_post_back_for_approval(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(posts, "current_data_edition", lambda fact_id: "2024 edition")
    post = factories.post(
        {"en": "Fact."},
        approved=False,
        source_kind=Post.SourceKind.DATA_FACT,
        fact_id="MEX.remittances-gdp.2023",
        data_edition="2024 edition",
    )
    posts.approve_post(post, approver=factories.approver())
    delivery = factories.delivery(post)
    monkeypatch.setattr(posts, "current_data_edition", lambda fact_id: "2025 edition")

    run()

    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL
    assert reload(delivery).status == Status.SCHEDULED
    assert testnet.calls == []


def test_consent_lost_without_a_hook_still_stops_the_post(testnet: Network) -> None:
    submission = factories.submission()
    story = factories.live_story(submission_row=submission)
    post = posts.create_story_post(story, author=factories.user())
    posts.approve_post(post, approver=factories.approver())
    delivery = factories.delivery(post)
    type(submission).objects.filter(pk=submission.pk).update(allows_social=False)

    run()

    assert reload(delivery).status == Status.CANCELLED
    assert testnet.calls == []


def test_a_text_made_too_long_is_failed_by_validation_before_sending(
    testnet: Network,
) -> None:
    delivery = factories.delivery()
    delivery.post.texts.filter(language="en").update(body="x" * 600)
    run()
    delivery = reload(delivery)
    assert delivery.status == Status.FAILED
    assert "longer than 500" in delivery.last_error
    assert testnet.calls == []


# --- Crash recovery -----------------------------------------------------------


@override_settings(SOCIAL_STUCK_PUBLISHING_SECONDS=60)
def test_a_row_stuck_publishing_is_looked_up_before_any_resend(
    testnet: Network,
) -> None:
    delivery = factories.delivery()
    # A dispatcher on another host sent it, then died before writing the outcome.
    testnet.during["publish"] = lambda: (_ for _ in ()).throw(SystemExit)
    with pytest.raises(SystemExit):
        dispatch.run_once("elsewhere:1:dead")
    testnet.during.clear()
    # The network did take it (the test network records the call before the hook).
    delivery = reload(delivery)
    assert delivery.status == Status.PUBLISHING and delivery.sent_at is not None
    from .testnet import publish as create

    create(
        delivery.account.connection(),
        posts.draft_for(delivery),
        idempotency_key=delivery.idempotency_key,
    )

    assert run().claimed == 0  # not stale yet
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        result = run()
    delivery = reload(delivery)
    assert result.swept == 1
    assert delivery.status == Status.PUBLISHED
    assert testnet.count("lookup") == 1
    assert len(testnet.created) == 1


def test_rows_of_a_dead_dispatcher_on_this_host_are_swept_at_once(
    testnet: Network,
) -> None:
    delivery = factories.delivery()
    dead_pid = 2**22 + 12345
    worker = f"{socket.gethostname()}:{dead_pid}:abcd"
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.PUBLISHING,
        claimed_by=worker,
        claimed_at=timezone.now(),
        sent_at=timezone.now(),
    )
    assert dispatch.sweep_stuck() == 1
    assert reload(delivery).status == Status.UNCONFIRMED


def test_a_stuck_row_that_never_sent_goes_back_to_scheduled(testnet: Network) -> None:
    delivery = factories.delivery()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.PUBLISHING,
        claimed_by="elsewhere:1:x",
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    assert dispatch.sweep_stuck() == 1
    assert reload(delivery).status == Status.SCHEDULED
    assert run().published == 1
    assert testnet.count("lookup") == 0


def test_an_unexpected_error_is_treated_as_ambiguous(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from . import testnet as module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(module, "publish", broken)
    delivery = factories.delivery()
    result = run()
    assert result.errors
    assert reload(delivery).status == Status.UNCONFIRMED


# --- Take-down ----------------------------------------------------------------


def test_take_down_blanks_cancels_and_deletes_after_commit_without_network_calls(
    testnet: Network,
) -> None:
    story = factories.live_story(example=True)
    post = posts.create_story_post(story, author=factories.user())
    posts.approve_post(post, approver=factories.approver())
    published = factories.delivery(post, factories.account("one.example"))
    run()
    assert reload(published).status == Status.PUBLISHED
    scheduled = factories.delivery(
        post,
        factories.account("two.example"),
        due_at=timezone.now() + timedelta(hours=1),
    )
    calls_before = list(testnet.calls)

    outcome = consent.take_down_derived(story=story, reason=consent.REASON_WITHDRAWN)

    assert testnet.calls == calls_before
    assert outcome.cancelled == 1 and outcome.delete_pending == 1
    post.refresh_from_db()
    assert post.status == Post.Status.CANCELLED and post.link == ""
    assert set(post.texts.values_list("body", "alt_text")) == {("", "")}
    assert reload(scheduled).status == Status.CANCELLED
    assert reload(published).status == Status.DELETE_PENDING

    result = run()
    assert result.deleted == 1
    published = reload(published)
    assert published.status == Status.DELETED and published.deleted_at is not None
    assert testnet.posts == {}


def test_a_take_down_during_the_publish_call_deletes_the_new_post(
    testnet: Network,
) -> None:
    story = factories.live_story(example=True)
    post = posts.create_story_post(story, author=factories.user())
    posts.approve_post(post, approver=factories.approver())
    delivery = factories.delivery(post)

    def withdraw() -> None:
        consent.take_down_derived(story=story, reason=consent.REASON_WITHDRAWN)

    testnet.during["publish"] = withdraw

    run()
    assert reload(delivery).status == Status.DELETE_PENDING
    testnet.during.clear()
    run()
    assert reload(delivery).status == Status.DELETED
    assert testnet.posts == {}


def test_an_unpublished_story_cancels_without_deleting(testnet: Network) -> None:
    story = factories.live_story(example=True)
    post = posts.create_story_post(story, author=factories.user())
    posts.approve_post(post, approver=factories.approver())
    out = factories.delivery(post, factories.account("one.example"))
    run()
    planned = factories.delivery(
        post,
        factories.account("two.example"),
        due_at=timezone.now() + timedelta(hours=1),
    )
    consent.take_down_derived(
        story=story, reason=consent.REASON_UNPUBLISHED, delete_published=False
    )
    assert reload(out).status == Status.PUBLISHED
    assert reload(planned).status == Status.CANCELLED
    # The moderator then asks for a safety take-down.
    consent.take_down_derived(story=story, reason=consent.REASON_SAFETY)
    assert reload(out).status == Status.DELETE_PENDING


def test_deletes_are_paced_by_the_delete_budget(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrantscount.social.platforms.base import Budget

    from . import testnet as module

    monkeypatch.setattr(
        module,
        "BUDGETS",
        (
            Budget("writes", 300, timedelta(hours=1)),
            Budget("deletes", 2, timedelta(minutes=30)),
        ),
    )
    account = factories.account()
    rows = [
        factories.delivery(factories.post({"en": f"Post {n}"}), account)
        for n in range(3)
    ]
    run()
    Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=Status.DELETE_PENDING, next_attempt_at=timezone.now()
    )

    result = run()

    assert result.deleted == 2 and result.deferred == 1
    waiting = Delivery.objects.get(
        pk__in=[row.pk for row in rows], status=Status.DELETE_PENDING
    )
    wait = (next_at(waiting) - timezone.now()).total_seconds()
    assert 14 * 60 < wait <= 15 * 60 + 1  # one delete token refills in 15 minutes


def test_a_network_that_cannot_delete_makes_a_manual_takedown(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from . import testnet as module

    delivery = factories.delivery()
    run()
    monkeypatch.setattr(module, "CAN_DELETE", False)
    consent.take_down_derived(
        story_keys=[], page=None, reason="test", delete_published=True
    )  # no source: nothing
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.DELETE_PENDING, next_attempt_at=timezone.now()
    )

    assert run().manual_takedown == 1
    delivery = reload(delivery)
    assert delivery.status == Status.MANUAL_TAKEDOWN
    assert delivery.remote_url
    assert "Testnet" in delivery.last_error
    assert testnet.count("delete") == 0


def test_a_disconnected_account_makes_a_manual_takedown_until_reconnected(
    testnet: Network,
) -> None:
    delivery = factories.delivery()
    run()
    account = delivery.account
    connection = account.connection()
    accounts.disconnect_account(account, user=None)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.DELETE_PENDING, next_attempt_at=timezone.now()
    )
    run()
    assert reload(delivery).status == Status.MANUAL_TAKEDOWN

    accounts.connect_account(
        platform="testnet", connection=connection, user=None, language="en"
    )
    assert reload(delivery).status == Status.DELETE_PENDING
    assert run().deleted == 1


def test_a_reconnection_leaves_take_downs_only_a_person_can_do(
    testnet: Network,
) -> None:
    from migrantscount.social.services import consent

    delivery = factories.delivery()
    run()
    account = delivery.account
    connection = account.connection()
    by_hand = consent.record_manual_takedown(
        account=account,
        remote_id="live-video-1",
        url="https://testnet.example/videos/1",
        title="Interview recording",
        reason="withdrawn",
        error="The network refused to delete the recording.",
    )
    accounts.disconnect_account(account, user=None)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.DELETE_PENDING, next_attempt_at=timezone.now()
    )
    run()
    assert reload(delivery).status == Status.MANUAL_TAKEDOWN

    accounts.connect_account(
        platform="testnet", connection=connection, user=None, language="en"
    )
    # The post waited for a connection and goes now; the recording stays listed
    # for a person (trying again would only be refused again).
    assert reload(delivery).status == Status.DELETE_PENDING
    assert reload(by_hand).status == Status.MANUAL_TAKEDOWN
    assert run().deleted == 1
    assert reload(by_hand).status == Status.MANUAL_TAKEDOWN


# --- Pacing within a wave -----------------------------------------------------


def test_a_wave_is_spread_by_the_accounts_budget(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrantscount.social.platforms.base import Budget

    from . import testnet as module

    monkeypatch.setattr(module, "BUDGETS", (Budget("writes", 6, timedelta(hours=1)),))
    account = factories.account()
    rows = [
        factories.delivery(factories.post({"en": f"Post {n}"}), account)
        for n in range(3)
    ]

    result = run()

    # The claim takes only what the budget can pay: the third row is not claimed.
    assert result.published == 2 and result.claimed == 2
    waiting = Delivery.objects.get(
        pk__in=[row.pk for row in rows], status=Status.SCHEDULED
    )
    # The next claim finds the bucket empty and holds the account's publications
    # (for every dispatcher) until the tokens are back.
    assert run().claimed == 0
    account.refresh_from_db()
    assert account.paced_until is not None
    wait = (account.paced_until - timezone.now()).total_seconds()
    assert 29 * 60 < wait <= 30 * 60 + 1  # 3 points at 6 per hour
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert dispatch.run_once("w2").claimed == 0  # still held
    with time_machine.travel(timezone.now() + timedelta(minutes=30, seconds=2)):
        assert run().published == 1
    assert reload(waiting).status == Status.PUBLISHED


def test_a_busy_account_does_not_hold_back_the_others(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims skip an account on hold and spread a batch over accounts: a quiet
    account's delivery due after a busy account's backlog goes out in the same
    pass, and the busy rows are not claimed only to be put back."""
    from migrantscount.social.platforms.base import Budget

    from . import testnet as module

    monkeypatch.setattr(module, "BUDGETS", (Budget("writes", 9, timedelta(hours=1)),))
    busy = factories.account("busy.testnet.example")
    quiet = factories.account("quiet.testnet.example")
    early = timezone.now() - timedelta(minutes=5)
    backlog = [
        factories.delivery(factories.post({"en": f"Busy {n}"}), busy, due_at=early)
        for n in range(12)
    ]
    late = factories.delivery(factories.post({"en": "Quiet"}), quiet)

    result = dispatch.run_once("w1", limit=4)

    assert reload(late).status == Status.PUBLISHED
    assert result.published == 4 and result.deferred == 0  # 3 busy (9 points), 1
    assert (
        Delivery.objects.filter(pk__in=[row.pk for row in backlog])
        .exclude(status=Status.SCHEDULED)
        .count()
        == 3
    )
    # The busy account is now held: no claim touches its rows until tokens refill.
    assert dispatch.run_once("w2").claimed == 0
    busy.refresh_from_db()
    assert busy.paced_until is not None and busy.paced_until > timezone.now()


def test_unconfirmed_rows_are_claimed_before_older_scheduled_ones(
    testnet: Network,
) -> None:
    account = factories.account()
    old = [
        factories.delivery(
            factories.post({"en": f"Old {n}"}),
            account,
            due_at=timezone.now() - timedelta(minutes=10),
        )
        for n in range(3)
    ]
    unsure = factories.delivery(factories.post({"en": "Unsure"}), account)
    Delivery.objects.filter(pk=unsure.pk).update(
        status=Status.UNCONFIRMED, sent_at=timezone.now()
    )

    (claim,) = dispatch.claim_due("w1", limit=1)

    assert claim.delivery_id == unsure.pk and claim.previous == Status.UNCONFIRMED
    assert all(reload(row).status == Status.SCHEDULED for row in old)


def test_queries_per_delivery_are_pinned(testnet: Network) -> None:
    """One publication costs a fixed number of queries, whatever the batch: the row
    with post, account, text and pause switch (1), pacing read and compare-and-set
    (2), sent_at before the call (1), the outcome under the post's lock (2), and
    in this test's transaction a savepoint pair around each of the two atomic
    blocks (4). A pass adds its fixed part once (sweep 2, expiry 1, pause switch 1,
    candidates 1, pacing hint 1, the claim's UPDATE 1, hashtag rules 1, audience
    countries 1 per account; on PostgreSQL the SKIP LOCKED lock 1 and its
    savepoint pair 2). Before this
    was pinned a publication cost 11 queries with one budget, 13 with Bluesky's
    two."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    account = factories.account()
    factories.delivery(factories.post({"en": "Warm"}), account)
    run()  # buckets created
    counts = {}
    for size in (1, 5):
        for n in range(size):
            factories.delivery(factories.post({"en": f"Post {size}.{n}"}), account)
        with CaptureQueriesContext(db) as queries:
            result = run()
        assert result.published == size
        counts[size] = len(queries.captured_queries)
    per_delivery = (counts[5] - counts[1]) / 4
    assert per_delivery == 10, counts
    # PostgreSQL locks the chosen rows (SKIP LOCKED) in one more query, inside a
    # transaction (a savepoint pair here).
    fixed = 12 if db.vendor == "postgresql" else 9
    assert counts[1] - per_delivery == fixed, counts


# --- Latency and the command --------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_loop_sends_a_due_delivery_within_five_seconds(testnet: Network) -> None:
    delivery = factories.delivery(due_at=timezone.now() + timedelta(seconds=1.5))
    stop = threading.Event()

    def loop() -> None:
        from django.db import connection as thread_connection

        try:
            dispatch.run_forever("loop", poll=1.0, stop=stop.is_set)
        finally:
            thread_connection.close()

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        for _n in range(80):
            if reload(delivery).status == Status.PUBLISHED:
                break
            stop.wait(0.1)
    finally:
        stop.set()
        thread.join(timeout=10)
    delivery = reload(delivery)
    assert delivery.status == Status.PUBLISHED
    assert delivery.published_at is not None
    lateness = (delivery.published_at - delivery.due_at).total_seconds()
    assert lateness < 5


def test_the_command_runs_until_idle(testnet: Network) -> None:
    from django.core.management import call_command

    account = factories.account()
    rows = [
        factories.delivery(factories.post({"en": f"Post {n}"}), account)
        for n in range(3)
    ]
    call_command("dispatch", "--until-idle", "--worker-id", "cmd")
    assert set(
        Delivery.objects.filter(pk__in=[row.pk for row in rows]).values_list(
            "status", flat=True
        )
    ) == {Status.PUBLISHED}


# --- Health -------------------------------------------------------------------


def test_healthz_reports_dispatch_lag_and_accounts_needing_reconnection(
    client: object, testnet: Network
) -> None:
    now = timezone.now()
    factories.delivery(due_at=now - timedelta(minutes=2))
    factories.account("broken.example", status=Account.Status.NEEDS_RECONNECT)

    body = client.get("/healthz").json()  # type: ignore[attr-defined]

    assert body["social_dispatch_lag_s"] >= 119
    assert body["social_accounts_needing_reconnection"] == 1
    run()
    body = client.get("/healthz").json()  # type: ignore[attr-defined]
    assert body["social_dispatch_lag_s"] == 0
