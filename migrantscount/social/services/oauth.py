"""Connecting accounts through OAuth 2: X, Facebook, Instagram, Threads, LinkedIn.

One flow for every network whose module implements `OAuthPlatform`:

1. `start_oauth(network, redirect_uri=...)` makes a `state` and a PKCE verifier and
   asks the module for the authorization address; the caller keeps `pending`
   (the admin: in the session, encrypted) and sends the person there.
2. The network sends the person back to `/admin/social/connect/<network>/callback/`
   with `code` and `state`; `finish_oauth(pending, code=...)` exchanges the code
   and lists the identities the token can post as (the X user; a Facebook user's
   Pages; a LinkedIn member's organisations).
3. `connect_identity(...)` stores the chosen identity as an account (or reconnects
   the account with the same id on the network), with its credential's expiry.

The campaign's app on each network (client id, secret, redirect) comes from
`settings.SOCIAL_OAUTH_CLIENTS[network]`.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Account
from ..platforms.base import Connection, Identity, OAuthClient, TokenSet
from . import accounts

if TYPE_CHECKING:
    from ..platforms.base import OAuthPlatform
    from .connections import Audience

# Where an account lives when the identity does not say (the account's server).
DEFAULT_BASE_URLS = {
    "x": "https://api.x.com",
    "facebook": "https://graph.facebook.com",
    "instagram": "https://graph.facebook.com",
    "threads": "https://graph.threads.net",
    "linkedin": "https://api.linkedin.com",
}


@dataclass(frozen=True)
class OAuthStart:
    authorize_url: str
    pending: dict[str, Any]


@dataclass(frozen=True)
class OAuthResult:
    tokens: TokenSet
    identities: list[Identity]


def is_oauth(network: str) -> bool:
    try:
        platform = accounts.platform_for(network)
    except ValidationError:
        return False
    return all(
        callable(getattr(platform, name, None))
        for name in ("authorization_url", "exchange_code", "refresh", "identities")
    )


def oauth_networks() -> list[str]:
    """The keys of the registered networks that connect through OAuth."""
    from ..platforms import PLATFORMS

    return [key for key in PLATFORMS if is_oauth(key)]


def oauth_platform(network: str) -> OAuthPlatform:
    if not is_oauth(network):
        raise ValidationError(
            _("%(network)s does not connect through OAuth.") % {"network": network}
        )
    return cast("OAuthPlatform", accounts.platform_for(network))


def oauth_client(network: str, *, redirect_uri: str = "") -> OAuthClient:
    """The campaign's app on the network, from settings; a clear error when unset."""
    values = dict(settings.SOCIAL_OAUTH_CLIENTS.get(network) or {})
    if not values.get("client_id") or not values.get("client_secret"):
        prefix = f"SOCIAL_{network.upper()}"
        raise ValidationError(
            _(
                "%(network)s is not set up on this site: set %(prefix)s_CLIENT_ID and "
                "%(prefix)s_CLIENT_SECRET (the campaign's app on the network)."
            )
            % {"network": accounts.platform_for(network).NAME, "prefix": prefix}
        )
    return OAuthClient(
        client_id=str(values["client_id"]),
        client_secret=str(values["client_secret"]),
        redirect_uri=str(values.get("redirect_uri") or redirect_uri),
        scopes=tuple(values.get("scopes") or ()),
    )


def new_code_verifier() -> str:
    """RFC 7636: 43-128 characters of [A-Za-z0-9-._~] (here 86)."""
    return secrets.token_urlsafe(64)


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def start_oauth(network: str, *, redirect_uri: str) -> OAuthStart:
    platform = oauth_platform(network)
    client = oauth_client(network, redirect_uri=redirect_uri)
    state = secrets.token_urlsafe(32)
    verifier = new_code_verifier()
    url = platform.authorization_url(
        client, state=state, code_challenge=code_challenge(verifier)
    )
    pending = {
        "network": network,
        "state": state,
        "code_verifier": verifier,
        "redirect_uri": client.redirect_uri,
    }
    return OAuthStart(authorize_url=url, pending=pending)


def finish_oauth(pending: dict[str, Any], *, code: str) -> OAuthResult:
    """Exchange the code (the caller checked `state`) and list the identities.
    Raises `PlatformError` with the network's message when it refuses."""
    network = str(pending["network"])
    platform = oauth_platform(network)
    client = oauth_client(network, redirect_uri=str(pending["redirect_uri"]))
    tokens = platform.exchange_code(
        client, code=code, code_verifier=str(pending["code_verifier"])
    )
    return OAuthResult(tokens=tokens, identities=platform.identities(client, tokens))


def connect_identity(
    network: str,
    *,
    tokens: TokenSet,
    identity: Identity,
    user: AbstractBaseUser | None,
    audience: Audience,
) -> Account:
    """Store the identity as an account: the token's values, then what the identity
    needs to publish (a Page's own token replaces the user's). An identity with its
    own token carries its own expiry (None: it does not expire, as a Page token
    made from a long-lived user token); otherwise the token's expiries count."""
    credentials = {"access_token": tokens.access_token, **tokens.extra}
    if tokens.refresh_token:
        credentials["refresh_token"] = tokens.refresh_token
    own_token = identity.credentials.get("access_token", tokens.access_token)
    credentials.update(identity.credentials)
    if own_token != tokens.access_token:
        expires_at, refresh_expires_at = identity.expires_at, identity.expires_at
    else:
        expires_at, refresh_expires_at = tokens.expires_at, tokens.refresh_expires_at
    connection = Connection(
        base_url=identity.base_url or DEFAULT_BASE_URLS.get(network, ""),
        handle=identity.handle,
        credentials=credentials,
        expires_at=expires_at,
    )
    return accounts.connect_account(
        platform=network,
        connection=connection,
        user=user,
        language=audience.language,
        time_zone=audience.time_zone,
        countries=audience.countries,
        limit_story_replies=audience.limit_story_replies,
        remote_id=identity.remote_id,
        refresh_expires_at=refresh_expires_at,
    )


# --- Keeping a result between requests (the identities chooser) ------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def tokens_to_json(tokens: TokenSet) -> dict[str, Any]:
    return {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expires_at": _iso(tokens.expires_at),
        "refresh_expires_at": _iso(tokens.refresh_expires_at),
        "scopes": list(tokens.scopes),
        "extra": dict(tokens.extra),
    }


def tokens_from_json(data: dict[str, Any]) -> TokenSet:
    return TokenSet(
        access_token=str(data["access_token"]),
        refresh_token=str(data.get("refresh_token") or ""),
        expires_at=_moment(data.get("expires_at")),
        refresh_expires_at=_moment(data.get("refresh_expires_at")),
        scopes=tuple(data.get("scopes") or ()),
        extra={str(k): str(v) for k, v in (data.get("extra") or {}).items()},
    )


def identity_to_json(identity: Identity) -> dict[str, Any]:
    return {
        "remote_id": identity.remote_id,
        "handle": identity.handle,
        "credentials": dict(identity.credentials),
        "base_url": identity.base_url,
        "expires_at": _iso(identity.expires_at),
    }


def identity_from_json(data: dict[str, Any]) -> Identity:
    return Identity(
        remote_id=str(data["remote_id"]),
        handle=str(data["handle"]),
        credentials={str(k): str(v) for k, v in data["credentials"].items()},
        base_url=str(data.get("base_url") or ""),
        expires_at=_moment(data.get("expires_at")),
    )
