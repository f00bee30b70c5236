"""Connected accounts: connect/reconnect, audience, pause switches, reconnection state.

A network module verifies credentials its own way (Bluesky: createSession with an app
password; Mastodon: OAuth) and hands back a `Connection`; `connect_account` stores
it (credentials encrypted) on a new account or on the same account again, keeping
its history.

Public entry points:

    platform_for(key) -> Platform
    connect_account(*, platform, connection, user, language, time_zone="UTC",
                    countries=(), display_name="", limit_story_replies=True) -> Account
    update_audience(account, *, user, language=None, time_zone=None, countries=None,
                    limit_story_replies=None, display_name=None) -> Account
    mark_needs_reconnect(account, *, message) -> Account
    disconnect_account(account, *, user) -> Account
    set_account_paused(account, *, paused, user) -> Account
    set_dispatch_paused(*, paused, user) -> DispatchSwitch
    accounts_needing_reconnection() -> int
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit
from ..models import Account, Delivery, DispatchSwitch
from .consent import MANUAL_ONLY_KEY_PREFIX

if TYPE_CHECKING:
    from migrantscount.data.models import Country

    from ..platforms.base import Connection, Platform


def platform_for(key: str) -> Platform:
    """The network module for an account's `platform` (PLATFORMS is the one map)."""
    from ..platforms import PLATFORMS

    try:
        return PLATFORMS[key]
    except KeyError:
        raise ValidationError(_("Unknown network: %(key)s") % {"key": key}) from None


def _check_time_zone(name: str) -> None:
    if name not in available_timezones():
        raise ValidationError(
            _("Unknown time zone: %(name)s (use an IANA name, e.g. America/Lima).")
            % {"name": name}
        )


def _user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.pk else None


@transaction.atomic
def connect_account(
    *,
    platform: str,
    connection: Connection,
    user: AbstractBaseUser | None,
    language: str,
    time_zone: str = "UTC",
    countries: Iterable[Country] = (),
    display_name: str = "",
    limit_story_replies: bool = True,
    remote_id: str = "",
    refresh_expires_at: datetime | None = None,
) -> Account:
    """Store a connection the network module has verified. Connecting the same
    handle on the same server again (or the same id on the network: a renamed X
    user) reconnects that account (history kept; the audience given here replaces
    the old one only if `countries` is not empty). `connection.expires_at` is when
    the access token stops working, `refresh_expires_at` when only a person can
    renew it (None: neither is known to expire)."""
    platform_for(platform)
    _check_time_zone(time_zone)
    known = Account.objects.select_for_update().filter(platform=platform)
    account = None
    if remote_id:
        account = known.filter(remote_id=remote_id).first()
    if account is None:
        account = known.filter(
            base_url=connection.base_url, handle=connection.handle
        ).first()
    reconnect = account is not None
    if account is None:
        account = Account(
            platform=platform,
            base_url=connection.base_url,
            handle=connection.handle,
            language=language,
            time_zone=time_zone,
            limit_story_replies=limit_story_replies,
        )
    else:
        account.language = language
        account.time_zone = time_zone
        account.limit_story_replies = limit_story_replies
    account.display_name = display_name or account.display_name
    account.handle = connection.handle
    account.base_url = connection.base_url
    account.remote_id = remote_id or account.remote_id
    account.set_credentials(connection.credentials)
    account.instance_settings = dict(connection.settings)
    account.status = Account.Status.ACTIVE
    account.status_message = ""
    account.connected_by = _user(user)  # type: ignore[assignment]
    account.connected_at = timezone.now()
    account.credentials_expire_at = connection.expires_at
    account.credentials_refreshed_at = account.connected_at
    account.refresh_expires_at = refresh_expires_at
    # The network is checked against PLATFORMS above (the one map of networks).
    account.full_clean(exclude=["platform"])
    account.save()
    connection.credentials_changed = False
    countries = list(countries)
    if countries or not reconnect:
        account.countries.set(countries)
    if reconnect:
        # Deliveries that waited for the reconnection go out now (if still before
        # their 'not after' time); the note saying why they waited goes.
        Delivery.objects.filter(
            account=account, status=Delivery.Status.SCHEDULED
        ).update(last_error="")
        transaction.on_commit(_wake_dispatcher)
        # Deletions that had to wait for a working connection can now be made; not
        # what only a person can take down (`record_manual_takedown`: e.g. a live
        # video's recording the API refused to delete), which would only be tried
        # and refused again.
        if platform_for(account.platform).CAN_DELETE:
            Delivery.objects.filter(
                account=account,
                status=Delivery.Status.MANUAL_TAKEDOWN,
                takedown_done_at__isnull=True,
            ).exclude(remote_id="").exclude(
                idempotency_key__startswith=MANUAL_ONLY_KEY_PREFIX
            ).update(
                status=Delivery.Status.DELETE_PENDING,
                next_attempt_at=timezone.now(),
                attempts=0,
            )
    audit.log(
        audit.ACCOUNT_CONNECTED,
        instance=account,
        user=user,
        data={"platform": platform, "handle": account.handle, "reconnect": reconnect},
    )
    return account


@transaction.atomic
def update_audience(
    account: Account,
    *,
    user: AbstractBaseUser | None,
    language: str | None = None,
    time_zone: str | None = None,
    countries: Iterable[Country] | None = None,
    limit_story_replies: bool | None = None,
    display_name: str | None = None,
    owners: Iterable[AbstractBaseUser] | None = None,
    monthly_budget: Decimal | None = None,
    set_budget: bool = False,
    requires_approval: bool | None = None,
) -> Account:
    """Change who the account speaks to and who looks after it. `set_budget`:
    `monthly_budget` is set as given (None removes the limit)."""
    account = Account.objects.select_for_update().get(pk=account.pk)
    changed: dict[str, object] = {}
    if set_budget:
        account.monthly_budget = monthly_budget
        changed["monthly_budget"] = str(monthly_budget) if monthly_budget else None
    if language is not None:
        account.language = language
        changed["language"] = language
    if time_zone is not None:
        _check_time_zone(time_zone)
        account.time_zone = time_zone
        changed["time_zone"] = time_zone
    if limit_story_replies is not None:
        account.limit_story_replies = limit_story_replies
        changed["limit_story_replies"] = limit_story_replies
    if display_name is not None:
        account.display_name = display_name
    if requires_approval is not None:
        account.requires_approval = requires_approval
        changed["requires_approval"] = requires_approval
    account.full_clean(exclude=["platform"])
    account.save()
    if countries is not None:
        countries = list(countries)
        account.countries.set(countries)
        changed["countries"] = sorted(country.iso3 for country in countries)
    if owners is not None:
        people = list(owners)
        account.owners.set(person.pk for person in people)
        changed["owners"] = sorted(person.pk for person in people)
    audit.log(audit.ACCOUNT_CHANGED, instance=account, user=user, data=changed)
    return account


def mark_needs_reconnect(account: Account, *, message: str) -> Account:
    """The network refused the credential: nothing more goes to this account until
    a person reconnects it; the network's own message is kept for them, and the
    account's owners are e-mailed when it was working until now."""
    was_active = Account.objects.filter(
        pk=account.pk, status=Account.Status.ACTIVE
    ).exists()
    changed = (
        Account.objects.filter(pk=account.pk)
        .exclude(status=Account.Status.NEEDS_RECONNECT, status_message=message)
        .exclude(status=Account.Status.DISCONNECTED)
        .update(status=Account.Status.NEEDS_RECONNECT, status_message=message)
    )
    account.refresh_from_db(fields=["status", "status_message"])
    if changed:
        audit.log(
            audit.ACCOUNT_NEEDS_RECONNECT, instance=account, data={"message": message}
        )
        if was_active:
            from ..tasks import send_account_notice

            transaction.on_commit(
                partial(
                    send_account_notice.enqueue,
                    account_id=account.pk,
                    kind="reconnect",
                )
            )
    return account


def _wake_dispatcher() -> None:
    from . import dispatch

    dispatch.wake()


@transaction.atomic
def disconnect_account(account: Account, *, user: AbstractBaseUser | None) -> Account:
    """Forget the credentials. Scheduled deliveries wait (and expire); published
    posts to delete become manual take-downs."""
    account = Account.objects.select_for_update().get(pk=account.pk)
    account.set_credentials({})
    account.status = Account.Status.DISCONNECTED
    account.status_message = ""
    account.save(update_fields=["credentials", "status", "status_message"])
    audit.log(audit.ACCOUNT_DISCONNECTED, instance=account, user=user)
    return account


@transaction.atomic
def set_account_paused(
    account: Account, *, paused: bool, user: AbstractBaseUser | None
) -> Account:
    """Pause or resume one account: paused deliveries keep their schedule and go
    out on resume unless past their 'not after' time."""
    Account.objects.filter(pk=account.pk).update(is_paused=paused)
    account.refresh_from_db(fields=["is_paused"])
    audit.log(
        audit.ACCOUNT_PAUSED if paused else audit.ACCOUNT_RESUMED,
        instance=account,
        user=user,
    )
    return account


@transaction.atomic
def set_dispatch_paused(
    *, paused: bool, user: AbstractBaseUser | None
) -> DispatchSwitch:
    """The global switch: while paused nothing is published (deletions and checks of
    unconfirmed deliveries go on; they put nothing new out)."""
    switch = DispatchSwitch.load()
    switch.is_paused = paused
    switch.changed_by = _user(user)  # type: ignore[assignment]
    switch.changed_at = timezone.now()
    switch.save()
    audit.log(
        audit.DISPATCH_PAUSED if paused else audit.DISPATCH_RESUMED,
        instance=switch,
        user=user,
    )
    return switch


def dispatch_paused() -> bool:
    return DispatchSwitch.objects.filter(pk=1, is_paused=True).exists()


def accounts_needing_reconnection() -> int:
    return Account.objects.filter(status=Account.Status.NEEDS_RECONNECT).count()
