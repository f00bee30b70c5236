"""Connecting accounts through each network's own authentication.

The network modules do the talking (Bluesky: a session from an app password;
Mastodon: app registration, authorization code with PKCE where the instance has it,
code exchange); `accounts.connect_account` stores the result. Connecting a handle
that is already known reconnects it and keeps its history.

    connect_bluesky(*, base_url, handle, app_password, user, audience) -> Account
    start_mastodon(*, instance_url, redirect_uri) -> MastodonStart
    finish_mastodon(pending, *, code, user, audience) -> Account

`MastodonStart.pending` is what the caller keeps until the instance sends the person
back (the admin keeps it in the session, encrypted, under its `state`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser

from ..models import Account, Network
from ..platforms import bluesky, mastodon
from ..platforms.base import Connection
from . import accounts

if TYPE_CHECKING:
    from migrantscount.data.models import Country

DEFAULT_PDS = "https://bsky.social"


@dataclass(frozen=True)
class Audience:
    language: str
    time_zone: str = "UTC"
    countries: Iterable[Country] = ()
    limit_story_replies: bool = True


@dataclass(frozen=True)
class MastodonStart:
    authorize_url: str
    state: str
    pending: dict[str, Any] = field(default_factory=dict)


def connect_bluesky(
    *,
    base_url: str,
    handle: str,
    app_password: str,
    user: AbstractBaseUser | None,
    audience: Audience,
) -> Account:
    """Verify the app password by creating a session, then store the account.
    Raises `PlatformError` with the network's own message when it refuses."""
    base_url = (base_url or DEFAULT_PDS).strip().rstrip("/")
    handle = handle.strip().lstrip("@")
    credentials = bluesky.connect(base_url, handle, app_password)
    connection = Connection(
        base_url=base_url,
        handle=credentials.get("handle", handle),
        credentials=credentials,
    )
    return _store(Network.BLUESKY, connection, user=user, audience=audience)


def start_mastodon(*, instance_url: str, redirect_uri: str) -> MastodonStart:
    """Register the app on the instance and build the authorization address (with
    a PKCE challenge where the instance supports it)."""
    base_url = mastodon.normalize_instance_url(instance_url)
    settings = mastodon.fetch_instance_settings(base_url)
    app = mastodon.register_app(base_url, redirect_uri)
    verifier = (
        mastodon.new_code_verifier() if mastodon.supports_pkce(settings) else None
    )
    state = secrets.token_urlsafe(32)
    url = mastodon.authorization_url(
        base_url,
        app["client_id"],
        redirect_uri,
        state,
        mastodon.code_challenge(verifier) if verifier else None,
    )
    pending = {
        "base_url": base_url,
        "redirect_uri": redirect_uri,
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
        "code_verifier": verifier,
        "settings": settings,
    }
    return MastodonStart(authorize_url=url, state=state, pending=pending)


def finish_mastodon(
    pending: dict[str, Any],
    *,
    code: str,
    user: AbstractBaseUser | None,
    audience: Audience,
) -> Account:
    """Exchange the code the instance sent back (the caller checked `state`)."""
    base_url = str(pending["base_url"])
    credentials = mastodon.exchange_code(
        base_url,
        client_id=str(pending["client_id"]),
        client_secret=str(pending["client_secret"]),
        redirect_uri=str(pending["redirect_uri"]),
        code=code,
        code_verifier=pending.get("code_verifier"),
    )
    who = mastodon.fetch_account(base_url, credentials["access_token"])
    connection = Connection(
        base_url=base_url,
        handle=who["handle"],
        credentials=credentials,
        settings=dict(pending.get("settings") or {}),
    )
    return _store(
        Network.MASTODON,
        connection,
        user=user,
        audience=audience,
        display_name=who.get("display_name", ""),
    )


def _store(
    platform: str,
    connection: Connection,
    *,
    user: AbstractBaseUser | None,
    audience: Audience,
    display_name: str = "",
) -> Account:
    return accounts.connect_account(
        platform=platform,
        connection=connection,
        user=user,
        language=audience.language,
        time_zone=audience.time_zone,
        countries=audience.countries,
        display_name=display_name,
        limit_story_replies=audience.limit_story_replies,
    )
