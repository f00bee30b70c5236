"""Mastodon (any instance), over its documented REST API.

Plain `httpx`, not `Mastodon.py` 2.3.3: Mastodon.py can send an `Idempotency-Key`
and keeps the last `X-RateLimit-*` values, but it turns every transport failure into
one `MastodonNetworkError` (a refused connection, where nothing was sent, looks the
same as a read timeout after the instance may have posted), has no PKCE in its
authorization helpers, and checks versions with calls of its own. Here a refused
connection is a plain retry and anything after the request left is `ambiguous`.

- Connecting: `register_app` (`POST /api/v1/apps`), `authorization_url` (with a PKCE
  S256 challenge where `supports_pkce`), `exchange_code` (`POST /oauth/token`). Tokens
  do not expire; a revoked one answers 401 and the account needs reconnecting.
- Publishing: images through `POST /api/v2/media` (202 means still processing: poll
  `GET /api/v1/media/:id`, 206 while processing, a bounded wait), then
  `POST /api/v1/statuses` with `language` and the delivery's `Idempotency-Key`, which
  the instance keeps about an hour: a retry with the same key answers the same status.
- `lookup` never posts: it reads the account's own statuses since `sent_at` and
  matches the text, so it also works past the key's hour.
- Limits: the documented 300 requests / 5 min, 30 media uploads and 30 deletes /
  30 min, plus Mastodon's status-creation limit of 300 / 3 h (`RateLimiter`
  `statuses` family in Mastodon's source; the API docs do not list it, the
  `X-RateLimit-*` headers of `POST /api/v1/statuses` report it).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from django.utils.translation import gettext as _

from . import rest
from . import text as text_counts
from .base import (
    Action,
    Budget,
    Connection,
    Draft,
    Media,
    Metrics,
    PlatformError,
    RateLimit,
    RemoteRef,
)

KEY = "mastodon"
NAME = "Mastodon"
CAN_DELETE = True
BUDGETS: tuple[Budget, ...] = (
    Budget("requests", 300, timedelta(minutes=5)),
    Budget("media", 30, timedelta(minutes=30)),
    Budget("deletes", 30, timedelta(minutes=30)),
    Budget("statuses", 300, timedelta(hours=3)),
)
SCOPES = "read:accounts read:statuses write:media write:statuses"
CLIENT_NAME = "Migrants Count"
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
MEDIA_WAIT_SECONDS = 60.0
# Pages of 40 statuses read back to `sent_at` at most: a busy account held by its
# limits for hours posts many statuses between a failure and its lookup. Past that,
# the lookup says it cannot tell rather than "not there".
LOOKUP_PAGES = 200
LOOKUP_CLOCK_SKEW = timedelta(minutes=5)

# Documented defaults, for an instance that has not said otherwise.
DEFAULTS: dict[str, Any] = {
    "max_characters": 500,
    "characters_reserved_per_url": 23,
    "max_media_attachments": 4,
    "description_limit": 1500,
    "image_size_limit": 16 * 1024 * 1024,
    "image_matrix_limit": 33_177_600,
    "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp"],
}


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


# --- connecting an account --------------------------------------------------------


def normalize_instance_url(instance_url: str) -> str:
    """`mastodon.social` -> `https://mastodon.social` (no path, no trailing slash)."""
    value = instance_url.strip()
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    return f"{parts.scheme}://{parts.netloc}".lower()


def register_app(instance_url: str, redirect_uri: str) -> dict[str, str]:
    """Registers this platform on the instance; keep the answer with the account."""
    base = normalize_instance_url(instance_url)
    body = _call(
        "POST",
        f"{base}/api/v1/apps",
        json={
            "client_name": CLIENT_NAME,
            "redirect_uris": [redirect_uri],
            "scopes": SCOPES,
        },
    ).json()
    return {
        "client_id": str(body["client_id"]),
        "client_secret": str(body["client_secret"]),
        "scopes": SCOPES,
    }


def new_code_verifier() -> str:
    """A PKCE code verifier (RFC 7636: 43 to 128 unreserved characters)."""
    return secrets.token_urlsafe(64)


def code_challenge(code_verifier: str) -> str:
    digest = hashlib.sha256(code_verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(
    instance_url: str,
    client_id: str,
    redirect_uri: str,
    state: str,
    code_challenge: str | None,
) -> str:
    """Where to send the person; the instance comes back with `code` and `state`."""
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
        "state": state,
    }
    if code_challenge is not None:
        params["code_challenge"] = code_challenge
        params["code_challenge_method"] = "S256"
    return f"{normalize_instance_url(instance_url)}/oauth/authorize?{urlencode(params)}"


def exchange_code(
    instance_url: str,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    code: str,
    code_verifier: str | None = None,
) -> dict[str, str]:
    """The account's credentials (access token, its app, its account id).

    The caller checks `state` before calling. Raises `PlatformError` (permanent) for
    a code the instance refuses.
    """
    base = normalize_instance_url(instance_url)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uri": redirect_uri,
    }
    if code_verifier is not None:
        form["code_verifier"] = code_verifier
    token = _call("POST", f"{base}/oauth/token", data=form).json()
    access_token = str(token["access_token"])
    account = fetch_account(base, access_token)
    return {
        "access_token": access_token,
        "client_id": client_id,
        "client_secret": client_secret,
        "account_id": account["id"],
    }


def fetch_account(instance_url: str, access_token: str) -> dict[str, str]:
    """Who the token belongs to: id, handle (`@name@instance`), display name, URL."""
    base = normalize_instance_url(instance_url)
    body = _call(
        "GET",
        f"{base}/api/v1/accounts/verify_credentials",
        headers=_auth(access_token),
    ).json()
    host = urlsplit(base).netloc
    return {
        "id": str(body["id"]),
        "handle": f"@{body['username']}@{host}",
        "display_name": str(body.get("display_name") or body["username"]),
        "url": str(body.get("url") or ""),
    }


def fetch_instance_settings(base_url: str) -> dict[str, Any]:
    """What the instance says about itself, flattened for `Account.instance_settings`.

    `/api/v2/instance` (Mastodon 4.0+) for the limits; the OAuth server metadata
    (4.3+, 404 before) for PKCE. Missing values fall back to the documented defaults.
    """
    base = normalize_instance_url(base_url)
    instance = _call("GET", f"{base}/api/v2/instance").json()
    configuration = instance.get("configuration") or {}
    statuses = configuration.get("statuses") or {}
    media = configuration.get("media_attachments") or {}
    settings: dict[str, Any] = {
        "domain": str(instance.get("domain") or urlsplit(base).netloc),
        "title": str(instance.get("title") or ""),
        "version": str(instance.get("version") or ""),
        "api_version": (instance.get("api_versions") or {}).get("mastodon"),
    }
    for name in (
        "max_characters",
        "characters_reserved_per_url",
        "max_media_attachments",
    ):
        settings[name] = statuses.get(name, DEFAULTS[name])
    for name in (
        "description_limit",
        "image_size_limit",
        "image_matrix_limit",
        "supported_mime_types",
    ):
        settings[name] = media.get(name, DEFAULTS[name])
    settings["code_challenge_methods"] = _code_challenge_methods(base)
    return settings


def _code_challenge_methods(base: str) -> list[str]:
    try:
        response = _call("GET", f"{base}/.well-known/oauth-authorization-server")
    except PlatformError:
        return []  # before 4.3: 404, no PKCE
    methods = response.json().get("code_challenge_methods_supported") or []
    return [str(method) for method in methods]


def supports_pkce(instance_settings: dict[str, Any]) -> bool:
    """PKCE arrived in Mastodon 4.3: from the OAuth metadata, else the version."""
    if "S256" in (instance_settings.get("code_challenge_methods") or []):
        return True
    if instance_settings.get("api_version"):  # api_versions exist from 4.3 on
        return True
    match = re.match(r"(\d+)\.(\d+)", str(instance_settings.get("version") or ""))
    if match is None:
        return False
    return (int(match[1]), int(match[2])) >= (4, 3)


# --- the Platform interface ---------------------------------------------------------


def _limit(connection: Connection | None, name: str) -> Any:
    settings = connection.settings if connection is not None else {}
    value = settings.get(name)
    return DEFAULTS[name] if value is None else value


def validate(draft: Draft, connection: Connection | None) -> list[str]:
    problems = []
    maximum = int(_limit(connection, "max_characters"))
    length = text_counts.mastodon_length(
        draft.text,
        characters_reserved_per_url=int(
            _limit(connection, "characters_reserved_per_url")
        ),
    )
    if length > maximum:
        problems.append(
            _(
                "The text counts %(length)s characters on Mastodon; "
                "this instance allows %(maximum)s."
            )
            % {"length": length, "maximum": maximum}
        )
    if not draft.text.strip() and not draft.media:
        problems.append(_("A Mastodon post needs a text or an image."))
    problems.extend(_validate_media(draft, connection))
    return problems


def _validate_media(draft: Draft, connection: Connection | None) -> list[str]:
    problems = []
    maximum = int(_limit(connection, "max_media_attachments"))
    if len(draft.media) > maximum:
        problems.append(
            _("This Mastodon instance takes at most %(maximum)s images per post.")
            % {"maximum": maximum}
        )
    description_limit = int(_limit(connection, "description_limit"))
    size_limit = int(_limit(connection, "image_size_limit"))
    matrix_limit = int(_limit(connection, "image_matrix_limit"))
    mime_types = list(_limit(connection, "supported_mime_types"))
    for media in draft.media:
        if not media.alt_text.strip():
            problems.append(_("Every image needs an alt text."))
        elif len(media.alt_text) > description_limit:
            problems.append(
                _(
                    "An alt text is longer than the %(maximum)s characters Mastodon takes."
                )
                % {"maximum": description_limit}
            )
        if len(media.content) > size_limit:
            problems.append(
                _("An image is larger than the %(maximum)s bytes this instance takes.")
                % {"maximum": size_limit}
            )
        if media.width * media.height > matrix_limit:
            problems.append(
                _("An image has more than the %(maximum)s pixels this instance takes.")
                % {"maximum": matrix_limit}
            )
        if media.mime_type not in mime_types:
            problems.append(
                _("This instance does not take %(type)s images.")
                % {"type": media.mime_type}
            )
    return problems


def cost(action: Action, draft: Draft | None) -> dict[str, int]:
    images = len(draft.media) if draft is not None else 0
    if action == Action.PUBLISH:
        # An upload, usually one processing poll, then the status itself.
        return {"requests": 1 + 2 * images, "media": images, "statuses": 1}
    if action == Action.DELETE:
        return {"requests": 1, "deletes": 1}
    return {"requests": 1}


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    media_ids = [_upload(connection, media) for media in draft.media]
    payload: dict[str, Any] = {
        "status": draft.text,
        "language": draft.language,
        "visibility": "public",
    }
    if media_ids:
        payload["media_ids"] = media_ids
    response = _call(
        "POST",
        f"{_base(connection)}/api/v1/statuses",
        connection=connection,
        json=payload,
        headers={"Idempotency-Key": idempotency_key},
        ambiguous_after_send=True,
    )
    return _ref(response.json())


def _upload(connection: Connection, media: Media) -> str:
    response = _call(
        "POST",
        f"{_base(connection)}/api/v2/media",
        connection=connection,
        files={"file": ("image", media.content, media.mime_type)},
        data={"description": media.alt_text},
    )
    body = response.json()
    media_id = str(body["id"])
    if response.status_code == 200 and body.get("url"):
        return media_id
    deadline = time.monotonic() + MEDIA_WAIT_SECONDS
    pause = 0.25
    while time.monotonic() < deadline:
        time.sleep(pause)
        pause = min(pause * 2, 4.0)
        poll = _call(
            "GET", f"{_base(connection)}/api/v1/media/{media_id}", connection=connection
        )
        if poll.status_code == 200:
            return media_id
    raise PlatformError(
        _("Mastodon is still processing the image; trying again later.")
    )


def lookup(
    connection: Connection,
    draft: Draft,
    *,
    idempotency_key: str,
    sent_at: datetime,
) -> RemoteRef | None:
    """The status this draft became, from the account's own statuses since `sent_at`.

    Reads back page by page to `sent_at` (minus a clock margin): a status taken
    hours before the lookup, past the key's hour, is still found.
    """
    account_id = _account_id(connection)
    wanted = _plain(draft.text)
    since = sent_at - LOOKUP_CLOCK_SKEW
    max_id = ""
    for _page in range(LOOKUP_PAGES):
        params = {"limit": "40", "exclude_reblogs": "true", "exclude_replies": "true"}
        if max_id:
            params["max_id"] = max_id
        statuses = _call(
            "GET",
            f"{_base(connection)}/api/v1/accounts/{account_id}/statuses",
            connection=connection,
            params=params,
        ).json()
        for status in statuses:
            if _created_at(status) < since:
                continue
            if _plain(_html_to_text(str(status.get("content") or ""))) == wanted:
                return _ref(status)
        if not statuses or _created_at(statuses[-1]) < since:
            return None
        max_id = str(statuses[-1]["id"])
    raise PlatformError(
        _(
            "Could not tell whether Mastodon took this post: more than %(count)s "
            "statuses since it was sent. Check the account before sending it again."
        )
        % {"count": LOOKUP_PAGES * 40},
        permanent=True,
    )


def delete(connection: Connection, ref: RemoteRef) -> None:
    try:
        _call(
            "DELETE",
            f"{_base(connection)}/api/v1/statuses/{ref.remote_id}",
            connection=connection,
            params={"delete_media": "true"},  # 4.4+; older instances ignore it
        )
    except PlatformError as error:
        if error.status != 404:
            raise


def metrics(connection: Connection, ref: RemoteRef) -> Metrics:
    """The status's counts (`GET /api/v1/statuses/:id`): favourites, boosts, replies
    and, from Mastodon 4.5, quotes. Mastodon reports no views. The counts are what
    this instance knows, which for remote interactions may lag."""
    status = _call(  # a deleted status: 404, a permanent PlatformError
        "GET",
        f"{_base(connection)}/api/v1/statuses/{ref.remote_id}",
        connection=connection,
    ).json()

    def count(name: str) -> int | None:
        value = status.get(name)
        return int(value) if isinstance(value, int) else None

    return Metrics(
        likes=count("favourites_count"),
        reposts=count("reblogs_count"),
        replies=count("replies_count"),
        quotes=count("quotes_count"),
        raw={
            name: status[name]
            for name in (
                "favourites_count",
                "reblogs_count",
                "replies_count",
                "quotes_count",
            )
            if name in status
        },
    )


# --- HTTP ----------------------------------------------------------------------------


def _base(connection: Connection) -> str:
    return normalize_instance_url(connection.base_url)


def _auth(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def _account_id(connection: Connection) -> str:
    account_id = connection.credentials.get("account_id")
    if not account_id:
        token = connection.credentials["access_token"]
        account_id = fetch_account(connection.base_url, token)["id"]
        connection.replace_credentials(account_id=account_id)
    return account_id


def _call(
    method: str,
    url: str,
    *,
    connection: Connection | None = None,
    headers: dict[str, str] | None = None,
    ambiguous_after_send: bool = False,
    **kwargs: Any,
) -> httpx.Response:
    """One request; anything but a 2xx becomes a `PlatformError`.

    With `ambiguous_after_send`, a failure once the request may have reached the
    instance (timeout, dropped connection, 5xx) is marked `ambiguous`.
    """
    all_headers = dict(headers or {})
    if connection is not None:
        all_headers.update(_auth(connection.credentials["access_token"]))
    try:
        with httpx.Client(
            timeout=TIMEOUT, follow_redirects=False, verify=rest.ssl_context()
        ) as client:
            response = client.request(method, url, headers=all_headers, **kwargs)
    except (
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.PoolTimeout,
        httpx.UnsupportedProtocol,
    ) as error:
        # Nothing reached the instance.
        raise PlatformError(
            _("Could not reach the Mastodon instance: %(error)s") % {"error": error}
        ) from error
    except httpx.HTTPError as error:
        raise PlatformError(
            _("No answer from the Mastodon instance: %(error)s") % {"error": error},
            ambiguous=ambiguous_after_send,
        ) from error
    if connection is not None:
        connection.rate_limit = _rate_limit(response) or connection.rate_limit
    if response.is_success:
        return response
    raise _error(response, ambiguous_after_send=ambiguous_after_send)


def _error(response: httpx.Response, *, ambiguous_after_send: bool) -> PlatformError:
    message = _message(response)
    status = response.status_code
    if status == 429:
        limit = _rate_limit(response)
        return PlatformError(
            message,
            retry_at=limit.reset_at if limit else None,
            status=status,
        )
    if status in (401, 403):
        return PlatformError(message, needs_reconnect=True, status=status)
    if status >= 500:
        return PlatformError(message, ambiguous=ambiguous_after_send, status=status)
    return PlatformError(message, permanent=True, status=status)


def _message(response: httpx.Response) -> str:
    """The instance's own words (`error`, `error_description`) or the status line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("error"):
        parts = [str(body["error"]), str(body.get("error_description") or "")]
        return ": ".join(part for part in parts if part)
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


def _rate_limit(response: httpx.Response) -> RateLimit | None:
    headers = response.headers
    if "X-RateLimit-Limit" not in headers and "X-RateLimit-Reset" not in headers:
        return None
    return RateLimit(
        limit=_int(headers.get("X-RateLimit-Limit")),
        remaining=_int(headers.get("X-RateLimit-Remaining")),
        reset_at=_timestamp(headers.get("X-RateLimit-Reset")),
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _created_at(status: dict[str, Any]) -> datetime:
    return _timestamp(str(status.get("created_at") or "")) or datetime.now(UTC)


def _ref(status: dict[str, Any]) -> RemoteRef:
    return RemoteRef(
        remote_id=str(status["id"]),
        uri=str(status.get("uri") or ""),
        url=str(status.get("url") or status.get("uri") or ""),
    )


_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</p>\s*<p[^>]*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def _html_to_text(content: str) -> str:
    """Mastodon's rendered HTML back to the text that was posted."""
    content = _PARAGRAPH.sub("\n\n", content)
    content = _BREAK.sub("\n", content)
    return html.unescape(_TAG.sub("", content))


def _plain(value: str) -> str:
    return _SPACE.sub(" ", value).strip()
