"""Reach snapshots: the decaying schedule, the networks' counts (Mastodon against
the HTTP-level fake instance, Bluesky against a fake AppView answering
`app.bsky.feed.getPosts` as documented), read limits, budgets and failures."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from migrantscount.social.fakes.mastodon import FakeMastodon
from migrantscount.social.models import Account, Delivery, MetricSnapshot, Spend
from migrantscount.social.platforms import bluesky
from migrantscount.social.platforms.base import (
    Action,
    Budget,
    Connection,
    Metrics,
    PlatformError,
    RemoteRef,
)
from migrantscount.social.services import metrics

from . import factories
from . import testnet as testnet_module

pytestmark = pytest.mark.django_db

START = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(START, tick=False) as traveller:
        yield lambda delta: traveller.move_to(START + delta)


def published(account: Account, **values: Any) -> Delivery:
    delivery = factories.delivery(target=account, due_at=START - timedelta(minutes=1))
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PUBLISHED,
        published_at=START,
        remote_id=values.pop("remote_id", "1"),
        remote_uri=values.pop("remote_uri", ""),
        **values,
    )
    delivery.refresh_from_db()
    return delivery


@pytest.fixture
def counted(testnet: Any, monkeypatch: pytest.MonkeyPatch) -> list[RemoteRef]:
    """testnet with a metrics() that reports 7 likes and records each read."""
    reads: list[RemoteRef] = []

    def read(connection: Connection, ref: RemoteRef) -> Metrics:
        reads.append(ref)
        return Metrics(likes=7, reposts=2, replies=1, raw={"likes": 7})

    monkeypatch.setattr(testnet_module, "metrics", read, raising=False)
    return reads


def test_snapshots_follow_the_decaying_schedule(clock: Any, counted: list[Any]) -> None:
    delivery = published(factories.account())
    clock(timedelta(minutes=59))
    assert metrics.take_due_snapshots() == 0
    steps = []
    for after in (timedelta(hours=1), timedelta(hours=24), timedelta(days=7)):
        clock(after)
        assert metrics.take_due_snapshots() == 1
        assert metrics.take_due_snapshots() == 0  # not twice for one step
        steps.append(after)
    clock(timedelta(days=29))
    assert metrics.take_due_snapshots() == 0
    clock(timedelta(days=30))
    assert metrics.take_due_snapshots() == 1
    clock(timedelta(days=90))
    assert metrics.take_due_snapshots() == 0  # the schedule is over

    snapshots = list(delivery.metric_snapshots.order_by("taken_at"))
    assert [s.step for s in snapshots] == [0, 1, 2, 3]
    assert [s.taken_at - START for s in snapshots] == [*steps, timedelta(days=30)]
    assert (snapshots[0].likes, snapshots[0].reposts, snapshots[0].views) == (
        7,
        2,
        None,
    )
    assert snapshots[0].raw == {"likes": 7}


def test_a_missed_step_is_not_caught_up(clock: Any, counted: list[Any]) -> None:
    delivery = published(factories.account())
    clock(timedelta(days=8))  # the job did not run for a week
    assert metrics.take_due_snapshots() == 1
    assert metrics.take_due_snapshots() == 0
    assert list(delivery.metric_snapshots.values_list("step", flat=True)) == [2]


def test_only_published_deliveries_of_usable_accounts_are_read(
    clock: Any, counted: list[Any]
) -> None:
    waiting = factories.account("waiting.testnet.example")
    published(waiting)
    waiting.status = Account.Status.NEEDS_RECONNECT
    waiting.save()
    held = factories.account(
        "held.testnet.example", rate_limited_until=START + timedelta(hours=3)
    )
    published(held)
    deleted = published(factories.account("gone.testnet.example"))
    Delivery.objects.filter(pk=deleted.pk).update(status=Delivery.Status.DELETED)
    clock(timedelta(hours=2))
    assert metrics.take_due_snapshots() == 0
    clock(timedelta(hours=4))
    assert metrics.take_due_snapshots() == 1  # the hold is over
    assert counted[0].remote_id == "1"


def test_reads_are_paced_by_the_networks_budgets(
    clock: Any, counted: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        testnet_module,
        "BUDGETS",
        (Budget("reads", 2, timedelta(hours=1)),),
    )
    monkeypatch.setattr(testnet_module, "cost", lambda action, draft: {"reads": 1})
    account = factories.account()
    for index in range(3):
        delivery = factories.delivery(
            factories.post({"en": f"Post {index}"}), account, due_at=START
        )
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.PUBLISHED, published_at=START, remote_id=str(index)
        )
    clock(timedelta(hours=1))
    assert metrics.take_due_snapshots() == 2  # the bucket held two reads
    clock(timedelta(hours=1, minutes=31))
    assert metrics.take_due_snapshots() == 1


def test_a_post_gone_from_the_network_gets_one_empty_snapshot(
    clock: Any, testnet: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gone(connection: Connection, ref: RemoteRef) -> Metrics:
        raise PlatformError("Record not found", permanent=True, status=404)

    monkeypatch.setattr(testnet_module, "metrics", gone, raising=False)
    delivery = published(factories.account())
    clock(timedelta(hours=1))
    assert metrics.take_due_snapshots() == 1
    (snapshot,) = delivery.metric_snapshots.all()
    assert snapshot.likes is None
    assert snapshot.raw == {"error": "Record not found"}


def test_a_revoked_token_stops_the_reads_and_marks_the_account(
    clock: Any, testnet: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def revoked(connection: Connection, ref: RemoteRef) -> Metrics:
        raise PlatformError("Token revoked", needs_reconnect=True, status=401)

    monkeypatch.setattr(testnet_module, "metrics", revoked, raising=False)
    account = factories.account()
    published(account)
    clock(timedelta(hours=1))
    assert metrics.take_due_snapshots() == 0
    account.refresh_from_db()
    assert account.status == Account.Status.NEEDS_RECONNECT
    assert not MetricSnapshot.objects.exists()


def test_paid_reads_stop_at_the_monthly_budget(
    clock: Any, counted: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def price(action: Action, draft: Any) -> Decimal:
        return Decimal("0.005") if action == Action.METRICS else Decimal("0.015")

    monkeypatch.setattr(testnet_module, "price", price, raising=False)
    account = factories.account(monthly_budget=Decimal("0.02"))
    first = published(account)
    second = published(account, remote_id="2")  # second.cost is 0.015, spent below
    Delivery.objects.filter(pk=second.pk).update(cost=None)
    Spend.objects.create(
        account=account, kind="publish", amount=Decimal("0.01"), at=START
    )
    clock(timedelta(hours=1))
    assert metrics.take_due_snapshots() == 2  # 0.01 + 0.005 + 0.005 = 0.02
    assert sorted(Spend.objects.values_list("kind", flat=True)) == [
        "metrics",
        "metrics",
        "publish",
    ]
    assert first.metric_snapshots.count() == 1
    Spend.objects.create(
        account=account, kind="lookup", amount=Decimal("0.001"), at=START
    )
    clock(timedelta(hours=24))
    assert metrics.take_due_snapshots() == 0  # the next read would pass the budget


# --- The networks' own counts -------------------------------------------------------


def test_mastodon_reports_favourites_boosts_replies_and_quotes(clock: Any) -> None:
    with FakeMastodon(seed=3).start() as fake:
        person = fake.create_account("campaign")
        status = fake.add_status(person, "Migrants count.", language="en")
        status.update(favourites_count=12, reblogs_count=4, replies_count=3)
        account = factories.account(
            f"@campaign@{fake.domain}", platform="mastodon", base_url=fake.url
        )
        account.set_credentials(
            {"access_token": fake.issue_token(person), "account_id": person.id}
        )
        account.save()
        delivery = published(account, remote_id=status["id"])
        clock(timedelta(hours=1))

        assert metrics.take_due_snapshots() == 1

        fake.statuses[status["id"]]["deleted"] = True
        clock(timedelta(hours=24))
        assert metrics.take_due_snapshots() == 1
    first, second = delivery.metric_snapshots.order_by("taken_at")
    assert (first.likes, first.reposts, first.replies, first.quotes) == (12, 4, 3, 0)
    assert first.views is None  # Mastodon counts no views
    assert first.raw["favourites_count"] == 12
    assert second.likes is None and "error" in second.raw  # deleted: 404


class FakeAppView:
    """`GET /xrpc/app.bsky.feed.getPosts?uris=...` as the AppView answers it: the
    posts it knows as `postView`s (unknown or deleted URIs are left out)."""

    def __init__(self) -> None:
        self.posts: dict[str, dict[str, int]] = {}
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append(self.path)
                url = urlsplit(self.path)
                if url.path != "/xrpc/app.bsky.feed.getPosts":
                    self._send(404, {"error": "MethodNotImplemented"})
                    return
                uris = parse_qs(url.query).get("uris", [])
                self._send(
                    200, {"posts": [fake.view(u) for u in uris if u in fake.posts]}
                )

            def _send(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def view(self, uri: str) -> dict[str, Any]:
        counts = self.posts[uri]
        return {
            "uri": uri,
            "cid": "bafyreih2y3z6wkcqk5mt3d7ecbiz7v6v5kxqm2l5ebmzpl5gj6n4w4xq3a",
            "author": {"did": uri.split("/")[2], "handle": "campaign.test"},
            "record": {
                "$type": "app.bsky.feed.post",
                "text": "Migrants count.",
                "createdAt": "2026-05-04T12:00:00.000Z",
            },
            "indexedAt": "2026-05-04T12:00:01.000Z",
            "likeCount": counts["likes"],
            "repostCount": counts["reposts"],
            "replyCount": counts["replies"],
            "quoteCount": counts["quotes"],
        }


@pytest.fixture
def appview(settings: Any) -> Iterator[FakeAppView]:
    fake = FakeAppView()
    settings.SOCIAL_BLUESKY_APPVIEW_URL = fake.url
    yield fake
    fake.server.shutdown()
    bluesky.close_clients()


def test_bluesky_counts_come_from_the_appview(appview: FakeAppView) -> None:
    uri = "at://did:plc:abc123/app.bsky.feed.post/3lbzaq2w4x22k"
    appview.posts[uri] = {"likes": 9, "reposts": 5, "replies": 2, "quotes": 1}
    connection = Connection(base_url="https://pds.example", handle="c", credentials={})
    ref = RemoteRef(remote_id="3lbzaq2w4x22k", uri=uri, url="")

    counts = bluesky.metrics(connection, ref)

    assert (counts.likes, counts.reposts, counts.replies, counts.quotes) == (9, 5, 2, 1)
    assert counts.views is None
    assert parse_qs(urlsplit(appview.requests[0]).query)["uris"] == [uri]
    del appview.posts[uri]
    with pytest.raises(PlatformError) as gone:
        bluesky.metrics(connection, ref)
    assert gone.value.permanent


def test_bluesky_deliveries_are_snapshotted_through_the_job(
    clock: Any, appview: FakeAppView
) -> None:
    uri = "at://did:plc:abc123/app.bsky.feed.post/3lbzaq2w4x22k"
    appview.posts[uri] = {"likes": 3, "reposts": 0, "replies": 0, "quotes": 0}
    account = factories.account("campaign.test", platform="bluesky")
    account.set_credentials({"did": "did:plc:abc123", "access_jwt": "x"})
    account.save()
    delivery = published(account, remote_id="3lbzaq2w4x22k", remote_uri=uri)
    clock(timedelta(hours=1))
    assert metrics.take_due_snapshots() == 1
    assert delivery.metric_snapshots.get().likes == 3
