"""The credentials' lifecycle: refresh before expiry, warn before a person is needed.

- `refresh_due()` (periodic, and `fresh_connection` just before a call) renews an
  OAuth account's access token a quarter of its life before it expires (X's
  two-hour tokens 30 minutes before, 60-day tokens 7 days before), through the
  module's `refresh`. The account row is locked while it refreshes, so two
  processes never spend the same one-time refresh token.
- A refresh the network refuses (`needs_reconnect`/`permanent`) marks the account
  "needs reconnecting" and e-mails its owners at once; a passing failure (network
  down, 5xx, 429) is tried again by the next run.
- `warn_expiring()` e-mails the owners SOCIAL_EXPIRY_WARNING_DAYS before
  `refresh_expires_at`, the moment after which only a person can renew the
  credential (once per expiry: a reconnection's new expiry arms it again), and
  marks the account "needs reconnecting" once that moment has passed.

Deliveries due on an account that needs reconnecting wait (the dispatcher claims
nothing of it) and go out after reconnection if still before their 'not after'.
E-mails are rendered in each owner's admin language (Wagtail profile).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from migrantscount.core.services.mail import send_templated_mail

from ..models import Account
from ..platforms.base import Connection, PlatformError
from . import accounts, oauth

logger = logging.getLogger(__name__)

REFRESH_AHEAD_MIN = timedelta(minutes=5)
REFRESH_AHEAD_MAX = timedelta(days=7)
REFRESH_AHEAD_UNKNOWN = timedelta(minutes=30)
# Just before a call, a token this close to expiry is renewed first.
CALL_MARGIN = timedelta(minutes=2)

NOTICE_RECONNECT = "reconnect"
NOTICE_EXPIRY = "expiry"
NOTICES = (NOTICE_RECONNECT, NOTICE_EXPIRY)


def refresh_ahead(account: Account) -> timedelta:
    """How long before expiry the token is renewed: a quarter of its lifetime."""
    expires, obtained = account.credentials_expire_at, account.credentials_refreshed_at
    if expires is None or obtained is None or expires <= obtained:
        return REFRESH_AHEAD_UNKNOWN
    return min(max((expires - obtained) / 4, REFRESH_AHEAD_MIN), REFRESH_AHEAD_MAX)


def refresh_due_at(account: Account) -> datetime | None:
    if account.credentials_expire_at is None:
        return None
    return account.credentials_expire_at - refresh_ahead(account)


def _due(account: Account, now: datetime, *, margin: timedelta | None) -> bool:
    if account.status != Account.Status.ACTIVE or account.credentials_expire_at is None:
        return False
    if margin is not None:
        return account.credentials_expire_at - margin <= now
    due_at = refresh_due_at(account)
    return due_at is not None and due_at <= now


def refresh_due(*, now: datetime | None = None) -> int:
    """Renew every OAuth account's token that is due; returns how many were."""
    now = now or timezone.now()
    networks = oauth.oauth_networks()
    rows = Account.objects.filter(
        platform__in=networks,
        status=Account.Status.ACTIVE,
        credentials_expire_at__isnull=False,
    )
    return sum(
        refresh_account(account, now=now)
        for account in rows
        if _due(account, now, margin=None)
    )


def refresh_account(
    account: Account,
    *,
    now: datetime | None = None,
    margin: timedelta | None = None,
    force: bool = False,
) -> bool:
    """Renew the account's token if it is (still) due; True when it was renewed.
    `margin`: renew only if it expires within it (the dispatcher's call margin)."""
    now = now or timezone.now()
    if not oauth.is_oauth(account.platform):
        return False
    platform = oauth.oauth_platform(account.platform)
    try:
        client = oauth.oauth_client(account.platform)
    except ValidationError as error:
        logger.warning("Cannot refresh account %s: %s", account.pk, error.messages[0])
        return False
    with transaction.atomic():
        row = Account.objects.select_for_update().get(pk=account.pk)
        if not force and not _due(row, now, margin=margin):
            return False  # another process renewed it meanwhile
        connection = row.connection()
        try:
            tokens = platform.refresh(client, connection)
        except PlatformError as error:
            row.store_connection(connection)
            if error.needs_reconnect or error.permanent:
                accounts.mark_needs_reconnect(
                    row,
                    message=_(
                        "The network refused to renew the connection: %(message)s"
                    )
                    % {"message": error.message},
                )
            else:
                logger.warning(
                    "Refresh of account %s failed, tried again later: %s",
                    account.pk,
                    error.message,
                )
            return False
        connection.replace_tokens(tokens)
        row.store_connection(connection)
        values: dict[str, Any] = {
            "credentials_expire_at": tokens.expires_at,
            "credentials_refreshed_at": timezone.now(),
        }
        if tokens.refresh_expires_at is not None:
            values["refresh_expires_at"] = tokens.refresh_expires_at
        Account.objects.filter(pk=row.pk).update(**values)
    logger.info("Renewed the token of account %s", account.pk)
    return True


def fresh_connection(account: Account) -> Connection:
    """The account's connection, its token renewed first if it expires within
    CALL_MARGIN (the dispatcher and the metrics job call this before a call). A
    refused renewal leaves the account marked "needs reconnecting"."""
    if account.credentials_expire_at is not None and _due(
        account, timezone.now(), margin=CALL_MARGIN
    ):
        refresh_account(account, margin=CALL_MARGIN)
        account.refresh_from_db(
            fields=[
                "credentials",
                "credentials_expire_at",
                "credentials_refreshed_at",
                "refresh_expires_at",
                "status",
                "status_message",
            ]
        )
    return account.connection()


def warn_expiring(*, now: datetime | None = None) -> int:
    """E-mail the owners of accounts whose person-needed expiry is near (once per
    expiry); mark those past it as needing reconnection. Returns warnings sent."""
    now = now or timezone.now()
    ahead = timedelta(days=settings.SOCIAL_EXPIRY_WARNING_DAYS)
    warned = 0
    rows = Account.objects.filter(
        status=Account.Status.ACTIVE,
        refresh_expires_at__isnull=False,
        refresh_expires_at__lte=now + ahead,
    )
    for account in rows:
        expires = account.refresh_expires_at
        assert expires is not None  # noqa: S101 (filtered above)
        if expires <= now:
            accounts.mark_needs_reconnect(
                account,
                message=_("The connection expired; a person must reconnect it."),
            )
            continue
        changed = (
            Account.objects.filter(pk=account.pk)
            .filter(Q(expiry_warned_for__isnull=True) | ~Q(expiry_warned_for=expires))
            .update(expiry_warned_for=expires)
        )
        if changed:
            from ..tasks import send_account_notice

            transaction.on_commit(
                partial(
                    send_account_notice.enqueue,
                    account_id=account.pk,
                    kind=NOTICE_EXPIRY,
                )
            )
            warned += 1
    return warned


# --- E-mails to the owners -----------------------------------------------------


def recipients(account: Account) -> list[Any]:
    """The account's owners and the person who connected it; when none of them has
    an address, everyone who may change social accounts."""
    user_model = get_user_model()
    people = user_model.objects.filter(is_active=True).exclude(email="")
    chosen = list(
        people.filter(
            Q(social_accounts_owned=account) | Q(pk=account.connected_by_id)
        ).distinct()
    )
    if not chosen:
        chosen = list(people.with_perm("social.change_account"))  # type: ignore[attr-defined]
    return chosen


def reconnect_path(account: Account) -> str:
    """Where a person reconnects the account in the admin."""
    if oauth.is_oauth(account.platform):
        path = reverse("social_admin:connect_oauth", args=[account.platform])
    elif account.platform == "bluesky":
        path = reverse("social_admin:connect_bluesky")
    else:
        path = reverse("social_admin:connect_mastodon")
    return f"{path}?account={account.pk}"


def send_account_notice(account: Account, *, kind: str) -> int:
    """One e-mail per recipient, in their language; returns how many were sent."""
    sent = 0
    for user in recipients(account):
        profile = UserProfile.get_for_user(user)
        language = profile.get_preferred_language()
        zone = ZoneInfo(profile.get_current_time_zone() or settings.TIME_ZONE)
        with translation.override(language):
            expires = account.refresh_expires_at
            context = {
                "account": str(account),
                "network": accounts.platform_for(account.platform).NAME,
                "message": account.status_message,
                "expires_at": formats.date_format(
                    timezone.localtime(expires, zone), "DATETIME_FORMAT"
                )
                if expires
                else "",
                "reconnect_url": str(settings.SITE_URL) + reconnect_path(account),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
        send_templated_mail(
            to=[user.email],
            template_prefix=f"social/emails/{kind}",
            context=context,
            language=language,
        )
        sent += 1
    logger.info("Sent %s '%s' notices for account %s", sent, kind, account.pk)
    return sent
