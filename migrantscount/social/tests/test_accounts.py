"""Accounts: credentials encrypted, reconnection keeps history, pauses audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from migrantscount.core.lib import crypto
from migrantscount.core.services.encryption import rotate_encryption_key
from migrantscount.social import audit
from migrantscount.social.models import Account, DispatchSwitch
from migrantscount.social.platforms.base import Connection, RateLimit
from migrantscount.social.services import accounts

from . import factories
from .testnet import Network

pytestmark = pytest.mark.django_db


def raw_credentials(account: Account) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT credentials FROM social_account WHERE id = %s", [account.pk]
        )
        return str(cursor.fetchone()[0])


def connect(handle: str = "team.example", **values: object) -> Account:
    return accounts.connect_account(
        platform="testnet",
        connection=Connection(
            base_url="https://testnet.example",
            handle=handle,
            credentials={"access": "tok-SECRET-1", "refresh": "ref-SECRET-2"},
            settings={"max_characters": 500},
        ),
        user=factories.user(),
        language="es",
        time_zone="America/Bogota",
        **values,  # type: ignore[arg-type]
    )


def test_credentials_are_encrypted_at_rest(testnet: Network) -> None:
    account = connect()
    raw = raw_credentials(account)
    assert "SECRET" not in raw
    assert Account.objects.get(pk=account.pk).get_credentials() == {
        "access": "tok-SECRET-1",
        "refresh": "ref-SECRET-2",
    }
    assert account.connection().settings == {"max_characters": 500}
    assert ModelLogEntry.objects.filter(action=audit.ACCOUNT_CONNECTED).exists()


def test_key_rotation_covers_account_credentials(testnet: Network) -> None:
    account = connect()
    new_key = crypto.generate_key()
    from django.conf import settings

    with override_settings(
        MIGRANTSCOUNT_ENCRYPTION_KEYS=[new_key, *settings.MIGRANTSCOUNT_ENCRYPTION_KEYS]
    ):
        rotate_encryption_key()
        with override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[new_key]):
            assert Account.objects.get(pk=account.pk).get_credentials()["access"] == (
                "tok-SECRET-1"
            )


def test_reconnecting_keeps_the_account_and_its_history(testnet: Network) -> None:
    account = connect()
    delivery = factories.delivery(factories.post({"es": "Hola"}), account)
    accounts.mark_needs_reconnect(account, message="Token has been revoked")
    assert accounts.accounts_needing_reconnection() == 1

    again = connect()

    assert again.pk == account.pk
    assert again.status == Account.Status.ACTIVE and again.status_message == ""
    assert again.deliveries.get() == delivery
    assert accounts.accounts_needing_reconnection() == 0


def test_refreshed_tokens_and_rate_limits_are_stored(testnet: Network) -> None:
    account = connect()
    link = account.connection()
    link.replace_credentials(access="tok-NEW")
    reset = timezone.now() + timedelta(minutes=5)
    link.rate_limit = RateLimit(limit=300, remaining=12, reset_at=reset)

    changed = account.store_connection(link)

    assert set(changed) == {"credentials", "rate_limit"}
    account = Account.objects.get(pk=account.pk)
    assert account.get_credentials()["access"] == "tok-NEW"
    assert account.connection().rate_limit == RateLimit(300, 12, reset)
    assert account.store_connection(account.connection()) == []


def test_unknown_networks_and_time_zones_are_refused(testnet: Network) -> None:
    with pytest.raises(ValidationError):
        accounts.platform_for("myspace")
    with pytest.raises(ValidationError):
        accounts.connect_account(
            platform="testnet",
            connection=Connection(base_url="https://x", handle="x", credentials={}),
            user=None,
            language="en",
            time_zone="Mars/Olympus",
        )


def test_disconnecting_forgets_the_credentials(testnet: Network) -> None:
    account = connect()
    accounts.disconnect_account(account, user=None)
    account.refresh_from_db()
    assert account.status == Account.Status.DISCONNECTED
    assert account.get_credentials() == {}


def test_pause_switches_are_audited(testnet: Network) -> None:
    account = connect()
    officer = factories.user()
    accounts.set_account_paused(account, paused=True, user=officer)
    accounts.set_dispatch_paused(paused=True, user=officer)
    assert Account.objects.get(pk=account.pk).is_paused
    assert DispatchSwitch.load().is_paused and accounts.dispatch_paused()
    logged = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {audit.ACCOUNT_PAUSED, audit.DISPATCH_PAUSED} <= logged
    accounts.set_dispatch_paused(paused=False, user=officer)
    assert not accounts.dispatch_paused()


def test_audience_changes_are_audited(testnet: Network) -> None:
    account = connect()
    accounts.update_audience(
        account, user=None, language="pt", time_zone="America/Sao_Paulo"
    )
    account.refresh_from_db()
    assert (account.language, account.time_zone) == ("pt", "America/Sao_Paulo")
    assert ModelLogEntry.objects.filter(action=audit.ACCOUNT_CHANGED).exists()
