"""LinkedIn organisation pages, over the versioned REST API (Posts, Images,
Organization ACLs, share statistics).

Plain `httpx`: LinkedIn publishes no maintained Python client for the versioned
`/rest` API (`linkedin-api` drives the private web API and is avoided).

- Every call carries `Linkedin-Version: YYYYMM` (`SOCIAL_LINKEDIN_VERSION`) and
  `X-Restli-Protocol-Version: 2.0.0`. LinkedIn serves a version for about a year;
  a sunset one answers HTTP 426 `NONEXISTENT_VERSION`, reported as a failure that
  names the setting to change.
- Connecting: the authorization code flow (`www.linkedin.com/oauth/v2`), state
  checked by the caller. LinkedIn offers PKCE only to native apps it has enabled
  (loopback redirects), so this web flow sends no code challenge and proves itself
  with the client secret. Access tokens last 60 days; refresh tokens (365 days,
  not renewed by refreshing) only for apps LinkedIn approved for programmatic
  refresh: without one, a person reconnects before the access token ends.
  `identities` lists the organisations the member administers
  (`organizationAcls`, role ADMINISTRATOR or CONTENT_ADMINISTRATOR, approved).
- Publishing: images through the Images API (`initializeUpload`, then a PUT of the
  bytes), then `POST /rest/posts`; the new post's URN comes back in the
  `x-restli-id` header (201, empty body). The commentary is "little" text: its
  reserved characters `\\ | { } @ [ ] ( ) < > # * _ ~` are escaped with a
  backslash (unescaped, LinkedIn cuts the text or reads a mention), except the
  `#` of the post's own hashtags, which stay hashtags.
- LinkedIn has no idempotency key: `lookup` reads the organisation's posts since
  `sent_at` (`GET /rest/posts?q=author`, newest first). LinkedIn refuses a repeated
  text with 422 `DUPLICATE_POST` naming the earlier post's URN: that post is read
  back, and if it is this organisation's with this text it is taken as published
  (an answer lost on the way back); if it is gone, LinkedIn still refuses the text
  for a while and the failure says to change it.
- Limits: LinkedIn does not publish them (the Developer Portal's Analytics tab
  shows each endpoint's daily quota, reset at midnight UTC) and sends no rate-limit
  headers, only 429. A 429 naming a DAY limit waits for midnight UTC; any other
  (infrastructure protection) a few minutes. The budgets below are cautious
  guesses to keep a wave of posts from hitting the daily quota in one go.
"""

from __future__ import annotations

import functools
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import regex
from django.conf import settings
from django.utils.translation import gettext as _

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
    RemoteRef,
    TokenSet,
)

KEY = "linkedin"
NAME = "LinkedIn"
CAN_DELETE = True
BUDGETS: tuple[Budget, ...] = (
    Budget("posts", 100, timedelta(hours=24)),
    Budget("requests", 1_000, timedelta(hours=24)),
)
SCOPES = ("w_organization_social", "r_organization_social", "rw_organization_admin")
API_URL = "https://api.linkedin.com"
OAUTH_URL = "https://www.linkedin.com/oauth/v2"
WEB_URL = "https://www.linkedin.com"
VERSION = "202610"
POSTING_ROLES = ("ADMINISTRATOR", "CONTENT_ADMINISTRATOR")
MAX_LENGTH = 3_000
MAX_IMAGES = 20
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_ALT_TEXT = 4_086
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif")
LOOKUP_PAGE_SIZE = 20
LOOKUP_PAGES = 25
LOOKUP_CLOCK_SKEW = timedelta(minutes=5)
# "Little" text: reserved characters, each escaped with a backslash to be plain text.
RESERVED = "\\|{}@[]()<>#*_~"
_DUPLICATE_URN = re.compile(r"urn:li:(?:share|ugcPost):\d+")
_GRAPHEME = regex.compile(r"\X")


class LinkedInError(PlatformError):
    """A PlatformError that keeps LinkedIn's error codes (e.g. DUPLICATE_POST)."""

    code: str = ""


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, "") or default)


def api_url() -> str:
    return _setting("SOCIAL_LINKEDIN_API_URL", API_URL).rstrip("/")


def api_version() -> str:
    return _setting("SOCIAL_LINKEDIN_VERSION", VERSION)


def new_idempotency_key() -> str:
    """LinkedIn takes no idempotency key; this one only names the delivery here."""
    return uuid.uuid4().hex


# --- little text ------------------------------------------------------------------


def escape_little(text: str, hashtags: tuple[str, ...] = ()) -> str:
    """`text` as LinkedIn's little format reads it literally: every reserved
    character escaped, except the `#` in front of one of `hashtags`."""
    tags = sorted(hashtags, key=len, reverse=True)
    out: list[str] = []
    index = 0
    while index < len(text):
        character = text[index]
        if character == "#" and any(
            text.startswith(tag, index + 1) and _ends_word(text, index + 1 + len(tag))
            for tag in tags
        ):
            out.append("#")
        elif character in RESERVED:
            out.append("\\" + character)
        else:
            out.append(character)
        index += 1
    return "".join(out)


def _ends_word(text: str, index: int) -> bool:
    return index >= len(text) or not (text[index].isalnum() or text[index] == "_")


def unescape_little(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


# --- the Platform interface -------------------------------------------------------


def validate(draft: Draft, connection: Connection | None) -> list[str]:
    problems: list[str] = []
    length = len(_GRAPHEME.findall(draft.text))
    if length > MAX_LENGTH:
        problems.append(
            _("The text has %(length)s characters; LinkedIn allows %(maximum)s.")
            % {"length": length, "maximum": MAX_LENGTH}
        )
    if not draft.text.strip():
        problems.append(_("A LinkedIn post needs a text."))
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
        return {"posts": 1, "requests": 1 + 2 * images}
    return {"requests": 1}


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    author = _organization(connection)
    images = [(_upload(connection, author, media), media) for media in draft.media]
    commentary = escape_little(draft.text, draft.hashtags)
    payload: dict[str, Any] = {
        "author": author,
        "commentary": commentary,
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }
    if len(images) == 1:
        ((urn, media),) = images
        payload["content"] = {"media": {"id": urn, "altText": media.alt_text}}
    elif images:
        payload["content"] = {
            "multiImage": {
                "images": [
                    {"id": urn, "altText": media.alt_text} for urn, media in images
                ]
            }
        }
    try:
        response = _call(
            connection, "POST", "/rest/posts", json=payload, ambiguous_after_send=True
        )
    except PlatformError as error:
        duplicate = _duplicate_of(error)
        if duplicate is None:
            raise
        return _verified_duplicate(connection, draft, duplicate, error)
    urn = response.headers.get("x-restli-id", "")
    if not urn:
        raise PlatformError(
            _("LinkedIn answered without the new post's id (x-restli-id)."),
            ambiguous=True,
            status=response.status_code,
        )
    return _ref(urn)


def _duplicate_of(error: PlatformError) -> str | None:
    if error.status != 422 or not isinstance(error, LinkedInError):
        return None
    if "DUPLICATE_POST" not in error.code:
        return None
    match = _DUPLICATE_URN.search(error.message)
    return match[0] if match else ""


def _verified_duplicate(
    connection: Connection, draft: Draft, urn: str, error: PlatformError
) -> RemoteRef:
    """422 DUPLICATE_POST: published already if the named post is this
    organisation's, with this text, from the last hour (this delivery's earlier
    tries); otherwise a failure that says what LinkedIn did."""
    post = _get_post(connection, urn) if urn else None
    if post is None:
        raise PlatformError(
            _(
                "LinkedIn refuses this text as a duplicate of an earlier post that is "
                "no longer there; it keeps refusing the same text for a while. Change "
                "the text to send it again. LinkedIn said: %(message)s"
            )
            % {"message": error.message},
            permanent=True,
            status=422,
        )
    recent = datetime.now(UTC) - rest.DUPLICATE_LOOKBACK - LOOKUP_CLOCK_SKEW
    if (
        post.get("author") == _organization(connection)
        and rest.plain(unescape_little(str(post.get("commentary") or "")))
        == rest.plain(draft.text)
        and int(post.get("createdAt") or 0) >= recent.timestamp() * 1000
    ):
        return _ref(urn)
    raise PlatformError(
        _(
            "LinkedIn refuses this text as a duplicate of an earlier post of the "
            "page (%(url)s). Change the text to send it again."
        )
        % {"url": _ref(urn).url},
        permanent=True,
        status=422,
    )


def _upload(connection: Connection, owner: str, media: Media) -> str:
    started = _call(
        connection,
        "POST",
        "/rest/images",
        params={"action": "initializeUpload"},
        json={"initializeUploadRequest": {"owner": owner}},
    ).json()["value"]
    _send(
        connection,
        "PUT",
        str(started["uploadUrl"]),
        content=media.content,
        headers={"Content-Type": media.mime_type},
        absolute=True,
        check=True,
    )
    return str(started["image"])


def lookup(
    connection: Connection,
    draft: Draft,
    *,
    idempotency_key: str,
    sent_at: datetime,
) -> RemoteRef | None:
    """The post this draft became, from the organisation's posts since `sent_at`."""
    author = _organization(connection)
    wanted = rest.plain(draft.text)
    since_ms = int((sent_at - LOOKUP_CLOCK_SKEW).timestamp() * 1000)
    for page in range(LOOKUP_PAGES):
        body = _call(
            connection,
            "GET",
            "/rest/posts",
            params={
                "q": "author",
                "author": author,
                "count": str(LOOKUP_PAGE_SIZE),
                "start": str(page * LOOKUP_PAGE_SIZE),
                "sortBy": "CREATED",
            },
            headers={"X-RestLi-Method": "FINDER"},
        ).json()
        elements = body.get("elements") or []
        for post in elements:
            if int(post.get("createdAt") or 0) < since_ms:
                continue
            if rest.plain(unescape_little(str(post.get("commentary") or ""))) == wanted:
                return _ref(str(post["id"]))
        if (
            len(elements) < LOOKUP_PAGE_SIZE
            or int(elements[-1].get("createdAt") or 0) < since_ms
        ):
            return None
    raise PlatformError(
        _(
            "Could not tell whether LinkedIn took this post: more than %(count)s "
            "posts since it was sent. Check the page before sending it again."
        )
        % {"count": LOOKUP_PAGES * LOOKUP_PAGE_SIZE},
        permanent=True,
    )


def delete(connection: Connection, ref: RemoteRef) -> None:
    try:
        _call(
            connection,
            "DELETE",
            f"/rest/posts/{quote(ref.remote_id, safe='')}",
            headers={"X-RestLi-Method": "DELETE"},
        )
    except PlatformError as error:
        if error.status not in (404, 410):
            raise


def metrics(connection: Connection, ref: RemoteRef) -> Metrics:
    """Lifetime counts from `organizationalEntityShareStatistics`."""
    kind = "ugcPosts" if ":ugcPost:" in ref.remote_id else "shares"
    query = urlencode(
        {"q": "organizationalEntity", "organizationalEntity": _organization(connection)}
    )
    path = (
        f"/rest/organizationalEntityShareStatistics?{query}"
        f"&{kind}=List({quote(ref.remote_id, safe='')})"
    )
    body = _call(connection, "GET", path).json()
    elements = body.get("elements") or [{}]
    counts = elements[0].get("totalShareStatistics") or {}
    return Metrics(
        likes=counts.get("likeCount"),
        reposts=counts.get("shareCount"),
        replies=counts.get("commentCount"),
        quotes=None,
        views=counts.get("impressionCount"),
        raw=dict(counts),
    )


# --- OAuth 2 ------------------------------------------------------------------------


def authorization_url(client: OAuthClient, *, state: str, code_challenge: str) -> str:
    """The consent page. `code_challenge` is not sent: LinkedIn's PKCE is for
    native apps only; this confidential web client uses its secret."""
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "state": state,
        "scope": " ".join(client.scopes or SCOPES),
    }
    base = _setting("SOCIAL_LINKEDIN_OAUTH_URL", OAUTH_URL).rstrip("/")
    return f"{base}/authorization?{urlencode(params)}"


def exchange_code(client: OAuthClient, *, code: str, code_verifier: str) -> TokenSet:
    return _token(
        client,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": client.redirect_uri,
        },
    )


def refresh(client: OAuthClient, connection: Connection) -> TokenSet:
    refresh_token = connection.credentials.get("refresh_token", "")
    if not refresh_token:
        raise PlatformError(
            _(
                "LinkedIn gave this connection no refresh token (only apps it "
                "approved get one): reconnect the page before its token expires."
            ),
            needs_reconnect=True,
        )
    return _token(
        client, {"grant_type": "refresh_token", "refresh_token": refresh_token}
    )


def identities(client: OAuthClient, tokens: TokenSet) -> list[Identity]:
    """The organisations the member may post for, each with the member's token."""
    connection = Connection(
        base_url=api_url(),
        handle="",
        credentials={"access_token": tokens.access_token},
    )
    acls = _call(
        connection,
        "GET",
        "/rest/organizationAcls",
        params={"q": "roleAssignee", "state": "APPROVED"},
        refresh_on_401=False,
    ).json()
    found: list[Identity] = []
    seen: set[str] = set()
    for acl in acls.get("elements") or []:
        urn = str(acl.get("organization") or acl.get("organizationTarget") or "")
        if acl.get("role") not in POSTING_ROLES or not urn or urn in seen:
            continue
        seen.add(urn)
        organization = _call(
            connection,
            "GET",
            f"/rest/organizations/{urn.rsplit(':', 1)[-1]}",
            refresh_on_401=False,
        ).json()
        found.append(
            Identity(
                remote_id=urn,
                handle=str(
                    organization.get("localizedName")
                    or organization.get("vanityName")
                    or urn
                ),
                credentials={
                    "access_token": tokens.access_token,
                    "refresh_token": tokens.refresh_token,
                    "organization": urn,
                    "vanity_name": str(organization.get("vanityName") or ""),
                    **tokens.extra,
                },
                base_url=api_url(),
                expires_at=tokens.expires_at,
            )
        )
    return found


def _token(client: OAuthClient, form: dict[str, str]) -> TokenSet:
    """`POST /oauth/v2/accessToken` with the client's id and secret in the form."""
    base = _setting("SOCIAL_LINKEDIN_OAUTH_URL", OAUTH_URL).rstrip("/")
    form = {
        **form,
        "client_id": client.client_id,
        "client_secret": client.client_secret,
    }
    body = rest.token_answer(
        f"{base}/accessToken",
        form,
        network=NAME,
        message=lambda response: _message(response)[0],
        error=functools.partial(_error, ambiguous_after_send=False),
    )
    now = datetime.now(UTC)
    expires_at = now + timedelta(seconds=int(body.get("expires_in") or 0))
    refresh_token = str(body.get("refresh_token") or "")
    refresh_expires_at = expires_at  # without a refresh token, a person renews
    if refresh_token and body.get("refresh_token_expires_in"):
        refresh_expires_at = now + timedelta(
            seconds=int(body["refresh_token_expires_in"])
        )
    return TokenSet(
        access_token=str(body["access_token"]),
        refresh_token=refresh_token,
        expires_at=expires_at,
        refresh_expires_at=refresh_expires_at,
        scopes=tuple(str(body.get("scope") or "").replace(",", " ").split()),
        extra={"expires_at": expires_at.isoformat()},
    )


def _refresh_in_place(connection: Connection) -> bool:
    return rest.refresh_in_place(
        connection, rest.client_from_settings(KEY, SCOPES), refresh
    )


# --- HTTP -----------------------------------------------------------------------------


def _organization(connection: Connection) -> str:
    urn = connection.credentials.get("organization", "")
    if not urn:
        raise PlatformError(
            _("This LinkedIn connection names no organisation: reconnect it."),
            needs_reconnect=True,
        )
    return urn


def _get_post(connection: Connection, urn: str) -> dict[str, Any] | None:
    try:
        body: dict[str, Any] = _call(
            connection, "GET", f"/rest/posts/{quote(urn, safe='')}"
        ).json()
    except PlatformError as error:
        if error.status in (404, 410):
            return None
        raise
    return body


def _call(
    connection: Connection,
    method: str,
    path: str,
    *,
    ambiguous_after_send: bool = False,
    refresh_on_401: bool = True,
    **kwargs: Any,
) -> httpx.Response:
    """One `/rest` request; anything but a 2xx becomes a `PlatformError`."""
    response = rest.send_refreshing(
        connection,
        functools.partial(
            _send, connection, method, path, ambiguous_after_send, **kwargs
        ),
        renew=functools.partial(_refresh_in_place, connection),
        refresh_on_401=refresh_on_401,
    )
    if response.is_success:
        return response
    raise _error(response, ambiguous_after_send=ambiguous_after_send)


def _send(
    connection: Connection,
    method: str,
    path: str,
    ambiguous_after_send: bool = False,
    *,
    headers: dict[str, str] | None = None,
    absolute: bool = False,
    check: bool = False,
    **kwargs: Any,
) -> httpx.Response:
    all_headers = {
        "Authorization": f"Bearer {connection.credentials['access_token']}",
        "Linkedin-Version": api_version(),
        "X-Restli-Protocol-Version": "2.0.0",
        **(headers or {}),
    }
    url = (
        path if absolute else f"{(connection.base_url or api_url()).rstrip('/')}{path}"
    )
    response = rest.send(
        method,
        url,
        network=NAME,
        ambiguous_after_send=ambiguous_after_send,
        headers=all_headers,
        **kwargs,
    )
    if check and not response.is_success:
        raise _error(response, ambiguous_after_send=False)
    return response


def _error(response: httpx.Response, *, ambiguous_after_send: bool) -> LinkedInError:
    message, code = _message(response)
    status = response.status_code
    if status == 426:
        error = LinkedInError(
            _(
                "LinkedIn no longer serves API version %(version)s (HTTP 426). Set "
                "SOCIAL_LINKEDIN_VERSION to a version LinkedIn still serves "
                "(YYYYMM, at most about a year old) and retry. LinkedIn said: "
                "%(message)s"
            )
            % {"version": api_version(), "message": message},
            permanent=True,
            status=status,
        )
    elif status == 429:
        error = LinkedInError(message, retry_at=_retry_at(message), status=status)
    elif status == 401:
        error = LinkedInError(message, needs_reconnect=True, status=status)
    elif status >= 500:
        error = LinkedInError(message, ambiguous=ambiguous_after_send, status=status)
    else:
        error = LinkedInError(message, permanent=True, status=status)
    error.code = code
    return error


def _message(response: httpx.Response) -> tuple[str, str]:
    """LinkedIn's own words and code: `message` + `code`, or an OAuth error, and
    the codes of `errorDetails.inputErrors` (e.g. DUPLICATE_POST)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return f"HTTP {response.status_code} {response.reason_phrase}".strip(), ""
    if body.get("error"):
        parts = [str(body["error"]), str(body.get("error_description") or "")]
        return ": ".join(part for part in parts if part), str(body["error"])
    codes = [str(body.get("code") or "")]
    details = (body.get("errorDetails") or {}).get("inputErrors") or []
    codes.extend(
        str(item.get("code") or "") for item in details if isinstance(item, dict)
    )
    message = str(body.get("message") or f"HTTP {response.status_code}")
    return message, " ".join(code for code in codes if code)


def _retry_at(message: str) -> datetime:
    now = datetime.now(UTC)
    if "DAY" in message.upper():
        return (now + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    return now + timedelta(minutes=5)


def _ref(urn: str) -> RemoteRef:
    web = _setting("SOCIAL_LINKEDIN_WEB_URL", WEB_URL).rstrip("/")
    return RemoteRef(remote_id=urn, uri=urn, url=f"{web}/feed/update/{urn}/")
