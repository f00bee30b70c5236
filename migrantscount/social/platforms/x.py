"""X (API v2): OAuth 2 with PKCE, posts with images and alt text, lookups, metrics.

Plain `httpx`, not `tweepy` 4.17 or X's `xdk` 0.10: tweepy posts media through
the v1.1 upload endpoint and hard-codes its hosts; xdk (generated from the OpenAPI
spec, requests-based) folds a read timeout after the request left into the same
error as a refused connection, and neither lets a fake server stand in for
api.x.com in tests. Here a refused connection is a plain retry and anything after
the request left is `ambiguous`.

- Connecting: OAuth 2.0 authorization code with PKCE (S256) and `offline.access`
  (`authorization_url`, `exchange_code`, `identities` through `GET /2/users/me`).
  Access tokens last two hours (`expires_in` 7200); `refresh` trades the refresh
  token for a new pair (X rotates refresh tokens: the old one stops working). A call
  whose token has expired, or that X answers 401, refreshes once with the campaign's
  app (`SOCIAL_OAUTH_CLIENTS["x"]`) and tries again; a refused
  refresh means a person must reconnect.
- Publishing: each image by the chunked upload (`POST /2/media/upload/initialize`,
  `…/{id}/append` in 1 MiB segments, `…/{id}/finalize`, then `GET /2/media/upload`
  while `processing_info` says so) and its alt text by `POST /2/media/metadata`;
  then `POST /2/tweets`.
- X has no idempotency key: after an ambiguous failure `lookup` reads the account's
  own posts since `sent_at` (`GET /2/users/{id}/tweets`, t.co links expanded back
  from `entities.urls`, HTML entities undone) before anything is sent again. A
  403 "duplicate content" answer is looked up the same way.
- Limits: `POST /2/tweets` 100 per 15 minutes per user and 10,000 per 24 hours per
  app, `DELETE /2/tweets/:id` 50 per 15 minutes, `POST /2/media/metadata` 500 per
  15 minutes, reads 900 per 15 minutes. The `x-rate-limit-limit/remaining/reset`
  headers (reset in Unix seconds; no `Retry-After`) and the 24-hour
  `x-user-limit-24hour-*` / `x-app-limit-24hour-*` ones give a 429 its time.
- Money: X is pay per use. `price(action, draft)` is what one call costs, from
  `SOCIAL_X_PRICES` (the developer pricing page, Aug 2026: a post $0.015, a post
  with a URL $0.200, a deletion $0.010, media metadata $0.005 a request, a post
  read $0.005).

`weighted_length` follows twitter-text v3 (`config/v3.json`): the text is NFC
normalised; each code point weighs 1 in the ranges U+0000–10FF, U+2000–200D,
U+2010–201F and U+2032–2037 and 2 elsewhere (so "…", "€", "→" and CJK count 2);
an emoji, a whole sequence with its modifiers and ZWJs, counts 2; each URL that
twitter-text's extractor accepts counts 23. URL and emoji extraction come from
`twitter-text-parser` 3.0.0, a port that passes twitter-text's own conformance
cases (`social/tests/test_x.py`). Its emoji table stops at Unicode 11, so an emoji
sequence newer than that (e.g. "❤️‍🔥") would count piece by piece; a grapheme
cluster holding a pictograph with a joiner, modifier or variation selector is
therefore counted as one emoji as well, as X's current clients do.
"""

from __future__ import annotations

import base64
import functools
import html
import time
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import httpx
import regex
from django.conf import settings
from django.utils.translation import gettext as _
from twitter_text import extract_emojis_with_indices, extract_urls_with_indices

from . import rest
from .base import (
    Action,
    Budget,
    Connection,
    Draft,
    Identity,
    Media,
    Metrics,
    OAuthClient,
    PlatformError,
    RateLimit,
    RemoteRef,
    TokenSet,
)

KEY = "x"
NAME = "X"
CAN_DELETE = True
BUDGETS: tuple[Budget, ...] = (
    Budget("posts", 100, timedelta(minutes=15)),
    # Per app in X's table; paced per account here (one campaign app, few accounts).
    Budget("posts_day", 10_000, timedelta(hours=24)),
    Budget("deletes", 50, timedelta(minutes=15)),
    Budget("media", 500, timedelta(minutes=15)),  # POST /2/media/metadata
    Budget("reads", 900, timedelta(minutes=15)),
)
SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")
API_URL = "https://api.x.com"
AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
WEB_URL = "https://x.com"
# The developer pricing page (docs.x.com/x-api/getting-started/pricing, Aug 2026).
PRICES: dict[str, str] = {
    "post": "0.015",
    "post_with_url": "0.200",
    "delete": "0.010",
    "media_metadata": "0.005",
    "post_read": "0.005",
    "user_read": "0.010",
}
CHUNK_BYTES = 1024 * 1024
MEDIA_WAIT_SECONDS = 60.0
LOOKUP_PAGE_SIZE = 10  # the endpoint's minimum is 5; each post read is paid for
LOOKUP_PAGES = 20
LOOKUP_CLOCK_SKEW = timedelta(minutes=5)

MAX_WEIGHTED_LENGTH = 280
TRANSFORMED_URL_LENGTH = 23
SCALE = 100
DEFAULT_WEIGHT = 200
EMOJI_WEIGHT = 200
RANGES = (
    (0x0000, 0x10FF, 100),
    (0x2000, 0x200D, 100),
    (0x2010, 0x201F, 100),
    (0x2032, 0x2037, 100),
)
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_ALT_TEXT = 1_000
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")

_GRAPHEME = regex.compile(r"\X")
_PICTOGRAPH = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")
_SEQUENCE_MARK = regex.compile(r"[\u200d\ufe0f\p{Emoji_Modifier}\U000E0020-\U000E007F]")


def _weight(character: str) -> int:
    code_point = ord(character)
    for start, end, weight in RANGES:
        if start <= code_point <= end:
            return weight
    return DEFAULT_WEIGHT


def _emoji_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every emoji: twitter-text's, widened to whole sequences."""
    spans = [tuple(item["indices"]) for item in extract_emojis_with_indices(text)]
    position = 0
    for cluster in _GRAPHEME.findall(text):
        start, end = position, position + len(cluster)
        position = end
        if (
            len(cluster) > 1
            and _PICTOGRAPH.search(cluster)
            and _SEQUENCE_MARK.search(cluster)
        ):
            spans = [s for s in spans if s[1] <= start or s[0] >= end]
            spans.append((start, end))
    return sorted((int(start), int(end)) for start, end in spans)


def weighted_length(text: str) -> int:
    """The length X counts against its 280 (twitter-text v3)."""
    text = unicodedata.normalize("NFC", text)
    counted: dict[int, int] = {}  # start index -> (end index) of a counted unit
    weights: dict[int, int] = {}
    for item in extract_urls_with_indices(text):
        start, end = item["indices"]
        counted[start], weights[start] = end, TRANSFORMED_URL_LENGTH * SCALE
    for start, end in _emoji_spans(text):
        if not any(s <= start < e for s, e in counted.items()):
            counted[start], weights[start] = end, EMOJI_WEIGHT
    total = 0
    index = 0
    while index < len(text):
        if index in counted:
            total += weights[index]
            index = counted[index]
        else:
            total += _weight(text[index])
            index += 1
    return total // SCALE


def remaining(text: str) -> int:
    """Weighted characters left before the limit (negative: over)."""
    return MAX_WEIGHTED_LENGTH - weighted_length(text)


# --- settings -----------------------------------------------------------------------


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default) or default


def api_url() -> str:
    return str(_setting("SOCIAL_X_API_URL", API_URL)).rstrip("/")


def new_idempotency_key() -> str:
    """X takes no idempotency key; this one only names the delivery on our side."""
    return uuid.uuid4().hex


# --- money --------------------------------------------------------------------------


def prices() -> dict[str, Decimal]:
    configured = dict(PRICES)
    configured.update(_setting("SOCIAL_X_PRICES", {}))
    return {kind: Decimal(str(value)) for kind, value in configured.items()}


def has_url(draft: Draft) -> bool:
    return bool(draft.link) or bool(extract_urls_with_indices(draft.text))


def delivery_kind(draft: Draft) -> str:
    """X's price category for this post: "post" or "post_with_url"."""
    return "post_with_url" if has_url(draft) else "post"


def price(action: Action, draft: Draft | None) -> Decimal:
    """What one call of `action` costs on X, in US dollars (prices from settings).

    A lookup before a retry reads at most one page of the account's posts; a
    metrics read is one post read.
    """
    table = prices()
    if action == Action.PUBLISH:
        if draft is None:
            return table["post"]
        return table[delivery_kind(draft)] + table["media_metadata"] * len(draft.media)
    if action == Action.DELETE:
        return table["delete"]
    if action == Action.LOOKUP:
        return table["post_read"] * LOOKUP_PAGE_SIZE
    if action == Action.METRICS:
        return table["post_read"]
    return Decimal("0")


# --- the Platform interface ---------------------------------------------------------


def validate(draft: Draft, connection: Connection | None) -> list[str]:
    problems: list[str] = []
    length = weighted_length(draft.text)
    if length > MAX_WEIGHTED_LENGTH:
        problems.append(
            _("The text counts %(length)s on X; X allows %(maximum)s.")
            % {"length": length, "maximum": MAX_WEIGHTED_LENGTH}
        )
    if not draft.text.strip() and not draft.media:
        problems.append(_("An X post needs a text or an image."))
    return problems + rest.image_problems(
        draft.media,
        network=NAME,
        max_images=MAX_IMAGES,
        max_bytes=MAX_IMAGE_BYTES,
        max_alt_text=MAX_ALT_TEXT,
        types=IMAGE_TYPES,
    )


def cost(action: Action, draft: Draft | None) -> dict[str, int]:
    images = len(draft.media) if draft is not None else 0
    if action == Action.PUBLISH:
        return {"posts": 1, "posts_day": 1, "media": images}
    if action == Action.DELETE:
        return {"deletes": 1}
    return {"reads": 1}  # a lookup page or a metrics read


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    media_ids = [_upload(connection, media) for media in draft.media]
    payload: dict[str, Any] = {"text": draft.text}
    if media_ids:
        payload["media"] = {"media_ids": media_ids}
    sent_at = datetime.now(UTC)
    try:
        response = _call(
            connection,
            "POST",
            "/2/tweets",
            json=payload,
            ambiguous_after_send=True,
        )
    except PlatformError as error:
        if not _is_duplicate(error):
            raise
        # X refuses a text the account already posted: if that post is from the
        # last hour (this delivery's earlier tries), it went out with an answer
        # lost on the way back; an older one (a recurring text) is a refusal.
        found = lookup(
            connection,
            draft,
            idempotency_key=idempotency_key,
            sent_at=sent_at - rest.DUPLICATE_LOOKBACK,
        )
        if found is not None:
            return found
        raise
    return _ref(connection, str(response.json()["data"]["id"]))


def _is_duplicate(error: PlatformError) -> bool:
    return error.status == 403 and "duplicate" in error.message.lower()


def _upload(connection: Connection, media: Media) -> str:
    """The chunked upload, then the alt text; returns the media id."""
    started = _call(
        connection,
        "POST",
        "/2/media/upload/initialize",
        json={
            "media_type": media.mime_type,
            "total_bytes": len(media.content),
            "media_category": "tweet_image",
        },
    ).json()
    media_id = str(started["data"]["id"])
    for segment, offset in enumerate(range(0, len(media.content), CHUNK_BYTES)):
        _call(
            connection,
            "POST",
            f"/2/media/upload/{media_id}/append",
            data={"segment_index": str(segment)},
            files={
                "media": (
                    "chunk",
                    media.content[offset : offset + CHUNK_BYTES],
                    "application/octet-stream",
                )
            },
        )
    finished = _call(connection, "POST", f"/2/media/upload/{media_id}/finalize").json()
    _await_processing(connection, media_id, finished["data"].get("processing_info"))
    _call(
        connection,
        "POST",
        "/2/media/metadata",
        json={"id": media_id, "metadata": {"alt_text": {"text": media.alt_text}}},
    )
    return media_id


def _await_processing(
    connection: Connection, media_id: str, info: dict[str, Any] | None
) -> None:
    deadline = time.monotonic() + MEDIA_WAIT_SECONDS
    while info and info.get("state") in ("pending", "in_progress"):
        if time.monotonic() >= deadline:
            raise PlatformError(
                _("X is still processing the image; trying again later.")
            )
        time.sleep(min(float(info.get("check_after_secs") or 1), 5.0))
        info = (
            _call(
                connection,
                "GET",
                "/2/media/upload",
                params={"command": "STATUS", "media_id": media_id},
            )
            .json()["data"]
            .get("processing_info")
        )
    if info and info.get("state") == "failed":
        error = info.get("error") or {}
        raise PlatformError(
            _("X could not process the image: %(error)s")
            % {"error": error.get("message") or error.get("name") or "failed"},
            permanent=True,
        )


def lookup(
    connection: Connection,
    draft: Draft,
    *,
    idempotency_key: str,
    sent_at: datetime,
) -> RemoteRef | None:
    """The post this draft became, from the account's own posts since `sent_at`."""
    user_id = _user_id(connection)
    wanted = rest.plain(draft.text)
    since = (sent_at - LOOKUP_CLOCK_SKEW).astimezone(UTC)
    params = {
        "start_time": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "max_results": str(LOOKUP_PAGE_SIZE),
        "exclude": "replies,retweets",
        "tweet.fields": "created_at,entities,attachments",
    }
    for _page in range(LOOKUP_PAGES):
        body = _call(
            connection, "GET", f"/2/users/{user_id}/tweets", params=params
        ).json()
        for post in body.get("data") or []:
            if rest.plain(_posted_text(post)) == wanted:
                return _ref(connection, str(post["id"]))
        next_token = (body.get("meta") or {}).get("next_token")
        if not next_token:
            return None
        params["pagination_token"] = str(next_token)
    raise PlatformError(
        _(
            "Could not tell whether X took this post: more than %(count)s posts "
            "since it was sent. Check the account before sending it again."
        )
        % {"count": LOOKUP_PAGES * LOOKUP_PAGE_SIZE},
        permanent=True,
    )


def delete(connection: Connection, ref: RemoteRef) -> None:
    try:
        _call(connection, "DELETE", f"/2/tweets/{ref.remote_id}")
    except PlatformError as error:
        if error.status != 404:
            raise


def metrics(connection: Connection, ref: RemoteRef) -> Metrics:
    body = _call(
        connection,
        "GET",
        f"/2/tweets/{ref.remote_id}",
        params={"tweet.fields": "public_metrics"},
    ).json()
    counts = (body.get("data") or {}).get("public_metrics") or {}
    return Metrics(
        likes=counts.get("like_count"),
        reposts=counts.get("retweet_count"),
        replies=counts.get("reply_count"),
        quotes=counts.get("quote_count"),
        views=counts.get("impression_count"),
        raw=dict(counts),
    )


# --- OAuth 2 ------------------------------------------------------------------------


def authorization_url(client: OAuthClient, *, state: str, code_challenge: str) -> str:
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "scope": " ".join(client.scopes or SCOPES),
        "state": state,
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    base = str(_setting("SOCIAL_X_AUTHORIZE_URL", AUTHORIZE_URL))
    return f"{base}?{urlencode(params)}"


def exchange_code(client: OAuthClient, *, code: str, code_verifier: str) -> TokenSet:
    return _token(
        client,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": client.redirect_uri,
            "code_verifier": code_verifier,
        },
    )


def refresh(client: OAuthClient, connection: Connection) -> TokenSet:
    refresh_token = connection.credentials.get("refresh_token", "")
    if not refresh_token:
        raise PlatformError(
            _("This X connection has no refresh token: reconnect the account."),
            needs_reconnect=True,
        )
    return _token(
        client, {"grant_type": "refresh_token", "refresh_token": refresh_token}
    )


def identities(client: OAuthClient, tokens: TokenSet) -> list[Identity]:
    """The X user the token belongs to (X tokens post as that one user)."""
    connection = Connection(
        base_url=api_url(), handle="", credentials={"access_token": tokens.access_token}
    )
    user = _call(connection, "GET", "/2/users/me", refresh_on_401=False).json()["data"]
    credentials = {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "user_id": str(user["id"]),
        "username": str(user["username"]),
        **tokens.extra,
    }
    return [
        Identity(
            remote_id=str(user["id"]),
            handle=f"@{user['username']}",
            credentials=credentials,
            base_url=api_url(),
            expires_at=tokens.expires_at,
        )
    ]


def _token(client: OAuthClient, form: dict[str, str]) -> TokenSet:
    """`POST /2/oauth2/token`: Basic auth for a confidential client, else client_id."""
    headers: dict[str, str] = {}
    if client.client_secret:
        pair = f"{client.client_id}:{client.client_secret}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    else:
        form = {**form, "client_id": client.client_id}
    body = rest.token_answer(
        f"{api_url()}/2/oauth2/token",
        form,
        network=NAME,
        headers=headers,
        message=_message,
        error=functools.partial(_error, ambiguous_after_send=False),
    )
    expires_at = None
    if body.get("expires_in"):
        expires_at = datetime.now(UTC) + timedelta(seconds=int(body["expires_in"]))
    return TokenSet(
        access_token=str(body["access_token"]),
        refresh_token=str(body.get("refresh_token") or ""),
        expires_at=expires_at,
        scopes=tuple(str(body.get("scope") or "").split()),
        extra={"expires_at": expires_at.isoformat()} if expires_at else {},
    )


def _refresh_in_place(connection: Connection) -> bool:
    """Renew the connection's tokens with the campaign's app; False if impossible."""
    return rest.refresh_in_place(
        connection, rest.client_from_settings(KEY, SCOPES), refresh
    )


# --- HTTP ---------------------------------------------------------------------------


def _base(connection: Connection) -> str:
    return (connection.base_url or api_url()).rstrip("/")


def _user_id(connection: Connection) -> str:
    user_id = connection.credentials.get("user_id")
    if not user_id:
        user = _call(connection, "GET", "/2/users/me").json()["data"]
        user_id = str(user["id"])
        connection.replace_credentials(user_id=user_id)
    return user_id


def _call(
    connection: Connection,
    method: str,
    path: str,
    *,
    ambiguous_after_send: bool = False,
    refresh_on_401: bool = True,
    **kwargs: Any,
) -> httpx.Response:
    """One request with the account's token; anything but a 2xx is a PlatformError.

    An expired token (by its recorded expiry, or a 401) is refreshed once first.
    """
    response = rest.send_refreshing(
        connection,
        functools.partial(
            _send, connection, method, path, ambiguous_after_send, **kwargs
        ),
        renew=functools.partial(_refresh_in_place, connection),
        refresh_on_401=refresh_on_401,
    )
    connection.rate_limit = _rate_limit(response) or connection.rate_limit
    if response.is_success:
        return response
    raise _error(response, ambiguous_after_send=ambiguous_after_send)


def _send(
    connection: Connection,
    method: str,
    path: str,
    ambiguous_after_send: bool,
    **kwargs: Any,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {connection.credentials['access_token']}"}
    return rest.send(
        method,
        f"{_base(connection)}{path}",
        network=NAME,
        ambiguous_after_send=ambiguous_after_send,
        headers=headers,
        **kwargs,
    )


def _error(response: httpx.Response, *, ambiguous_after_send: bool) -> PlatformError:
    message = _message(response)
    status = response.status_code
    if status == 429:
        return PlatformError(message, retry_at=_retry_at(response), status=status)
    if status == 401:
        return PlatformError(message, needs_reconnect=True, status=status)
    if status >= 500:
        return PlatformError(message, ambiguous=ambiguous_after_send, status=status)
    return PlatformError(message, permanent=True, status=status)


def _message(response: httpx.Response) -> str:
    """X's own words: a problem's `title: detail`, an OAuth error or v1 `errors`."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        if body.get("detail") or body.get("title"):
            parts = [str(body.get("title") or ""), str(body.get("detail") or "")]
            return ": ".join(part for part in parts if part)
        if body.get("error"):
            parts = [str(body["error"]), str(body.get("error_description") or "")]
            return ": ".join(part for part in parts if part)
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            return str(first.get("message") or first.get("detail") or errors[0])
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


def _rate_limit(response: httpx.Response) -> RateLimit | None:
    headers = response.headers
    if "x-rate-limit-limit" not in headers:
        return None
    return RateLimit(
        limit=_int(headers.get("x-rate-limit-limit")),
        remaining=_int(headers.get("x-rate-limit-remaining")),
        reset_at=_epoch(headers.get("x-rate-limit-reset")),
    )


def _retry_at(response: httpx.Response) -> datetime:
    """When the exhausted window ends: the 15-minute one or a 24-hour one."""
    headers = response.headers
    candidates = []
    for prefix in ("x-rate-limit", "x-user-limit-24hour", "x-app-limit-24hour"):
        reset = _epoch(headers.get(f"{prefix}-reset"))
        if reset is not None and _int(headers.get(f"{prefix}-remaining")) == 0:
            candidates.append(reset)
    if not candidates:
        reset = _epoch(headers.get("x-rate-limit-reset"))
        candidates.append(reset or datetime.now(UTC) + timedelta(minutes=15))
    return max(candidates)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _epoch(value: str | None) -> datetime | None:
    seconds = _int(value)
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds is not None else None


def _ref(connection: Connection, post_id: str) -> RemoteRef:
    username = connection.credentials.get("username") or connection.handle.lstrip("@")
    web = str(_setting("SOCIAL_X_WEB_URL", WEB_URL)).rstrip("/")
    url = f"{web}/{username}/status/{post_id}" if username else f"{web}/i/{post_id}"
    return RemoteRef(remote_id=post_id, uri=url, url=url)


def _posted_text(post: dict[str, Any]) -> str:
    """A post's text as it was sent: t.co links expanded, the media link dropped,
    the HTML entities X writes (&amp; &lt; &gt;) undone."""
    text = str(post.get("text") or "")
    urls = (post.get("entities") or {}).get("urls") or []
    for entity in sorted(urls, key=lambda item: -int(item.get("start", 0))):
        short = str(entity.get("url") or "")
        if not short or short not in text:
            continue
        replacement = (
            "" if entity.get("media_key") else str(entity.get("expanded_url") or short)
        )
        text = text.replace(short, replacement)
    return html.unescape(text)
