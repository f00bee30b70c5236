"""Facebook, Instagram and Threads end to end on the fake Graph hosts: connected
through the admin's OAuth callback, a post out exactly once, its reach read, and
the token renewed by the lifecycle job before it expires."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import httpx
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.fakes.graph import FakeMeta
from migrantscount.social.models import Account, Delivery, MetricSnapshot
from migrantscount.social.services import dispatch, metrics, tokens

from . import factories
from .meta import CLIENT, authorize
from .meta import meta as meta  # the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer() -> Any:
    roles.seed_roles()
    person = UserFactory.create(username="comms", email="comms@example.org")
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


@pytest.fixture
def apps(settings: Any) -> None:
    settings.SOCIAL_OAUTH_CLIENTS = {
        network: {
            "client_id": CLIENT.client_id,
            "client_secret": CLIENT.client_secret,
            "redirect_uri": "",
        }
        for network in ("facebook", "instagram", "threads")
    }


def connect_through_the_admin(officer: Any, network: str) -> Client:
    client = Client()
    client.force_login(officer)
    started = client.post(
        f"/admin/social/connect/{network}/",
        {"language": "es", "time_zone": "America/Bogota"},
    )
    assert started.status_code == 302, started.content.decode()
    back = authorize(str(started["Location"]))
    answer = client.get(f"/admin/social/connect/{network}/callback/", back)
    assert answer.status_code == 302, answer.content.decode()
    return client


def publish_once(account: Account) -> Delivery:
    delivery = factories.delivery(factories.post({"es": "Las cifras cuentan"}), account)
    dispatch.forget_holds()
    dispatch.run_once("graph-connect")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PUBLISHED, delivery.last_error
    return delivery


def test_facebook_pages_are_chosen_connected_and_posted_to(
    officer: Any, apps: None, meta: FakeMeta
) -> None:
    meta.add_page("42", "Migrants Count Colombia")
    meta.add_page("42", "Migrantes Cuentan Perú")
    client = connect_through_the_admin(officer, "facebook")
    chooser = client.get("/admin/social/connect/facebook/choose/").content.decode()
    assert "Migrantes Cuentan Perú" in chooser

    client.post("/admin/social/connect/facebook/choose/", {"identities": ["1"]})

    account = Account.objects.get(platform="facebook")
    assert account.handle == "Migrantes Cuentan Perú"
    assert account.base_url == meta.url
    assert account.credentials_expire_at is None  # a Page token does not expire
    page = meta.owners[account.remote_id]
    assert account.get_credentials()["access_token"] == page.token
    delivery = publish_once(account)
    [post] = meta.live_posts(page)
    assert post["id"] == delivery.remote_id
    assert "#MigrantesCuentan" in post["text"]

    meta.posts[post["id"]].update(likes=7, replies=1, reposts=2)
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert metrics.take_due_snapshots() == 1
    snapshot = MetricSnapshot.objects.get(delivery=delivery)
    assert (snapshot.likes, snapshot.replies, snapshot.reposts) == (7, 1, 2)


def test_threads_connects_posts_and_is_renewed_before_its_60_days(
    officer: Any, apps: None, meta: FakeMeta
) -> None:
    meta.add_threads("migrantescuentan")
    connect_through_the_admin(officer, "threads")

    account = Account.objects.get(platform="threads")
    assert account.handle == "@migrantescuentan"
    assert account.credentials_expire_at is not None
    assert account.credentials_expire_at > timezone.now() + timedelta(days=59)
    # Renewable without a person: no expiry warning is due while refreshes work.
    assert account.refresh_expires_at is None
    publish_once(account)
    old = account.get_credentials()["access_token"]

    # Renewed a quarter of its life ahead, at most 7 days: from day 53 on.
    with time_machine.travel(timezone.now() + timedelta(days=54)):
        assert tokens.warn_expiring() == 0
        assert tokens.refresh_due() == 1
        account.refresh_from_db()
        assert account.status == Account.Status.ACTIVE
        assert account.get_credentials()["access_token"] != old
        assert account.credentials_expire_at is not None
        assert account.credentials_expire_at > timezone.now() + timedelta(days=59)
        # The renewed token works; the old one still would until its own expiry.
        publish_once(account)


def test_instagram_login_connects_without_a_page(
    officer: Any, apps: None, meta: FakeMeta, settings: Any
) -> None:
    settings.SOCIAL_INSTAGRAM_LOGIN = "instagram"
    meta.add_instagram("migrantscount_co")
    connect_through_the_admin(officer, "instagram")

    account = Account.objects.get(platform="instagram")
    assert account.handle == "@migrantscount_co"
    credentials = account.get_credentials()
    assert credentials["login"] == "instagram"
    assert meta.tokens[credentials["access_token"]].expires_at is not None
    assert account.credentials_expire_at is not None


def test_a_refused_authorization_connects_nothing(
    officer: Any, apps: None, meta: FakeMeta
) -> None:
    client = Client()
    client.force_login(officer)
    started = client.post(
        "/admin/social/connect/threads/", {"language": "es", "time_zone": "UTC"}
    )
    state = httpx.URL(str(started["Location"])).params["state"]

    answer = client.get(
        "/admin/social/connect/threads/callback/",
        {
            "error": "access_denied",
            "error_description": "Permissions error",
            "state": state,
        },
        follow=True,
    )

    assert "Permissions error" in answer.content.decode()
    assert not Account.objects.exists()


def test_run_fake_meta_prints_the_environment_and_serves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from migrantscount.social.management.commands import run_fake_meta

    served: list[int] = []

    def interrupt() -> None:
        line = next(
            line
            for line in output.getvalue().splitlines()
            if "SOCIAL_META_GRAPH_URL=" in line
        )
        url = line.split("=", 1)[1]
        served.append(httpx.get(f"{url}/v25.0/me").status_code)
        raise KeyboardInterrupt

    output = io.StringIO()
    monkeypatch.setattr(run_fake_meta, "wait_for_interrupt", interrupt)

    call_command("run_fake_meta", port=0, stdout=output)

    assert served == [400]  # Graph's answer to a call without a token
    text = output.getvalue()
    assert "export SOCIAL_THREADS_CLIENT_ID=local-meta-app" in text
    assert "export PUBLIC_MEDIA_BASE_URL=" in text
    assert "Stopped" in text
