"""Bluesky (AT Protocol): app-password sessions, posts with facets, images and gates.

Calls go through the `atproto` SDK's XRPC client (`ClientRaw`: typed requests and
models, no session magic), with the session handled here so that a refreshed token
reaches `Connection.replace_credentials` and every answer's `RateLimit-*` headers
reach `Connection.rate_limit` (an httpx response hook on the SDK's client).

Exactly once: the record key is the delivery's idempotency key (a TID fixed before
the first call). The post and, when replies are limited, its threadgate (only
mentioned accounts may reply) and postgate (quoting disabled: quote posts are how
harassment of a story spreads) are written by one `applyWrites`, so they exist
together or not at all and a `lookup` of the post answers for all three. Measured on
the PDS: repeating a create with the same key answers HTTP 500 ("InternalServerError"),
never a conflict, so a 500 is treated as ambiguous, never as "not posted".
"""

from __future__ import annotations

import base64
import binascii
import contextvars
import io
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import regex
from atproto_client import exceptions as atproto_errors
from atproto_client import models
from atproto_client.client.raw import ClientRaw
from atproto_client.models.common import XrpcError
from atproto_client.models.utils import get_response_model
from atproto_client.request import Request
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from . import rest
from . import text as counters
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

KEY = "bluesky"
NAME = "Bluesky"
CAN_DELETE = True
BUDGETS: tuple[Budget, ...] = (
    Budget("points_per_hour", 5_000, timedelta(hours=1)),
    Budget("points_per_day", 35_000, timedelta(days=1)),
)
MAX_GRAPHEMES = 300
MAX_BYTES = 3_000
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 1_000_000
MAX_TAG_GRAPHEMES = 64
CREATE_POINTS = 3
DELETE_POINTS = 1

POST = "app.bsky.feed.post"
THREADGATE = "app.bsky.feed.threadgate"
POSTGATE = "app.bsky.feed.postgate"
WEB_URL = "https://bsky.app"
# Bluesky's public AppView: reads (reach counts) without a session.
APPVIEW_URL = "https://public.api.bsky.app"
TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# A token this close to its expiry is refreshed before the call.
REFRESH_MARGIN = timedelta(seconds=60)
# Scopes of a session made with the account's main password (not an app password).
MAIN_PASSWORD_SCOPE = "com.atproto.access"  # noqa: S105 (a scope name)
# The network's errors that mean the credential itself is gone.
RECONNECT_ERRORS = frozenset(
    {
        "AuthenticationRequired",
        "AuthMissing",
        "InvalidToken",
        "AccountTakedown",
        "AccountDeactivated",
        "AccountNotFound",
    }
)

T = TypeVar("T")

# --- record keys --------------------------------------------------------------

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_TID_CLOCK_ID = secrets.randbelow(1024)
_tid_lock = threading.Lock()
_tid_last = 0


def new_idempotency_key() -> str:
    """A TID: 53 bits of microseconds since 1970 and a 10-bit clock id, 13 characters
    of base32-sortable; strictly increasing within a process."""
    global _tid_last
    with _tid_lock:
        micros = max(time.time_ns() // 1000, _tid_last + 1)
        _tid_last = micros
    value = (micros << 10) | _TID_CLOCK_ID
    return "".join(
        _TID_ALPHABET[(value >> (5 * shift)) & 31] for shift in range(12, -1, -1)
    )


# --- checks and costs -----------------------------------------------------------


def validate(draft: Draft, connection: Connection | None = None) -> list[str]:
    problems = []
    graphemes = counters.graphemes(draft.text)
    if graphemes > MAX_GRAPHEMES:
        problems.append(
            _("The text has %(count)s characters; Bluesky allows %(limit)s.")
            % {"count": graphemes, "limit": MAX_GRAPHEMES}
        )
    size = counters.utf8_bytes(draft.text)
    if size > MAX_BYTES:
        problems.append(
            _("The text takes %(count)s bytes; Bluesky allows %(limit)s.")
            % {"count": size, "limit": MAX_BYTES}
        )
    if not draft.text.strip() and not draft.media:
        problems.append(_("A Bluesky post needs a text or an image."))
    if draft.link and draft.link not in draft.text:
        problems.append(_("The link must appear in the text."))
    for tag in draft.hashtags:
        if not _hashtag_spans(draft.text, tag):
            problems.append(
                _("The hashtag #%(tag)s must appear in the text.") % {"tag": tag}
            )
        elif counters.graphemes(tag) > MAX_TAG_GRAPHEMES:
            problems.append(_("The hashtag #%(tag)s is too long.") % {"tag": tag})
    problems.extend(_media_problems(draft.media))
    return problems


def _media_problems(media: tuple[Media, ...]) -> list[str]:
    problems = []
    if len(media) > MAX_IMAGES:
        problems.append(
            _("Bluesky takes at most %(limit)s images; this post has %(count)s.")
            % {"limit": MAX_IMAGES, "count": len(media)}
        )
    for number, item in enumerate(media, start=1):
        if not item.alt_text.strip():
            problems.append(_("Image %(number)s has no alt text.") % {"number": number})
        try:
            _fitted(item.content, item.mime_type)
        except _UnreadableImageError:
            problems.append(_("Image %(number)s cannot be read.") % {"number": number})
        except ValueError:
            problems.append(
                _("Image %(number)s cannot be made smaller than %(limit)s bytes.")
                % {"number": number, "limit": f"{MAX_IMAGE_BYTES:,}"}
            )
    return problems


def cost(action: Action, draft: Draft | None = None) -> dict[str, int]:
    """Write points (`RateLimit` policy "repo-write"): a create costs 3 and a delete 1.
    A post with limited replies creates three records; a delete always removes three
    (the post, its threadgate and its postgate, whether or not they exist)."""
    if action == Action.PUBLISH:
        records = 3 if draft is not None and draft.limit_replies else 1
        points = CREATE_POINTS * records
    elif action == Action.DELETE:
        points = DELETE_POINTS * 3
    else:
        points = 0
    return {budget.name: points for budget in BUDGETS}


# --- images ---------------------------------------------------------------------


@lru_cache(maxsize=8)
def _fitted(content: bytes, mime_type: str) -> tuple[bytes, str, int, int]:
    """The image as uploaded: unchanged when small enough, else re-encoded as JPEG
    (lower quality, then smaller) until it fits; ValueError when it cannot."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if len(content) <= MAX_IMAGE_BYTES:
                return content, mime_type, width, height
            image.load()
            flat = _flatten(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise _UnreadableImageError(str(error)) from error
    for _attempt in range(6):
        for quality in (90, 80, 70):
            buffer = io.BytesIO()
            flat.save(buffer, "JPEG", quality=quality, optimize=True)
            if buffer.tell() <= MAX_IMAGE_BYTES:
                return buffer.getvalue(), "image/jpeg", flat.width, flat.height
        flat = flat.resize((max(1, flat.width * 3 // 4), max(1, flat.height * 3 // 4)))
    raise ValueError("image too large")


class _UnreadableImageError(ValueError):
    pass


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparency over white, as the image would show on a page."""
    if image.mode in {"RGBA", "LA", "P"}:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


# --- session and errors -----------------------------------------------------------


def connect(base_url: str, handle: str, app_password: str) -> dict[str, str]:
    """Create a session with an app password: the credentials to store (encrypted).

    The app password is kept so that a session whose refresh token expired (about 90
    days) is re-created without a person; revoking the app password on Bluesky ends it.
    """
    with _client(Connection(base_url=base_url, handle=handle, credentials={})) as raw:
        session = _wire(
            lambda: _create_session(raw, handle, app_password), writes=False
        )
        credentials = _session_credentials(session)
        if _jwt_claim(credentials["access_jwt"], "scope") == MAIN_PASSWORD_SCOPE:
            raise PlatformError(
                _(
                    "Use an app password (Bluesky settings, Privacy and security, App passwords), not the account's password."
                ),
                needs_reconnect=True,
            )
        auth = {"Authorization": f"Bearer {credentials['access_jwt']}"}
        _wire(lambda: raw.com.atproto.server.get_session(headers=auth), writes=False)
    return {**credentials, "app_password": app_password}


def _create_session(raw: ClientRaw, handle: str, app_password: str) -> Any:
    data = models.ComAtprotoServerCreateSession.Data(
        identifier=handle, password=app_password
    )
    return raw.com.atproto.server.create_session(data)


def _session_credentials(session: Any) -> dict[str, str]:
    if session.active is False:
        raise PlatformError(
            _("The Bluesky account is not active (%(status)s).")
            % {"status": session.status or "inactive"},
            needs_reconnect=True,
        )
    return {
        "did": session.did,
        "handle": session.handle,
        "access_jwt": session.access_jwt,
        "refresh_jwt": session.refresh_jwt,
    }


class _Session:
    """One connection's calls: fresh access token, one refresh-and-retry on
    ExpiredToken, errors translated to PlatformError."""

    def __init__(self, connection: Connection, raw: ClientRaw) -> None:
        self.connection = connection
        self.raw = raw

    @property
    def did(self) -> str:
        return self.connection.credentials["did"]

    def call(self, request: Callable[[dict[str, str]], T], *, writes: bool) -> T:
        if _expired(self.connection.credentials.get("access_jwt", "")):
            self.refresh()
        try:
            return _wire(lambda: request(self._auth()), writes=writes, expired=True)
        except _ExpiredTokenError:
            self.refresh()
        return _wire(lambda: request(self._auth()), writes=writes)

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.connection.credentials['access_jwt']}"}

    def refresh(self) -> None:
        credentials = self.connection.credentials
        auth = {"Authorization": f"Bearer {credentials.get('refresh_jwt', '')}"}
        try:
            session = _wire(
                lambda: self.raw.com.atproto.server.refresh_session(headers=auth),
                writes=False,
                expired=True,
            )
        except (_ExpiredTokenError, PlatformError) as error:
            if isinstance(error, PlatformError) and not error.needs_reconnect:
                raise
            if not credentials.get("app_password"):
                raise PlatformError(
                    _("The Bluesky session ended; reconnect the account."),
                    needs_reconnect=True,
                ) from error
            session = _wire(
                lambda: _create_session(
                    self.raw,
                    credentials.get("did") or self.connection.handle,
                    credentials["app_password"],
                ),
                writes=False,
            )
        self.connection.replace_credentials(**_session_credentials(session))


class _ExpiredTokenError(Exception):
    pass


class _RecordNotFoundError(PlatformError):
    pass


# One XRPC client per (process, thread, server): building an `httpx.Client` and its
# TLS context cost about 30 ms a call, more than the call itself on a local PDS. The
# response hook is the client's, so it finds the call's Connection through a
# context variable set around each use (threads and processes never share one).
_current: contextvars.ContextVar[Connection | None] = contextvars.ContextVar(
    "bluesky_connection", default=None
)
_clients = threading.local()
# Below the usual server keep-alive (Node's 5 s): a pooled connection the server is
# about to close would turn a write into an ambiguous failure (safe, but a lookup).
LIMITS = httpx.Limits(max_connections=10, keepalive_expiry=4.0)


def _record_rate_limit(response: httpx.Response) -> None:
    connection = _current.get()
    if connection is None:
        return
    rate_limit = _rate_limit(response.headers)
    if rate_limit is not None:
        connection.rate_limit = rate_limit


def _shared_client(base_url: str) -> ClientRaw:
    pid = os.getpid()
    if getattr(_clients, "pid", None) != pid:  # a forked child opens its own
        _clients.pid = pid
        _clients.by_url = {}
    by_url: dict[str, ClientRaw] = _clients.by_url
    raw = by_url.get(base_url)
    if raw is None:
        request = Request(
            timeout=TIMEOUT,
            limits=LIMITS,
            verify=rest.ssl_context(),
            event_hooks={"response": [_record_rate_limit]},
        )
        raw = by_url[base_url] = ClientRaw(base_url, request=request)
    return raw


def close_clients() -> None:
    """Close this thread's clients (tests; a process simply exits)."""
    by_url: dict[str, ClientRaw] = getattr(_clients, "by_url", {})
    for raw in by_url.values():
        raw.request.close()
    by_url.clear()


@contextmanager
def _client(connection: Connection) -> Iterator[ClientRaw]:
    token = _current.set(connection)
    try:
        yield _shared_client(connection.base_url)
    finally:
        _current.reset(token)


@contextmanager
def _session(connection: Connection) -> Iterator[_Session]:
    if not connection.credentials.get("did"):
        raise PlatformError(
            _("The Bluesky account is not connected."), needs_reconnect=True
        )
    with _client(connection) as raw:
        yield _Session(connection, raw)


def _rate_limit(headers: httpx.Headers) -> RateLimit | None:
    def number(name: str) -> int | None:
        value = headers.get(name)
        return int(value) if value is not None and value.strip().isdigit() else None

    limit, remaining, reset = (
        number("ratelimit-limit"),
        number("ratelimit-remaining"),
        number("ratelimit-reset"),
    )
    if limit is None and remaining is None and reset is None:
        return None
    reset_at = datetime.fromtimestamp(reset, tz=UTC) if reset is not None else None
    return RateLimit(limit=limit, remaining=remaining, reset_at=reset_at)


def _jwt_claim(token: str, name: str) -> Any:
    """A claim of a JWT's payload, unverified (only to read its expiry and scope)."""
    try:
        payload = token.split(".")[1]
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error):
        return None
    return data.get(name) if isinstance(data, dict) else None


def _expired(token: str) -> bool:
    expires = _jwt_claim(token, "exp")
    if not isinstance(expires, int | float):
        return False
    return datetime.fromtimestamp(expires, tz=UTC) - REFRESH_MARGIN <= datetime.now(UTC)


def _wire(call: Callable[[], T], *, writes: bool, expired: bool = False) -> T:
    """Run one XRPC call; anything but a success becomes a PlatformError (or
    _ExpiredTokenError when `expired` asks the caller to refresh and retry)."""
    try:
        return call()
    except atproto_errors.RequestErrorBase as error:
        if error.response is None:
            raise _transport_error(error.__cause__ or error, writes=writes) from error
        status = error.response.status_code
        code, message = _error_text(error.response.content, status)
        if expired and code == "ExpiredToken":
            raise _ExpiredTokenError(message) from error
        raise _status_error(
            status, code, message, error.response.headers, writes=writes
        ) from error
    except httpx.TransportError as error:
        raise _transport_error(error, writes=writes) from error
    except atproto_errors.ModelError as error:
        # A 2xx whose body is not what the lexicon says: taken, maybe.
        raise PlatformError(str(error), ambiguous=writes) from error


def _error_text(content: Any, status: int) -> tuple[str, str]:
    if isinstance(content, XrpcError):
        return content.error or "", content.message or content.error or str(status)
    return "", f"HTTP {status}"


def _status_error(
    status: int, code: str, message: str, headers: dict[str, Any], *, writes: bool
) -> PlatformError:
    if status == 429:
        reset = headers.get("ratelimit-reset")
        retry_at = (
            datetime.fromtimestamp(int(reset), tz=UTC)
            if reset and str(reset).isdigit()
            else datetime.now(UTC) + timedelta(minutes=1)
        )
        return PlatformError(message, retry_at=retry_at, status=status)
    if code == "RecordNotFound":
        return _RecordNotFoundError(message, permanent=True, status=status)
    if code in RECONNECT_ERRORS or code == "ExpiredToken" or status in {401, 403}:
        return PlatformError(message, needs_reconnect=True, status=status)
    if status >= 500 or status in {408, 409}:
        return PlatformError(message, ambiguous=writes, status=status)
    return PlatformError(message, permanent=True, status=status)


def _transport_error(error: BaseException, *, writes: bool) -> PlatformError:
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        # Nothing reached the server: safe to retry as is.
        return PlatformError(
            _("Bluesky could not be reached (%(error)s).")
            % {"error": type(error).__name__}
        )
    return PlatformError(
        _("Bluesky did not answer (%(error)s).") % {"error": type(error).__name__},
        ambiguous=writes,
    )


# --- posts ------------------------------------------------------------------------


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    problems = validate(draft, connection)
    if problems:
        raise PlatformError(" ".join(problems), permanent=True)
    with _session(connection) as session:
        uri = f"at://{session.did}/{POST}/{idempotency_key}"
        embed = _embed(session, draft)
        writes = _writes(draft, uri, idempotency_key, embed)
        data = models.ComAtprotoRepoApplyWrites.Data(
            repo=session.did, writes=writes, validate=True
        )
        session.call(
            lambda auth: session.raw.com.atproto.repo.apply_writes(data, headers=auth),
            writes=True,
        )
        return _ref(session.did, idempotency_key)


def _ref(did: str, rkey: str) -> RemoteRef:
    return RemoteRef(
        remote_id=rkey,
        uri=f"at://{did}/{POST}/{rkey}",
        url=f"{WEB_URL}/profile/{did}/post/{rkey}",
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _writes(draft: Draft, uri: str, rkey: str, embed: Any) -> list[Any]:
    create = models.ComAtprotoRepoApplyWrites.Create
    post = models.AppBskyFeedPost.Record(
        text=draft.text,
        created_at=_now(),
        langs=[draft.language],
        facets=facets(draft) or None,
        embed=embed,
    )
    writes = [create(collection=POST, rkey=rkey, value=post)]
    if draft.limit_replies:
        threadgate = models.AppBskyFeedThreadgate.Record(
            post=uri,
            created_at=_now(),
            allow=[models.AppBskyFeedThreadgate.MentionRule()],
        )
        postgate = models.AppBskyFeedPostgate.Record(
            post=uri,
            created_at=_now(),
            embedding_rules=[models.AppBskyFeedPostgate.DisableRule()],
        )
        writes.append(create(collection=THREADGATE, rkey=rkey, value=threadgate))
        writes.append(create(collection=POSTGATE, rkey=rkey, value=postgate))
    return writes


def facets(draft: Draft) -> list[Any]:
    """Link facets for the link and every other URL in the text, tag facets for the
    hashtags (tag without "#"), at UTF-8 byte offsets."""
    facet = models.AppBskyRichtextFacet
    found: list[tuple[tuple[int, int], Any]] = []
    link_spans = _occurrences(draft.text, draft.link) if draft.link else []
    for start, end in link_spans:
        found.append(((start, end), facet.Link(uri=draft.link)))
    for start, end in counters.find_urls(draft.text):
        if not any(
            start < taken_end and taken_start < end
            for taken_start, taken_end in link_spans
        ):
            found.append(((start, end), facet.Link(uri=draft.text[start:end])))
    for tag in draft.hashtags:
        for span in _hashtag_spans(draft.text, tag):
            found.append((span, facet.Tag(tag=tag)))
    result = []
    for (start, end), feature in sorted(found, key=lambda item: item[0]):
        byte_start, byte_end = counters.byte_span(draft.text, start, end)
        index = facet.ByteSlice(byte_start=byte_start, byte_end=byte_end)
        result.append(facet.Main(index=index, features=[feature]))
    return result


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + len(needle))
    return spans


def _hashtag_spans(text: str, tag: str) -> list[tuple[int, int]]:
    """ "#Tag" as a whole word (not the start of "#TagMore"), "#" included."""
    pattern = regex.compile(
        r"(?<![\w#])#" + regex.escape(tag) + r"(?![\w])", regex.IGNORECASE
    )
    return [match.span() for match in pattern.finditer(text)]


def _embed(session: _Session, draft: Draft) -> Any:
    if draft.media:
        images = [_upload(session, item) for item in draft.media]
        return models.AppBskyEmbedImages.Main(images=images)
    if draft.link:
        external = models.AppBskyEmbedExternal.External(
            uri=draft.link,
            title=urlsplit(draft.link).hostname or draft.link,
            description="",
        )
        return models.AppBskyEmbedExternal.Main(external=external)
    return None


def _upload(session: _Session, media: Media) -> Any:
    content, mime_type, width, height = _fitted(media.content, media.mime_type)

    def request(auth: dict[str, str]) -> Any:
        # As the SDK's upload_blob, but with httpx's `content=` for raw bytes (the
        # SDK passes them as `data=`, deprecated by httpx).
        response = session.raw.invoke_procedure(
            "com.atproto.repo.uploadBlob",
            content=content,
            headers={**auth, "Content-Type": mime_type},
        )
        return get_response_model(response, models.ComAtprotoRepoUploadBlob.Response)

    # Uploading is not a post: a repeated upload of the same bytes gives the same blob.
    blob = session.call(request, writes=False).blob
    return models.AppBskyEmbedImages.Image(
        image=blob,
        alt=media.alt_text,
        aspect_ratio=models.AppBskyEmbedDefs.AspectRatio(width=width, height=height),
    )


def lookup(
    connection: Connection, draft: Draft, *, idempotency_key: str, sent_at: datetime
) -> RemoteRef | None:
    with _session(connection) as session:
        params = models.ComAtprotoRepoGetRecord.Params(
            repo=session.did, collection=POST, rkey=idempotency_key
        )
        try:
            session.call(
                lambda auth: session.raw.com.atproto.repo.get_record(
                    params, headers=auth
                ),
                writes=False,
            )
        except _RecordNotFoundError:
            return None
        return _ref(session.did, idempotency_key)


def metrics(connection: Connection, ref: RemoteRef) -> Metrics:
    """The post's counts from the AppView (`app.bsky.feed.getPosts`): likes,
    reposts, replies, quotes. Bluesky reports no views. The AppView is public and
    unauthenticated (limited per address, not per account), so its rate-limit
    headers are not the account's; SOCIAL_BLUESKY_APPVIEW_URL names it."""
    appview = Connection(
        base_url=_appview_url(), handle=connection.handle, credentials={}
    )
    params = models.AppBskyFeedGetPosts.Params(uris=[ref.uri])
    with _client(appview) as raw:
        answer = _wire(lambda: raw.app.bsky.feed.get_posts(params), writes=False)
    if not answer.posts:
        raise PlatformError(
            _("Bluesky no longer shows this post (deleted or taken down)."),
            permanent=True,
            status=404,
        )
    post = answer.posts[0]
    return Metrics(
        likes=post.like_count,
        reposts=post.repost_count,
        replies=post.reply_count,
        quotes=post.quote_count,
        raw={
            "likeCount": post.like_count,
            "repostCount": post.repost_count,
            "replyCount": post.reply_count,
            "quoteCount": post.quote_count,
        },
    )


def _appview_url() -> str:
    from django.conf import settings

    return str(getattr(settings, "SOCIAL_BLUESKY_APPVIEW_URL", "") or APPVIEW_URL)


def delete(connection: Connection, ref: RemoteRef) -> None:
    """The post first, then its gates; deleting a record that is gone succeeds."""
    with _session(connection) as session:
        for collection in (POST, THREADGATE, POSTGATE):
            _delete_record(session, collection, ref.remote_id)


def _delete_record(session: _Session, collection: str, rkey: str) -> None:
    data = models.ComAtprotoRepoDeleteRecord.Data(
        repo=session.did, collection=collection, rkey=rkey
    )
    session.call(
        lambda auth: session.raw.com.atproto.repo.delete_record(data, headers=auth),
        writes=True,
    )
