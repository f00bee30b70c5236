"""What the networks spoken to with plain `httpx` share: one TLS context, one way
of telling "nothing was sent" from "no answer", and the OAuth 2 bearer-token
plumbing of LinkedIn and X (the campaign's app from settings, renewing an expired
token once, the token endpoint's refusals), plus their image checks.

A refused connection (`ConnectError`, `ConnectTimeout`, `PoolTimeout`,
`UnsupportedProtocol`) never reached the network: a plain retry. Any other
transport failure may have happened after the request left, so with
`ambiguous_after_send` it is `ambiguous` (look the post up before a retry).
"""

from __future__ import annotations

import functools
import ssl
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import regex
from django.conf import settings
from django.utils.translation import gettext as _

from .base import Connection, Media, OAuthClient, PlatformError, TokenSet

TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# Only a token already past its expiry is renewed here: the dispatcher renews
# ahead under the account's row lock (services/tokens.fresh_connection), and X's
# refresh tokens work once, so two unlocked renewals would lock the account out.
REFRESH_MARGIN = timedelta(0)
# A duplicate refusal (LinkedIn's DUPLICATE_POST, X's "duplicate content") names a
# post of this delivery's own earlier tries if that post is this recent.
DUPLICATE_LOOKBACK = timedelta(hours=1)
_UNSENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)
_SPACE = regex.compile(r"\s+")


@functools.cache
def ssl_context() -> ssl.SSLContext:
    """One per process: loading the CA bundle costs more than a call."""
    return httpx.create_ssl_context()


def send(
    method: str,
    url: str,
    *,
    network: str,
    client: httpx.Client | None = None,
    ambiguous_after_send: bool = False,
    **kwargs: Any,
) -> httpx.Response:
    """One request, through `client` or a client of its own; whatever the status.

    A transport failure is a `PlatformError` (see the module's docstring).
    """
    try:
        if client is not None:
            return client.request(method, url, **kwargs)
        with httpx.Client(
            timeout=TIMEOUT, follow_redirects=False, verify=ssl_context()
        ) as own:
            return own.request(method, url, **kwargs)
    except _UNSENT as error:
        raise PlatformError(
            _("Could not reach %(network)s: %(error)s")
            % {"network": network, "error": error}
        ) from error
    except httpx.HTTPError as error:
        raise PlatformError(
            _("No answer from %(network)s: %(error)s")
            % {"network": network, "error": error},
            ambiguous=ambiguous_after_send,
        ) from error


def plain(value: str) -> str:
    """A post's text for comparing: NFC, runs of white space as one space."""
    return str(_SPACE.sub(" ", unicodedata.normalize("NFC", value))).strip()


# --- OAuth 2 bearer tokens (LinkedIn, X) -------------------------------------------


def client_from_settings(key: str, scopes: tuple[str, ...]) -> OAuthClient | None:
    """The campaign's app (`SOCIAL_OAUTH_CLIENTS[key]`), for refreshing a token in
    the middle of a call; None when it is not set up."""
    values = dict((getattr(settings, "SOCIAL_OAUTH_CLIENTS", {}) or {}).get(key) or {})
    if not values.get("client_id"):
        return None
    return OAuthClient(
        client_id=str(values["client_id"]),
        client_secret=str(values.get("client_secret") or ""),
        redirect_uri=str(values.get("redirect_uri") or ""),
        scopes=scopes,
    )


def expires_at(connection: Connection) -> datetime | None:
    """The access token's expiry: the account's, or the one kept with the token."""
    if connection.expires_at is not None:
        return connection.expires_at
    value = connection.credentials.get("expires_at")
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def refresh_in_place(
    connection: Connection,
    client: OAuthClient | None,
    refresh: Callable[[OAuthClient, Connection], TokenSet],
) -> bool:
    """Renew the connection's tokens with the campaign's app; False if impossible."""
    if client is None or not connection.credentials.get("refresh_token"):
        return False
    connection.replace_tokens(refresh(client, connection))
    return True


def send_refreshing(
    connection: Connection,
    request: Callable[[], httpx.Response],
    *,
    renew: Callable[[], bool],
    refresh_on_401: bool = True,
) -> httpx.Response:
    """`request()`, its token renewed first when already expired and once more
    after a 401 (with `refresh_on_401`); the last answer, whatever its status."""
    expiry = expires_at(connection)
    if (
        refresh_on_401
        and expiry is not None
        and expiry - REFRESH_MARGIN <= datetime.now(UTC)
    ):
        renew()
    response = request()
    if response.status_code == 401 and refresh_on_401 and renew():
        response = request()
    return response


def token_answer(
    url: str,
    form: dict[str, str],
    *,
    network: str,
    headers: dict[str, str] | None = None,
    message: Callable[[httpx.Response], str],
    error: Callable[[httpx.Response], PlatformError],
) -> dict[str, Any]:
    """`POST` to a token endpoint: the JSON answer, or a `PlatformError`.

    A 400 or 401 is a refusal of the code or refresh token (after a refresh: a
    person reconnects); any other failure is `error(response)`.
    """
    response = send("POST", url, network=network, data=form, headers=headers or {})
    if response.status_code in (400, 401):
        raise PlatformError(
            _("%(network)s refused the authorization: %(message)s")
            % {"network": network, "message": message(response)},
            needs_reconnect=form["grant_type"] == "refresh_token",
            permanent=True,
            status=response.status_code,
        )
    if not response.is_success:
        raise error(response)
    body: dict[str, Any] = response.json()
    return body


# --- images -----------------------------------------------------------------------


def image_problems(
    media: tuple[Media, ...],
    *,
    network: str,
    max_images: int,
    max_bytes: int,
    max_alt_text: int,
    types: tuple[str, ...],
) -> list[str]:
    """What the network would refuse in these images: their number, and each one's
    alt text, type and size."""
    problems: list[str] = []
    if len(media) > max_images:
        problems.append(
            _("%(network)s takes at most %(maximum)s images per post.")
            % {"network": network, "maximum": max_images}
        )
    for item in media:
        alt_text = item.alt_text.strip()
        if not alt_text:
            problems.append(_("Every image needs an alt text."))
        elif len(alt_text) > max_alt_text:
            problems.append(
                _(
                    "An alt text is longer than the %(maximum)s characters "
                    "%(network)s takes."
                )
                % {"network": network, "maximum": max_alt_text}
            )
        if item.mime_type not in types:
            problems.append(
                _("%(network)s does not take %(type)s images.")
                % {"network": network, "type": item.mime_type}
            )
        if len(item.content) > max_bytes:
            problems.append(
                _("An image is larger than the %(maximum)s bytes %(network)s takes.")
                % {"network": network, "maximum": max_bytes}
            )
    return problems
