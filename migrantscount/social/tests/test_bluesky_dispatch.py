"""The dispatcher end to end on the real local PDS: once, taken down, and `kill -9`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection as db_connection

from migrantscount.social.models import Account, Delivery
from migrantscount.social.platforms.base import Connection
from migrantscount.social.services import accounts, dispatch, posts

from . import factories
from .pds import LocalPds, PdsAccount, missing
from .proxy import FailingProxy, failing_proxy

ROOT = Path(__file__).resolve().parents[3]
POST = "app.bsky.feed.post"


def bluesky_account(
    local_pds: LocalPds, pds_account: PdsAccount, *, base_url: str = ""
) -> Account:
    """Connected as the admin does: the module verifies, the service stores."""
    connection = local_pds.connection(pds_account)
    connection = Connection(
        base_url=base_url or local_pds.url,
        handle=connection.handle,
        credentials=connection.credentials,
    )
    return accounts.connect_account(
        platform="bluesky", connection=connection, user=None, language="en"
    )


def records(
    local_pds: LocalPds, pds_account: PdsAccount, collection: str = POST
) -> list[Any]:
    return local_pds.list_records(pds_account.did, collection)


@pytest.mark.django_db
def test_a_scheduled_delivery_is_published_once(
    local_pds: LocalPds, pds_account: PdsAccount
) -> None:
    account = bluesky_account(local_pds, pds_account)
    post = factories.post({"en": "Migrants count, and so do their stories."})
    delivery = factories.delivery(post, account)

    dispatch.run_once()
    dispatch.run_once()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PUBLISHED, delivery.last_error
    assert delivery.remote_id == delivery.idempotency_key
    (record,) = records(local_pds, pds_account)
    assert record["uri"] == delivery.remote_uri
    value = record["value"]
    assert "#MigrantsCount" in value["text"]
    assert value["langs"] == ["en"]
    tags = [f["features"][0].get("tag") for f in value.get("facets", [])]
    assert "MigrantsCount" in tags
    links = [f["features"][0].get("uri", "") for f in value.get("facets", [])]
    assert any("utm_source=bluesky" in link for link in links)


@pytest.mark.django_db
def test_withdrawn_consent_deletes_the_record_and_its_gates(
    local_pds: LocalPds, pds_account: PdsAccount
) -> None:
    from migrantscount.stories.services.submissions import withdraw_submission

    account = bluesky_account(local_pds, pds_account)
    submission = factories.submission()
    story = factories.live_story(submission_row=submission)
    post = posts.create_story_post(story, author=factories.user())
    post = posts.approve_post(post, approver=factories.approver())
    delivery = factories.delivery(post, account)
    dispatch.run_once()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PUBLISHED, delivery.last_error
    rkey = delivery.remote_id
    assert local_pds.get_record(pds_account.did, POST, rkey) is not None
    # Story posts limit replies by default (the account's setting).
    assert local_pds.get_record(pds_account.did, "app.bsky.feed.threadgate", rkey)

    withdraw_submission(submission, route="self")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELETE_PENDING
    dispatch.run_once()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELETED, delivery.last_error
    for collection in ("post", "threadgate", "postgate"):
        assert (
            local_pds.get_record(pds_account.did, f"app.bsky.feed.{collection}", rkey)
            is None
        )


def _database_url() -> str:
    settings = db_connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}"
        f"/{settings['NAME']}"
    )


@pytest.fixture
def dispatcher_env() -> dict[str, str]:
    if db_connection.vendor != "postgresql":
        missing("a dispatcher process shares the test database only on PostgreSQL")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "migrantscount.settings.test",
        "TEST_DATABASE_URL": _database_url(),
    }


@pytest.fixture
def held_proxy(local_pds: LocalPds) -> Iterator[FailingProxy]:
    with failing_proxy(local_pds.url) as proxy:
        yield proxy


def _dispatcher(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "dispatch",
                "--poll",
                "0.2",
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_dispatcher_killed_mid_call_is_recovered_without_a_duplicate(
    local_pds: LocalPds,
    pds_account: PdsAccount,
    dispatcher_env: dict[str, str],
    held_proxy: FailingProxy,
    tmp_path: Path,
) -> None:
    log = tmp_path / "dispatch.log"
    account = bluesky_account(local_pds, pds_account, base_url=held_proxy.url)
    delivery = factories.delivery(factories.post({"en": "Migrants count."}), account)
    # The PDS takes the post; its answer is held until the dispatcher is dead.
    held_proxy.hold_answers("com.atproto.repo.applyWrites")

    first = _dispatcher(dispatcher_env, log)
    try:
        assert held_proxy.held.wait(timeout=90), log.read_text()
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.PUBLISHING
        assert len(records(local_pds, pds_account)) == 1
        os.kill(first.pid, signal.SIGKILL)
        assert first.wait(timeout=10) == -signal.SIGKILL
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    held_proxy.release()

    second = _dispatcher(dispatcher_env, log, "--until-idle")
    assert second.wait(timeout=120) == 0, log.read_text()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PUBLISHED, delivery.last_error
    assert delivery.remote_id == delivery.idempotency_key
    assert held_proxy.count("com.atproto.repo.getRecord") >= 1  # looked up, not re-sent
    assert held_proxy.count("com.atproto.repo.applyWrites") == 1
    assert len(records(local_pds, pds_account)) == 1
