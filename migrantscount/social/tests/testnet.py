"""A test-only network module ("testnet"), registered into PLATFORMS by the `testnet`
fixture: it keeps posts in memory, records every call, and fails on demand.

Like Bluesky, a second publish with an idempotency key already taken answers a 500
(ambiguous): the network itself never holds two posts for one key, so a test
counts `publish` calls that *created* a post (`network.created`) to prove the
dispatcher never sent twice.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from migrantscount.social.platforms import PLATFORMS
from migrantscount.social.platforms.base import (
    Action,
    Budget,
    Connection,
    Draft,
    PlatformError,
    RemoteRef,
)

KEY = "testnet"
NAME = "Testnet"
CAN_DELETE = True
BUDGETS: tuple[Budget, ...] = (
    Budget("writes", 300, timedelta(hours=1)),
    Budget("deletes", 30, timedelta(minutes=30)),
)
MAX_CHARACTERS = 500


@dataclass
class Failure:
    """Raise `error` on the next call of `action`; `after_effect`: the network did
    it first (a post created, then the answer lost)."""

    action: str
    error: PlatformError
    after_effect: bool = False


@dataclass
class Network:
    posts: dict[str, dict[str, str]] = field(default_factory=dict)  # remote id →
    by_key: dict[str, str] = field(default_factory=dict)  # idempotency key → id
    calls: list[tuple[str, str]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # keys, one per created post
    deleted: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    during: dict[str, Callable[[], None]] = field(default_factory=dict)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def fail(self, action: str, error: PlatformError, *, after: bool = False) -> None:
        self.failures.append(Failure(action, error, after))

    def _failure(self, action: str) -> Failure | None:
        with self.lock:
            for index, failure in enumerate(self.failures):
                if failure.action == action:
                    return self.failures.pop(index)
        return None

    def count(self, action: str) -> int:
        return sum(1 for name, _key in self.calls if name == action)


NETWORK = Network()


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def validate(draft: Draft, connection: Connection | None) -> list[str]:
    limit = MAX_CHARACTERS
    if connection is not None:
        limit = int(connection.settings.get("max_characters", limit))
    if len(draft.text) > limit:
        return [f"The text is longer than {limit} characters."]
    return []


def cost(action: Action, draft: Draft | None) -> dict[str, int]:
    if action == Action.PUBLISH:
        return {"writes": 3}
    if action == Action.DELETE:
        return {"writes": 1, "deletes": 1}
    return {}


def _call(action: str, key: str) -> Failure | None:
    network = NETWORK
    with network.lock:
        network.calls.append((action, key))
    hook = network.during.get(action)
    if hook is not None:
        hook()
    if network.delay:
        time.sleep(network.delay)
    failure = network._failure(action)
    if failure is not None and not failure.after_effect:
        raise failure.error
    return failure


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    failure = _call("publish", idempotency_key)
    network = NETWORK
    with network.lock:
        if idempotency_key in network.by_key:
            raise PlatformError(
                "InternalServerError: record already exists", ambiguous=True, status=500
            )
        remote_id = str(next(network.ids))
        network.posts[remote_id] = {"key": idempotency_key, "text": draft.text}
        network.by_key[idempotency_key] = remote_id
        network.created.append(idempotency_key)
    if failure is not None:
        raise failure.error
    return _ref(remote_id, connection)


def _ref(remote_id: str, connection: Connection) -> RemoteRef:
    return RemoteRef(
        remote_id=remote_id,
        uri=f"test://{connection.handle}/{remote_id}",
        url=f"https://testnet.example/{connection.handle}/{remote_id}",
    )


def lookup(
    connection: Connection,
    draft: Draft,
    *,
    idempotency_key: str,
    sent_at: datetime,
) -> RemoteRef | None:
    failure = _call("lookup", idempotency_key)
    if failure is not None:
        raise failure.error
    remote_id = NETWORK.by_key.get(idempotency_key)
    return _ref(remote_id, connection) if remote_id else None


def delete(connection: Connection, ref: RemoteRef) -> None:
    failure = _call("delete", ref.remote_id)
    network = NETWORK
    with network.lock:
        post = network.posts.pop(ref.remote_id, None)
        if post is not None:
            network.by_key.pop(post["key"], None)
            network.deleted.append(ref.remote_id)
    if failure is not None:
        raise failure.error


@pytest.fixture
def testnet(monkeypatch: pytest.MonkeyPatch) -> Iterator[Network]:
    """A fresh in-memory network, registered as PLATFORMS["testnet"]."""
    import sys

    global NETWORK
    NETWORK = Network()
    module = sys.modules[__name__]
    monkeypatch.setitem(PLATFORMS, KEY, module)
    yield NETWORK
