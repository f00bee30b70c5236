"""OAuth connection through the admin's callback, and the token lifecycle end to end
(refresh, expiry warnings, reconnection), with time-machine, against the HTTP-level
OAuth provider of `oauthnet` and the real dispatcher."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.users.models import UserProfile

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.models import Account, Delivery
from migrantscount.social.services import dispatch, oauth, tokens
from migrantscount.social.services.connections import Audience

from . import factories
from .oauthnet import Provider

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONNECT = "/admin/social/connect/oauthnet/"
CALLBACK = "/admin/social/connect/oauthnet/callback/"


@pytest.fixture(autouse=True)
def seeded() -> None:
    roles.seed_roles()


@pytest.fixture
def clock() -> Iterator[Callable[[timedelta], None]]:
    """Time stands still at START; `clock(delta)` moves it to START + delta."""
    with time_machine.travel(START, tick=False) as traveller:

        def move(delta: timedelta) -> None:
            traveller.move_to(START + delta)

        yield move


@pytest.fixture
def officer() -> Any:
    person = UserFactory.create(username="comms", email="comms@example.org")
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


def client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def start(client: Client, **extra: str) -> str:
    response = client.post(
        CONNECT, {"language": "es", "time_zone": "America/Lima", **extra}
    )
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def connect(provider: Provider, *, user: Any = None) -> Account:
    """Connect through the services, as the views do."""
    begun = oauth.start_oauth("oauthnet", redirect_uri="http://testserver" + CALLBACK)
    back = provider.approve(begun.authorize_url)
    result = oauth.finish_oauth(begun.pending, code=back["code"])
    return oauth.connect_identity(
        "oauthnet",
        tokens=result.tokens,
        identity=result.identities[0],
        user=user,
        audience=Audience(language="en"),
    )


# --- Connecting -------------------------------------------------------------------


def test_connecting_through_the_callback_stores_the_account(
    officer: Any, oauthnet: Provider, clock: Callable[[timedelta], None]
) -> None:
    client = client_for(officer)
    authorize = start(client)
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith("https://oauth.example/authorize?")
    assert query["redirect_uri"] == ["http://testserver" + CALLBACK]
    assert query["code_challenge_method"] == ["S256"]
    # The state and the PKCE verifier wait in the session, encrypted.
    assert query["state"][0] not in str(dict(client.session))
    back = oauthnet.approve(authorize)

    response = client.get(CALLBACK, back, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Connected oauthnet: Migrants Count."
    ]
    account = Account.objects.get(platform="oauthnet")
    assert (account.handle, account.remote_id, account.language) == (
        "Migrants Count",
        "1001",
        "es",
    )
    assert account.time_zone == "America/Lima"
    assert account.credentials_expire_at == START + timedelta(hours=2)
    assert account.connected_by == officer
    credentials = account.get_credentials()
    assert oauthnet.valid(credentials["access_token"])
    assert credentials["refresh_token"] in oauthnet.refresh_tokens
    # The same answer cannot be used twice.
    again = client.get(CALLBACK, back, follow=True)
    assert "does not belong to a connection started here" in again.content.decode()
    assert Account.objects.count() == 1


def test_a_forged_state_connects_nothing(officer: Any, oauthnet: Provider) -> None:
    client = client_for(officer)
    back = oauthnet.approve(start(client))
    response = client.get(CALLBACK, {**back, "state": "forged"}, follow=True)
    assert "does not belong to a connection started here" in response.content.decode()
    assert not Account.objects.exists()


def test_a_refusal_on_the_network_is_shown(officer: Any, oauthnet: Provider) -> None:
    client = client_for(officer)
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(
        CALLBACK,
        {"state": state, "error": "access_denied", "error_description": "User said no"},
        follow=True,
    )
    assert "did not authorise the connection: User said no" in response.content.decode()
    assert not Account.objects.exists()


def test_several_pages_are_offered_and_the_chosen_ones_connected(
    officer: Any, oauthnet: Provider
) -> None:
    oauthnet.pages = [
        {"id": "1001", "name": "Migrants Count"},
        {"id": "1002", "name": "Migrantes Cuentan"},
        {"id": "1003", "name": "A page of someone else"},
    ]
    client = client_for(officer)
    back = oauthnet.approve(start(client))
    response = client.get(CALLBACK, back)
    assert response["Location"] == "/admin/social/connect/oauthnet/choose/"
    page = client.get("/admin/social/connect/oauthnet/choose/").content.decode()
    assert "Migrantes Cuentan" in page and 'type="checkbox"' in page
    nothing = client.post("/admin/social/connect/oauthnet/choose/", {})
    assert nothing.status_code == 400  # nothing chosen: asked again, nothing lost

    client.post("/admin/social/connect/oauthnet/choose/", {"identities": ["0", "1"]})

    assert sorted(Account.objects.values_list("remote_id", "handle")) == [
        ("1001", "Migrants Count"),
        ("1002", "Migrantes Cuentan"),
    ]


def test_a_network_without_its_app_settings_says_which_to_set(
    officer: Any, oauthnet: Provider, settings: Any
) -> None:
    settings.SOCIAL_OAUTH_CLIENTS = {"oauthnet": {"client_id": "", "client_secret": ""}}
    response = client_for(officer).post(CONNECT, {"language": "en", "time_zone": "UTC"})
    assert response.status_code == 400
    assert "SOCIAL_OAUTHNET_CLIENT_ID" in response.content.decode()


def test_the_account_list_offers_the_oauth_networks(
    officer: Any, oauthnet: Provider
) -> None:
    page = client_for(officer).get("/admin/social/accounts/").content.decode()
    assert 'href="/admin/social/connect/oauthnet/"' in page


# --- Refresh ----------------------------------------------------------------------


def test_the_job_renews_a_token_a_quarter_of_its_life_before_expiry(
    oauthnet: Provider, clock: Callable[[timedelta], None]
) -> None:
    account = connect(oauthnet)
    first = account.get_credentials()

    clock(timedelta(hours=1, minutes=29))
    assert tokens.refresh_due() == 0
    clock(timedelta(hours=1, minutes=31))
    assert tokens.refresh_due() == 1

    account.refresh_from_db()
    renewed = account.get_credentials()
    assert renewed["access_token"] != first["access_token"]
    assert oauthnet.valid(renewed["access_token"])
    assert first["refresh_token"] not in oauthnet.refresh_tokens  # one-time, spent
    assert account.credentials_expire_at == START + timedelta(hours=3, minutes=31)
    assert account.status == Account.Status.ACTIVE
    assert tokens.refresh_due() == 0  # not again until its next quarter


def test_the_dispatcher_renews_an_expired_token_before_publishing(
    oauthnet: Provider, testnet: Any, clock: Callable[[timedelta], None]
) -> None:
    account = connect(oauthnet)
    clock(timedelta(hours=3))  # no job ran: the access token is dead
    delivery = factories.delivery(target=account)

    dispatch.run_once("worker-1")

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PUBLISHED
    assert len(testnet.created) == 1
    account.refresh_from_db()
    assert account.credentials_expire_at == START + timedelta(hours=5)


def test_a_passing_refresh_failure_is_tried_again_without_alarm(
    oauthnet: Provider,
    clock: Callable[[timedelta], None],
    django_capture_on_commit_callbacks: Any,
) -> None:
    account = connect(oauthnet, user=factories.user())
    oauthnet.refresh_down = True
    clock(timedelta(hours=1, minutes=45))
    with django_capture_on_commit_callbacks(execute=True):
        assert tokens.refresh_due() == 0
    account.refresh_from_db()
    assert account.status == Account.Status.ACTIVE
    assert mail.outbox == []

    oauthnet.refresh_down = False
    clock(timedelta(hours=1, minutes=55))
    assert tokens.refresh_due() == 1


def test_a_refused_refresh_needs_a_person_and_tells_the_owners_in_their_language(
    oauthnet: Provider,
    clock: Callable[[timedelta], None],
    django_capture_on_commit_callbacks: Any,
) -> None:
    owner = factories.user("owner")
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = "es"
    profile.save()
    account = connect(oauthnet, user=factories.user("connector"))
    account.owners.add(owner)
    oauthnet.revoke_all()  # someone removed the app on the network
    clock(timedelta(hours=1, minutes=45))

    with django_capture_on_commit_callbacks(execute=True):
        tokens.refresh_due()

    account.refresh_from_db()
    assert account.status == Account.Status.NEEDS_RECONNECT
    assert "Value passed for the token was invalid." in account.status_message
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"owner@example.org", "connector@example.org"}
    spanish = by_recipient["owner@example.org"]
    assert spanish.extra_headers["Content-Language"] == "es"
    assert "no se puede publicar nada en ella" in spanish.subject
    assert "ya no acepta la conexión" in spanish.body
    assert f"/admin/social/connect/oauthnet/?account={account.pk}" in spanish.body
    assert (
        by_recipient["connector@example.org"].extra_headers["Content-Language"] == "en"
    )
    english = by_recipient["connector@example.org"]
    assert "nothing can be posted to it" in english.subject
    # Later runs find nothing to refresh and send nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert tokens.refresh_due() == 0
        tokens.warn_expiring()
    assert len(mail.outbox) == 2


# --- Expiry warnings and reconnection --------------------------------------------


def test_owners_are_warned_seven_days_before_a_person_must_reconnect(
    oauthnet: Provider,
    clock: Callable[[timedelta], None],
    django_capture_on_commit_callbacks: Any,
) -> None:
    oauthnet.refresh_expires_at = START + timedelta(days=60)
    account = connect(oauthnet, user=factories.user())
    assert account.refresh_expires_at == START + timedelta(days=60)

    with django_capture_on_commit_callbacks(execute=True):
        clock(timedelta(days=52, hours=23))
        assert tokens.warn_expiring() == 0
        clock(timedelta(days=53, hours=1))
        assert tokens.warn_expiring() == 1
        clock(timedelta(days=55))
        assert tokens.warn_expiring() == 0  # once per expiry
    (warning,) = mail.outbox
    assert "must be reconnected before" in warning.subject
    assert f"?account={account.pk}" in warning.body

    with django_capture_on_commit_callbacks(execute=True):
        clock(timedelta(days=60, minutes=1))
        tokens.warn_expiring()
    account.refresh_from_db()
    assert account.status == Account.Status.NEEDS_RECONNECT
    assert "Reconnect" in mail.outbox[-1].subject

    # A person reconnects: a new expiry, and the warning is armed again for it.
    oauthnet.refresh_expires_at = START + timedelta(days=120)
    reconnected = connect(oauthnet)
    assert reconnected.pk == account.pk
    assert reconnected.status == Account.Status.ACTIVE
    with django_capture_on_commit_callbacks(execute=True):
        clock(timedelta(days=114))
        assert tokens.warn_expiring() == 1


def test_deliveries_wait_for_a_reconnection_then_go_out_once(
    officer: Any,
    oauthnet: Provider,
    testnet: Any,
    clock: Callable[[timedelta], None],
    django_capture_on_commit_callbacks: Any,
) -> None:
    account = connect(oauthnet, user=officer)
    oauthnet.revoke_all()
    delivery = factories.delivery(target=account)

    with django_capture_on_commit_callbacks(execute=True):
        dispatch.run_once("worker-1")  # the renewal is refused: the account waits
        dispatch.run_once("worker-1")
    delivery.refresh_from_db()
    account.refresh_from_db()
    assert account.status == Account.Status.NEEDS_RECONNECT
    assert delivery.status == Delivery.Status.SCHEDULED
    assert testnet.created == []
    page = client_for(officer).get("/admin/social/accounts/").content.decode()
    assert "Its deliveries wait and go out after it is reconnected" in page
    calendar = client_for(officer).get("/admin/social/calendar/").content.decode()
    assert "Waits: its account needs reconnecting." in calendar

    client = client_for(officer)
    back = oauthnet.approve(start(client, account=str(account.pk)))
    client.get(CALLBACK, back)
    clock(timedelta(minutes=5))
    dispatch.run_once("worker-1")

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PUBLISHED
    assert len(testnet.created) == 1
    assert Account.objects.get().status == Account.Status.ACTIVE
