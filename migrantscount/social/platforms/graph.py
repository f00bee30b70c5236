"""One client for Meta's Graph APIs: Facebook Pages and Instagram (graph.facebook.com,
graph.instagram.com) and Threads (graph.threads.net), shared by `facebook.py`,
`instagram.py` and `threads.py`.

Plain `httpx`, not `facebook-business` 26.0.3: that SDK is generated from the
Marketing API, sends over `requests` through one process-wide default session,
reports crashes to Meta by default (`FacebookAdsApi.init(crash_log=True)` installs
a crash reporter that posts tracebacks), knows nothing of Threads' host, and its
page and Instagram objects add nothing over the three or four calls each network
needs here. Threads has no maintained client at all. One small client covers the
three hosts with one way of reading errors and usage headers.

- Versions and hosts come from settings (`SOCIAL_GRAPH_API_VERSION`, `v25.0` in
  December 2026; `SOCIAL_THREADS_API_VERSION`, `v1.0`; `SOCIAL_META_*_URL`), so a
  sunset version is changed in one place and the tests talk to a local fake.
- Tokens go as the documented `access_token` parameter (the form body of a POST,
  the query of a GET or DELETE, as every example in Meta's docs does); httpx's
  request log, which prints URLs, is off in `LOGGING`.
- Errors are Graph's `{"error": {"message", "type", "code", "error_subcode",
  "is_transient", "fbtrace_id"}}`: code 190 (and 102) is an expired, revoked or
  invalidated token (subcode 463 expired, 460 password changed, 467 invalid) and
  10 / 200-299 a missing permission: both need a person to reconnect. Codes 4, 17,
  32, 613, 80001-80014 and Instagram's 9 / 2207042 are throttling: retried at the
  time the `X-Business-Use-Case-Usage` header's `estimated_time_to_regain_access`
  (minutes) says, or an hour later (the platform limits are rolling one-hour
  windows). `is_transient`, codes 1 and 2 and 5xx are retried, and count as
  ambiguous on a write.
- Usage headers (`X-App-Usage`, `X-Business-Use-Case-Usage`, `X-Ad-Account-Usage`
  is not used here) are percentages of the limit: the highest becomes
  `Connection.rate_limit` with `limit=100`, so the dispatcher holds an account at
  100 % until the time to regain access.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from . import rest
from .base import (
    Connection,
    Media,
    Metrics,
    OAuthClient,
    PlatformError,
    RateLimit,
    RemoteRef,
)

logger = logging.getLogger(__name__)

THROTTLE_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
TOKEN_CODES = frozenset({102, 190})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
TRANSIENT_CODES = frozenset({1, 2})
# Instagram: "the publishing limit is reached" and "the media is not ready".
IG_LIMIT = (9, 2207042)
IG_NOT_READY = (9007, 2207027)
# "Does not exist" (code 100, subcode 33): deleting what is already gone.
GONE = (100, 33)
DEFAULT_HOLD = timedelta(hours=1)
QUOTA_WAIT = timedelta(hours=1)
# Images Meta fetches from PUBLIC_MEDIA_BASE_URL (a folder of MEDIA_ROOT served
# publicly by core.views.public_media); removed again once the post is out.
OUTGOING_DIR = "social/outgoing"
LOOKUP_CLOCK_SKEW = timedelta(minutes=5)
LOOKUP_PAGES = 20


# --- where things are -------------------------------------------------------------


def graph_url() -> str:
    return str(settings.SOCIAL_META_GRAPH_URL).rstrip("/")


def facebook_www_url() -> str:
    return str(settings.SOCIAL_META_WWW_URL).rstrip("/")


def instagram_graph_url() -> str:
    return str(settings.SOCIAL_INSTAGRAM_GRAPH_URL).rstrip("/")


def instagram_api_url() -> str:
    return str(settings.SOCIAL_INSTAGRAM_API_URL).rstrip("/")


def instagram_www_url() -> str:
    return str(settings.SOCIAL_INSTAGRAM_WWW_URL).rstrip("/")


def threads_graph_url() -> str:
    return str(settings.SOCIAL_THREADS_GRAPH_URL).rstrip("/")


def threads_www_url() -> str:
    return str(settings.SOCIAL_THREADS_WWW_URL).rstrip("/")


def version() -> str:
    return str(settings.SOCIAL_GRAPH_API_VERSION)


def threads_version() -> str:
    return str(settings.SOCIAL_THREADS_API_VERSION)


def versioned(base_url: str, path: str, api_version: str | None = None) -> str:
    """`https://graph.facebook.com/v25.0/<path>` (Threads: its own version)."""
    return f"{base_url.rstrip('/')}/{api_version or version()}/{path.lstrip('/')}"


def with_query(url: str, **params: str) -> str:
    return f"{url}?{urlencode(params)}"


# --- calls --------------------------------------------------------------------------


_local = threading.local()


def _client() -> httpx.Client:
    """One client per thread: keep-alive and one TLS context across calls."""
    client: httpx.Client | None = getattr(_local, "client", None)
    if client is None or client.is_closed:
        client = httpx.Client(
            timeout=rest.TIMEOUT, follow_redirects=False, verify=rest.ssl_context()
        )
        _local.client = client
    return client


def call(
    method: str,
    url: str,
    *,
    network: str,
    token: str = "",
    connection: Connection | None = None,
    ambiguous_after_send: bool = False,
    params: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
    files: dict[str, tuple[str, bytes, str]] | None = None,
) -> dict[str, Any]:
    """One request to a Graph host; its JSON answer, or a `PlatformError`.

    `token` (or the connection's `access_token`) is sent as the documented
    `access_token` parameter: in the form body of a POST, in the query otherwise.
    With `ambiguous_after_send`, a failure once the request may have been taken
    (a timeout after sending, a dropped answer, a 5xx, a transient error) is
    marked `ambiguous`: look the post up before any retry.
    """
    if connection is not None and not token:
        token = connection.credentials.get("access_token", "")
    if token and "access_token=" not in url:  # a paging URL carries it already
        if method == "POST":
            data = {**(data or {}), "access_token": token}
        else:
            params = {**(params or {}), "access_token": token}
    response = rest.send(
        method,
        url,
        network=network,
        client=_client(),
        ambiguous_after_send=ambiguous_after_send,
        params=params,
        data=data,
        files=files,
    )
    if connection is not None:
        connection.rate_limit = usage(response.headers) or connection.rate_limit
    body = _json(response)
    if response.is_success and not (isinstance(body, dict) and "error" in body):
        return body if isinstance(body, dict) else {"data": body}
    raise error_from(
        response.status_code,
        body,
        response.headers,
        ambiguous_after_send=ambiguous_after_send,
    )


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def error_from(
    status: int,
    body: Any,
    headers: httpx.Headers,
    *,
    ambiguous_after_send: bool = False,
) -> PlatformError:
    """Graph's error object as a `PlatformError` (see the module's docstring)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        message = f"HTTP {status}"
        if status >= 500:
            return PlatformError(message, ambiguous=ambiguous_after_send, status=status)
        if status == 429:
            return PlatformError(message, retry_at=_regain_at(headers), status=status)
        return PlatformError(message, permanent=True, status=status)
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    message = _error_message(error)
    if code in TOKEN_CODES or code in PERMISSION_CODES:
        return PlatformError(message, needs_reconnect=True, status=status)
    if code in THROTTLE_CODES or (code, subcode) == IG_LIMIT or status == 429:
        return PlatformError(message, retry_at=_regain_at(headers), status=status)
    if (code, subcode) == IG_NOT_READY:
        # Published before the container was FINISHED: nothing went out.
        return PlatformError(message, status=status)
    if error.get("is_transient") or code in TRANSIENT_CODES or status >= 500:
        return PlatformError(message, ambiguous=ambiguous_after_send, status=status)
    return GraphError(message, code=code, subcode=subcode, status=status)


class GraphError(PlatformError):
    """A permanent Graph error, with its code for the modules' special cases
    (Facebook's 506 duplicate, 100/33 "does not exist")."""

    def __init__(
        self, message: str, *, code: int | None, subcode: int | None, status: int
    ) -> None:
        super().__init__(message, permanent=True, status=status)
        self.code = code
        self.subcode = subcode


def error_code(error: PlatformError) -> tuple[int | None, int | None]:
    if isinstance(error, GraphError):
        return error.code, error.subcode
    return None, None


def _error_message(error: dict[str, Any]) -> str:
    """Meta's own words: the user-facing message where it gives one."""
    title = str(error.get("error_user_title") or "")
    text = str(error.get("error_user_msg") or error.get("message") or "")
    message = f"{title}: {text}" if title and text else text or title
    code = error.get("code")
    return f"{message} (code {code})" if code is not None else message


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


# --- usage headers ------------------------------------------------------------------


def _usage_entries(headers: httpx.Headers) -> Iterator[dict[str, Any]]:
    for name in ("X-App-Usage", "X-Business-Use-Case-Usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if name == "X-App-Usage" and isinstance(value, dict):
            yield value
        elif isinstance(value, dict):
            for entries in value.values():
                for entry in entries if isinstance(entries, list) else []:
                    if isinstance(entry, dict):
                        yield entry


def usage(headers: httpx.Headers) -> RateLimit | None:
    """The highest usage percentage among the Graph usage headers, as a RateLimit
    of 100 (None when the answer carried none)."""
    highest: int | None = None
    regain_minutes = 0
    for entry in _usage_entries(headers):
        for name in ("call_count", "total_cputime", "total_time"):
            value = _int(entry.get(name))
            if value is not None and (highest is None or value > highest):
                highest = value
        regain_minutes = max(
            regain_minutes, _int(entry.get("estimated_time_to_regain_access")) or 0
        )
    if highest is None:
        return None
    reset_at = None
    if regain_minutes:
        reset_at = datetime.now(UTC) + timedelta(minutes=regain_minutes)
    elif highest >= 100:
        reset_at = datetime.now(UTC) + DEFAULT_HOLD
    return RateLimit(limit=100, remaining=max(100 - highest, 0), reset_at=reset_at)


def _regain_at(headers: httpx.Headers) -> datetime:
    limit = usage(headers)
    if limit is not None and limit.reset_at is not None:
        return limit.reset_at
    return datetime.now(UTC) + DEFAULT_HOLD


# --- OAuth helpers shared by the three networks ----------------------------------


def token_set_values(body: dict[str, Any]) -> tuple[str, datetime | None]:
    """(access token, expiry) of a token answer with `expires_in` seconds."""
    token = str(body.get("access_token") or "")
    if not token:
        raise PlatformError(_("The network sent no access token."), permanent=True)
    seconds = _int(body.get("expires_in"))
    expires_at = datetime.now(UTC) + timedelta(seconds=seconds) if seconds else None
    return token, expires_at


def long_lived_token(
    client: OAuthClient,
    *,
    code: str,
    network: str,
    code_url: str,
    exchange_url: str,
    grant_type: str,
) -> tuple[dict[str, Any], str]:
    """Instagram Login's and Threads' code flow: the code becomes a short-lived
    token at `code_url`, exchanged at once at `exchange_url` (`grant_type`
    `ig_exchange_token` or `th_exchange_token`) for a long-lived one. Returns the
    exchange's answer and the user id the first answer named ("" if none)."""
    short = call(
        "POST",
        code_url,
        network=network,
        data={
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "grant_type": "authorization_code",
            "redirect_uri": client.redirect_uri,
            "code": code,
        },
    )
    short_token, _expiry = token_set_values(short)
    body = call(
        "GET",
        exchange_url,
        network=network,
        params={
            "grant_type": grant_type,
            "client_secret": client.client_secret,
            "access_token": short_token,
        },
    )
    return body, str(short.get("user_id") or "")


# --- images Meta fetches itself ---------------------------------------------------


def public_media_base_url() -> str:
    return str(getattr(settings, "PUBLIC_MEDIA_BASE_URL", "") or "").strip()


_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def publish_image(media: Media) -> tuple[str, str]:
    """Store the image where Meta can fetch it: (public URL, storage name).

    Named by its SHA-256, so a retry reuses the same file and the address cannot
    be guessed from anything else.
    """
    base = public_media_base_url()
    if not base:
        raise PlatformError(
            _("PUBLIC_MEDIA_BASE_URL is not set: images cannot be published."),
            permanent=True,
        )
    digest = hashlib.sha256(media.content).hexdigest()
    extension = _EXTENSIONS.get(media.mime_type, "bin")
    name = f"{OUTGOING_DIR}/{digest}.{extension}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(media.content))
    return f"{base.rstrip('/')}/{name}", name


def remove_images(names: list[str]) -> None:
    """Best effort: the post is out (or refused) whatever happens to the file."""
    for name in names:
        try:
            if default_storage.exists(name):
                default_storage.delete(name)
        except OSError:
            logger.warning("Could not remove the outgoing image %s", name)


def published_ref(
    connection: Connection,
    url: str,
    remote_id: str,
    *,
    network: str,
    field: str,
    fallback_url: str = "",
) -> RemoteRef:
    """The reference of a post the network has just taken, with its permalink.

    The permalink is read after the post exists: a failure of that read must not
    turn a publication into an error (the dispatcher would send it again), so the
    reference is returned with `fallback_url` instead.
    """
    try:
        body = call(
            "GET", url, network=network, connection=connection, params={"fields": field}
        )
    except PlatformError as error:
        logger.warning("Published %s %s; its permalink: %s", network, remote_id, error)
        return ref(remote_id, fallback_url)
    return ref(remote_id, str(body.get(field) or fallback_url))


# --- publishing through a media container (Instagram, Threads) --------------------


def check_quota(
    connection: Connection, url: str, *, network: str, spent_message: str
) -> None:
    """Read a publishing-limit edge (`quota_usage` of `config.quota_total`); a spent
    quota waits an hour. `spent_message` takes `%(used)s` and `%(total)s`."""
    body = call(
        "GET",
        url,
        network=network,
        connection=connection,
        params={"fields": "quota_usage,config"},
    )
    entry = (body.get("data") or [{}])[0]
    used = int(entry.get("quota_usage") or 0)
    total = int((entry.get("config") or {}).get("quota_total") or 0)
    if total and used >= total:
        raise PlatformError(
            spent_message % {"used": used, "total": total},
            retry_at=datetime.now(UTC) + QUOTA_WAIT,
        )


def publish_container(
    connection: Connection,
    media: tuple[Media, ...],
    *,
    network: str,
    url: Callable[[str], str],
    container_path: str,
    publish_path: str,
    form: dict[str, str],
    image: dict[str, str],
    status_field: str,
    wait_seconds: float,
) -> str:
    """Publish a post the container way; the new media's id.

    `url` turns a path (`{user}/media`, `{user}/media_publish`, a container's id)
    into the network's versioned address. The container is made at
    `container_path` (`create_container`), polled until its `status_field` says
    FINISHED, then published at `publish_path`. The images stored for Meta are
    removed once the post is out, or refused for good (a retry needs them again).
    """
    stored: list[str] = []
    try:
        container = create_container(
            connection,
            url(container_path),
            media,
            network=network,
            form=form,
            image=image,
            stored=stored,
        )
        wait_until_finished(
            connection,
            url(container),
            network=network,
            field=status_field,
            wait_seconds=wait_seconds,
        )
        body = call(
            "POST",
            url(publish_path),
            network=network,
            connection=connection,
            data={"creation_id": container},
            ambiguous_after_send=True,
        )
    except PlatformError as error:
        if error.permanent:
            remove_images(stored)
        raise
    remove_images(stored)
    return str(body["id"])


def create_container(
    connection: Connection,
    url: str,
    media: tuple[Media, ...],
    *,
    network: str,
    form: dict[str, str],
    image: dict[str, str],
    stored: list[str],
) -> str:
    """A media container: `form` alone without images, `form` with one image, or a
    carousel of child containers (each `image` + `image_url` + `alt_text`)."""
    if len(media) == 1:
        image_url, name = publish_image(media[0])
        stored.append(name)
        form = {**form, **image, "image_url": image_url, "alt_text": media[0].alt_text}
    elif media:
        children = []
        for item in media:
            image_url, name = publish_image(item)
            stored.append(name)
            child = call(
                "POST",
                url,
                network=network,
                connection=connection,
                data={
                    **image,
                    "image_url": image_url,
                    "alt_text": item.alt_text,
                    "is_carousel_item": "true",
                },
            )
            children.append(str(child["id"]))
        form = {**form, "media_type": "CAROUSEL", "children": ",".join(children)}
    body = call("POST", url, network=network, connection=connection, data=form)
    return str(body["id"])


def wait_until_finished(
    connection: Connection,
    container_url: str,
    *,
    network: str,
    field: str,
    wait_seconds: float,
) -> None:
    """Poll a media container until its `field` (`status_code` on Instagram,
    `status` on Threads) says FINISHED; publishing earlier fails.

    ERROR is permanent (Meta could not fetch or process the image); EXPIRED (24 h
    unpublished) and a container still in progress after `wait_seconds` are
    retried later with a new container.
    """
    deadline = time.monotonic() + wait_seconds
    pause = 0.2
    while True:
        body = call(
            "GET",
            container_url,
            network=network,
            connection=connection,
            params={"fields": f"{field},status,error_message"},
        )
        state = str(body.get(field) or "")
        if state in ("FINISHED", "PUBLISHED"):
            return
        if state == "ERROR":
            detail = str(body.get("error_message") or body.get("status") or "")
            raise PlatformError(
                _("%(network)s could not process the image: %(detail)s")
                % {"network": network, "detail": detail},
                permanent=True,
            )
        if state == "EXPIRED" or time.monotonic() >= deadline:
            raise PlatformError(
                _("%(network)s is still processing the image; trying again later.")
                % {"network": network}
            )
        time.sleep(pause)
        pause = min(pause * 2, 5.0)


# --- reading back ---------------------------------------------------------------------


def find_recent(
    connection: Connection,
    url: str,
    *,
    network: str,
    text_field: str,
    time_field: str,
    link_field: str,
    text: str,
    sent_at: datetime,
) -> RemoteRef | None:
    """The item of a Graph list (newest first) whose text is `text`, created since
    `sent_at` (less a clock margin), with its permalink from `link_field`; None when
    the list reaches further back without it. Raises when it cannot tell (more
    pages than it reads)."""
    wanted = plain(text)
    since = sent_at - LOOKUP_CLOCK_SKEW
    params = {"fields": f"id,{text_field},{time_field},{link_field}", "limit": "50"}
    next_url: str | None = url
    for _page in range(LOOKUP_PAGES):
        if next_url is None:
            return None
        body = call(
            "GET",
            next_url,
            network=network,
            connection=connection,
            params=params if next_url == url else None,
        )
        items = body.get("data") or []
        for item in items:
            created = timestamp(str(item.get(time_field) or ""))
            if created is not None and created < since:
                continue
            if plain(str(item.get(text_field) or "")) == wanted:
                return ref(str(item["id"]), str(item.get(link_field) or ""))
        last = timestamp(str(items[-1].get(time_field) or "")) if items else None
        if not items or (last is not None and last < since):
            return None
        next_url = (body.get("paging") or {}).get("next")
    raise PlatformError(
        _(
            "Could not tell whether %(network)s took the post: more than %(count)s "
            "posts since it was sent. Check the account and release or cancel it."
        )
        % {"network": network, "count": LOOKUP_PAGES * 50},
        permanent=True,
    )


_SPACE = re.compile(r"\s+")


def plain(value: str) -> str:
    return _SPACE.sub(" ", html.unescape(value)).strip()


def timestamp(value: str) -> datetime | None:
    """Graph times: ISO 8601 with `+0000` (Facebook, Instagram, Threads)."""
    if not value:
        return None
    value = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value.replace("Z", "+00:00"))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def ref(remote_id: str, url: str) -> RemoteRef:
    return RemoteRef(remote_id=remote_id, uri=remote_id, url=url)


def delete(connection: Connection, url: str, *, network: str) -> None:
    """`DELETE` a Graph object; one already gone counts as deleted."""
    try:
        call("DELETE", url, network=network, connection=connection)
    except GraphError as error:
        if error_code(error) != GONE:
            raise


def insight_values(body: dict[str, Any]) -> dict[str, int]:
    """`/insights` answers: `data: [{name, values: [{value}]} or total_value]`."""
    values: dict[str, int] = {}
    for item in body.get("data") or []:
        name = str(item.get("name") or "")
        total = (item.get("total_value") or {}).get("value")
        if total is None and item.get("values"):
            total = item["values"][-1].get("value")
        number = _int(total)
        if name and number is not None:
            values[name] = number
    return values


def metrics_from(values: dict[str, int], **names: str) -> Metrics:
    """Metrics from a network's own counts: `likes="like_count"` and so on."""
    picked = {field: values.get(source) for field, source in names.items()}
    return Metrics(raw=dict(values), **picked)
