"""A fake Mastodon server, at the HTTP level, for tests, the bench and local try-outs.

No Mastodon-API server installs from PyPI, npm or Debian, so this one follows the
documented requests, responses, errors and headers (docs.joinmastodon.org: methods
apps, oauth, instance, media, statuses, accounts; api/rate-limits; entities Error)
closely enough that `platforms.mastodon` cannot tell it from an instance:

- `POST /api/v1/apps`, `GET /oauth/authorize`, `POST /oauth/token` (authorization
  code; PKCE S256 checked when the authorization asked for it), `POST /oauth/revoke`,
  `GET /.well-known/oauth-authorization-server` (only when the version is 4.3 or
  later, 404 before, as documented).
- `GET /api/v2/instance` (version, api_versions, statuses and media limits),
  `GET /api/v1/accounts/verify_credentials`, `GET /api/v1/accounts/:id/statuses`.
- `POST /api/v2/media` (200 for a small image, 202 for a large one, which then
  answers 206 on `GET /api/v1/media/:id` while "processing" and 200 after).
- `POST /api/v1/statuses` (`Idempotency-Key` kept about an hour per account: the same
  key answers the same status and creates nothing), `DELETE /api/v1/statuses/:id`.
- Rate limits in fixed windows, as rack-attack and Mastodon's RateLimiter count them:
  300 requests / 5 min per account, media uploads 30 / 30 min, deletes 30 / 30 min,
  and status creation 300 / 3 h (Mastodon's `RateLimiter` `statuses` family, in its
  source but not on the rate-limits page). `X-RateLimit-Limit/Remaining/Reset`
  (ISO 8601) describe the limit closest to running out; past it, 429
  `{"error": "Too many requests"}`. `time_scale` shrinks every window (and the
  idempotency hour) by that factor for the bench. The per-IP limit is not modelled.

Not documented behaviour, for tests only: `GET /oauth/authorize` approves at once
and redirects to `redirect_uri` with `code` and `state` (as if the person had
clicked "Authorize"; `?username=` picks the account, the first one otherwise).

Failure injection (`error_rate`: a 503 without doing anything; `ambiguous_rate`: do
the work, then drop the connection without an answer; `throttle_rate`: a 429 with
`throttle_seconds` until reset) applies to the writes (`POST /api/v1/statuses`,
`POST /api/v2/media`, `DELETE /api/v1/statuses/:id`). Counters on the server's side
(`created_by_key`, `count_by_marker`, `log`) let tests and the bench check what was
really posted. A try-out tool (`manage.py run_fake_mastodon`), never a server for
anyone else: it approves every authorization and keeps everything in memory.
"""

from __future__ import annotations

import html
import itertools
import random
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urlencode, urlsplit

import regex

from .server import Answer, Drop, FakeServer, Request, s256

RATE_LIMITS: dict[str, tuple[int, float]] = {
    # family: (requests, seconds), as Mastodon counts them by default
    "requests": (300, 5 * 60),
    "media": (30, 30 * 60),
    "deletes": (30, 30 * 60),
    "statuses": (300, 3 * 60 * 60),
}
IDEMPOTENCY_SECONDS = 60 * 60
SUPPORTED_MIME_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
_URL = regex.compile(r"https?://[^\s<>\"]+")
_HASHTAG = regex.compile(r"(?<![\w/])#(\w+)")
_GRAPHEME = regex.compile(r"\X")
_SCOPES = {"read", "write", "push", "follow", "profile"}


@dataclass
class FakeAccount:
    id: str
    username: str
    display_name: str
    statuses: list[str] = field(default_factory=list)


def _iso(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _version_tuple(version: str) -> tuple[int, int]:
    match = regex.match(r"(\d+)\.(\d+)", version)
    return (int(match[1]), int(match[2])) if match else (0, 0)


class FakeMastodon(FakeServer):
    """One instance: `start()` it, use `url`, `stop()` it (or use `with`)."""

    name = "fake-mastodon"

    def __init__(
        self,
        *,
        domain: str = "",
        version: str = "4.5.0",
        max_characters: int = 500,
        characters_reserved_per_url: int = 23,
        max_media_attachments: int = 4,
        description_limit: int = 1500,
        image_size_limit: int = 16 * 1024 * 1024,
        image_matrix_limit: int = 33_177_600,
        sync_media_max_bytes: int = 256 * 1024,
        media_processing_seconds: float = 0.3,
        time_scale: float = 1.0,
        enforce_rate_limits: bool = True,
        rate_limits: dict[str, tuple[int, float]] | None = None,
        error_rate: float = 0.0,
        ambiguous_rate: float = 0.0,
        throttle_rate: float = 0.0,
        throttle_seconds: float = 1.0,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.domain = domain
        self.version = version
        self.max_characters = max_characters
        self.characters_reserved_per_url = characters_reserved_per_url
        self.max_media_attachments = max_media_attachments
        self.description_limit = description_limit
        self.image_size_limit = image_size_limit
        self.image_matrix_limit = image_matrix_limit
        self.sync_media_max_bytes = sync_media_max_bytes
        self.media_processing_seconds = media_processing_seconds
        self.time_scale = time_scale
        self.enforce_rate_limits = enforce_rate_limits
        self.rate_limits = dict(rate_limits or RATE_LIMITS)
        self.error_rate = error_rate
        self.ambiguous_rate = ambiguous_rate
        self.throttle_rate = throttle_rate
        self.throttle_seconds = throttle_seconds
        self.random = random.Random(seed)  # noqa: S311 - failure injection, not security
        self.accounts: dict[str, FakeAccount] = {}
        self.apps: dict[str, dict[str, Any]] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.statuses: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.idempotency: dict[tuple[str, str], tuple[str, float]] = {}
        self.windows: dict[tuple[str, str, int], int] = {}
        self.created_by_key: Counter[str] = Counter()
        self._ids = itertools.count(1)

    # --- running -----------------------------------------------------------------

    def start(self, port: int = 0, host: str = "127.0.0.1") -> Self:
        super().start(port, host)
        if not self.domain:
            self.domain = self.url.removeprefix("http://")
        return self

    def route(self, request: Request) -> Answer:
        try:
            status, body, headers = _route(_Call(self, request))
        except Answer as answer:
            return answer
        if status in (301, 302, 303):
            return Answer(status, None, {"Location": str(body)})
        return Answer(status, body, headers)

    # --- set-up helpers for tests ----------------------------------------------

    def create_account(self, username: str, display_name: str = "") -> FakeAccount:
        with self.lock:
            account = FakeAccount(self._new_id(), username, display_name or username)
            self.accounts[account.id] = account
            return account

    def issue_token(self, account: FakeAccount, scope: str = "read write") -> str:
        """An access token without the OAuth dance (tests and the bench)."""
        with self.lock:
            token = secrets.token_urlsafe(32)
            self.tokens[token] = {
                "account_id": account.id,
                "revoked": False,
                "scope": scope,
                "created_at": int(time.time()),
            }
            return token

    def revoke(self, token: str) -> None:
        with self.lock:
            self.tokens[token]["revoked"] = True

    # --- counters for tests and the bench ---------------------------------------

    def count_by_marker(self, pattern: str) -> Counter[str]:
        """How many statuses were created (deleted ones included) per marker.

        `pattern` is a regular expression with one group, found in the status text.
        """
        compiled = regex.compile(pattern)
        counts: Counter[str] = Counter()
        with self.lock:
            for status in self.statuses.values():
                match = compiled.search(status["text"])
                if match:
                    counts[match[1]] += 1
        return counts

    def live_statuses(self, account: FakeAccount | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [
                status
                for status in self.statuses.values()
                if not status["deleted"]
                and (account is None or status["account_id"] == account.id)
            ]

    def add_status(
        self,
        account: FakeAccount,
        text: str,
        *,
        language: str | None = None,
        visibility: str = "public",
        media_ids: list[str] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """Creates a status as the instance does once a request passed its checks
        (tests use it directly to give an account a long history)."""
        with self.lock:
            now = time.time()
            status: dict[str, Any] = {
                "id": self._new_id(),
                "account_id": account.id,
                "text": text,
                "language": language,
                "visibility": visibility,
                "media_ids": media_ids or [],
                "created_at": now,
                "application": "Migrants Count",
                "deleted": False,
                "idempotency_key": idempotency_key,
            }
            self.statuses[status["id"]] = status
            account.statuses.append(status["id"])
            if idempotency_key:
                # Kept about an hour, in the fake's (scaled) time like its limits.
                self.idempotency[(account.id, idempotency_key)] = (
                    status["id"],
                    now + IDEMPOTENCY_SECONDS / self.time_scale,
                )
                self.created_by_key[idempotency_key] += 1
            return status

    def window_seconds(self, family: str) -> float:
        return self.rate_limits[family][1] / self.time_scale

    # --- internals ---------------------------------------------------------------

    def _new_id(self) -> str:
        # Mastodon ids are snowflake-like strings that sort by time.
        return str(int(time.time() * 1000) * 65536 + next(self._ids) % 65536)

    def _check_rate(self, account_id: str, families: list[str]) -> dict[str, str]:
        """Count this request in each family; 429 past a limit. Returns headers."""
        now = time.time()
        closest: tuple[int, int, float] | None = None  # remaining, limit, reset
        over: tuple[int, float] | None = None
        for family in families:
            limit, seconds = self.rate_limits[family]
            window = seconds / self.time_scale
            index = int(now // window)
            key = (account_id, family, index)
            self.windows[key] = self.windows.get(key, 0) + 1
            remaining = max(limit - self.windows[key], 0)
            reset = (index + 1) * window
            if closest is None or remaining < closest[0]:
                closest = (remaining, limit, reset)
            if self.windows[key] > limit and self.enforce_rate_limits:
                over = (limit, reset)
        assert closest is not None  # noqa: S101
        headers = {
            "X-RateLimit-Limit": str(closest[1]),
            "X-RateLimit-Remaining": str(closest[0]),
            "X-RateLimit-Reset": _iso(closest[2]),
        }
        if over is not None:
            headers.update(
                {
                    "X-RateLimit-Limit": str(over[0]),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": _iso(over[1]),
                }
            )
            raise Answer(429, {"error": "Too many requests"}, headers)
        return headers

    def _inject(self, account_id: str) -> bool:
        """Maybe fail this write; True means "do it, then drop the answer"."""
        roll = self.random.random()
        if roll < self.error_rate:
            raise Answer(503, {"error": "Service Unavailable"})
        roll -= self.error_rate
        if roll < self.throttle_rate:
            reset = time.time() + self.throttle_seconds
            raise Answer(
                429,
                {"error": "Too many requests"},
                {
                    "X-RateLimit-Limit": "300",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": _iso(reset),
                },
            )
        roll -= self.throttle_rate
        return roll < self.ambiguous_rate

    def countable_length(self, text: str) -> int:
        replaced = _URL.sub("x" * self.characters_reserved_per_url, text)
        return len(_GRAPHEME.findall(replaced))

    def render_content(self, text: str) -> str:
        """Mastodon-like HTML: paragraphs, line breaks, linked URLs and hashtags."""

        def link(match: regex.Match[str]) -> str:
            url = match[0]
            scheme, _, rest = url.partition("://")
            return (
                f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener">'
                f'<span class="invisible">{scheme}://</span>'
                f'<span class="ellipsis">{html.escape(rest[:30])}</span>'
                f'<span class="invisible">{html.escape(rest[30:])}</span></a>'
            )

        def tag(match: regex.Match[str]) -> str:
            name = match[1]
            return (
                f'<a href="https://{self.domain}/tags/{name.lower()}" '
                f'class="mention hashtag" rel="tag">#<span>{name}</span></a>'
            )

        paragraphs = []
        for paragraph in text.split("\n\n"):
            pieces = []
            position = 0
            for match in _URL.finditer(paragraph):
                pieces.append(
                    _HASHTAG.sub(tag, html.escape(paragraph[position : match.start()]))
                )
                pieces.append(link(match))
                position = match.end()
            pieces.append(_HASHTAG.sub(tag, html.escape(paragraph[position:])))
            paragraphs.append("<p>" + "".join(pieces).replace("\n", "<br />") + "</p>")
        return "".join(paragraphs)

    def account_json(self, account: FakeAccount) -> dict[str, Any]:
        return {
            "id": account.id,
            "username": account.username,
            "acct": account.username,
            "display_name": account.display_name,
            "locked": False,
            "bot": False,
            "url": f"http://{self.domain}/@{account.username}",
            "statuses_count": len(account.statuses),
        }

    def status_json(
        self, status: dict[str, Any], *, source: bool = False
    ) -> dict[str, Any]:
        account = self.accounts[status["account_id"]]
        body = {
            "id": status["id"],
            "created_at": _iso(status["created_at"]),
            "in_reply_to_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": status["visibility"],
            "language": status["language"],
            "uri": f"http://{self.domain}/users/{account.username}/statuses/{status['id']}",
            "url": f"http://{self.domain}/@{account.username}/{status['id']}",
            # Counts a test sets on the status dict (reach metrics); 0 otherwise.
            "replies_count": status.get("replies_count", 0),
            "reblogs_count": status.get("reblogs_count", 0),
            "favourites_count": status.get("favourites_count", 0),
            "quotes_count": status.get("quotes_count", 0),
            "content": self.render_content(status["text"]),
            "reblog": None,
            "application": {"name": status["application"], "website": None},
            "account": self.account_json(account),
            "media_attachments": [
                self.media_json(self.media[m]) for m in status["media_ids"]
            ],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "card": None,
            "poll": None,
        }
        if source:
            body["text"] = status["text"]
        return body

    def media_json(self, media: dict[str, Any]) -> dict[str, Any]:
        ready = time.time() >= media["ready_at"]
        url = f"http://{self.domain}/system/media/{media['id']}/original.png"
        return {
            "id": media["id"],
            "type": "image",
            "url": url if ready else None,
            "preview_url": f"http://{self.domain}/system/media/{media['id']}/small.png",
            "remote_url": None,
            "text_url": None,
            "meta": {},
            "description": media["description"],
            "blurhash": None,
        }


class _Call:
    """One request as the routes see it, with the rate-limit headers it earns."""

    def __init__(self, fake: FakeMastodon, request: Request) -> None:
        self.fake = fake
        self.method = request.method
        self.path = request.path
        self.query = request.query
        self.form = request.form
        self.headers = request.headers
        self.rate_headers: dict[str, str] = {}

    def authenticate(self) -> FakeAccount:
        authorization = self.headers.get("authorization", "")
        token = authorization.removeprefix("Bearer ").strip()
        entry = self.fake.tokens.get(token)
        if entry is None:
            raise Answer(401, {"error": "The access token is invalid"})
        if entry["revoked"]:
            raise Answer(401, {"error": "The access token was revoked"})
        return self.fake.accounts[str(entry["account_id"])]


def _route(request: _Call) -> tuple[int, Any, dict[str, str]]:
    fake, method, path = request.fake, request.method, request.path
    segments = [segment for segment in path.split("/") if segment]
    with fake.lock:
        if method == "POST" and path == "/api/v1/apps":
            return 200, _create_app(request), {}
        if method == "GET" and path == "/oauth/authorize":
            return 302, _authorize(request), {}
        if method == "POST" and path == "/oauth/token":
            return 200, _token(request), {}
        if method == "POST" and path == "/oauth/revoke":
            token = fake.tokens.get(str(request.form.get("token", "")))
            if token is not None:
                token["revoked"] = True
            return 200, {}, {}
        if method == "GET" and path == "/.well-known/oauth-authorization-server":
            return 200, _server_metadata(fake), {}
        if method == "GET" and path == "/api/v2/instance":
            return 200, _instance(fake), {}
        account = request.authenticate()
        families = ["requests"]
        is_write = False
        if method == "POST" and segments[-1:] == ["media"]:
            families.append("media")
            is_write = True
        elif method == "POST" and path == "/api/v1/statuses":
            is_write = True  # the statuses family counts on creation only
        elif method == "DELETE" and segments[:3] == ["api", "v1", "statuses"]:
            families.append("deletes")
            is_write = True
        headers = fake._check_rate(account.id, families)
    drop = fake._inject(account.id) if is_write else False
    with fake.lock:
        request.rate_headers = headers
        try:
            status, body = _api(request, method, segments, account)
        except Answer as answer:
            answer.headers = {**request.rate_headers, **answer.headers}
            raise
    if drop:
        raise Drop
    return status, body, request.rate_headers


def _api(
    request: _Call, method: str, segments: list[str], account: FakeAccount
) -> tuple[int, Any]:
    fake = request.fake
    match method, segments:
        case "GET", ["api", "v1", "accounts", "verify_credentials"]:
            return 200, fake.account_json(account)
        case "GET", ["api", "v1", "accounts", account_id, "statuses"]:
            return 200, _account_statuses(request, account_id)
        case "POST", ["api", ("v1" | "v2") as version, "media"]:
            return _upload(request, account, synchronous_ok=version == "v2")
        case "GET", ["api", "v1", "media", media_id]:
            media = fake.media.get(media_id)
            if media is None or media["account_id"] != account.id:
                raise Answer(404, {"error": "Record not found"})
            ready = time.time() >= media["ready_at"]
            return (200 if ready else 206), fake.media_json(media)
        case "POST", ["api", "v1", "statuses"]:
            return 200, _create_status(request, account)
        case "GET", ["api", "v1", "statuses", status_id]:
            status = fake.statuses.get(status_id)
            if status is None or status["deleted"]:
                raise Answer(404, {"error": "Record not found"})
            return 200, fake.status_json(status)
        case "DELETE", ["api", "v1", "statuses", status_id]:
            status = fake.statuses.get(status_id)
            if (
                status is None
                or status["deleted"]
                or status["account_id"] != account.id
            ):
                raise Answer(404, {"error": "Record not found"})
            status["deleted"] = True
            status["deleted_media"] = request.query.get("delete_media") == "true"
            return 200, fake.status_json(status, source=True)
    raise Answer(404, {"error": "Record not found"})


def _create_app(request: _Call) -> dict[str, Any]:
    form = request.form
    if not form.get("client_name"):
        raise Answer(
            422, {"error": "Validation failed: Application name can't be blank"}
        )
    redirect_uris = form.get("redirect_uris") or form.get("redirect_uris[]") or ""
    if isinstance(redirect_uris, str):
        redirect_uris = redirect_uris.split()
    if not redirect_uris or not all(
        uri == "urn:ietf:wg:oauth:2.0:oob" or urlsplit(uri).scheme
        for uri in redirect_uris
    ):
        raise Answer(
            422, {"error": "Validation failed: Redirect URI must be an absolute URI."}
        )
    scopes = str(form.get("scopes") or "read").split()
    client_id = secrets.token_urlsafe(32)
    app = {
        "id": request.fake._new_id(),
        "name": form["client_name"],
        "website": form.get("website"),
        "scopes": scopes,
        "redirect_uri": "\n".join(redirect_uris),
        "redirect_uris": redirect_uris,
        "client_id": client_id,
        "client_secret": secrets.token_urlsafe(32),
        "client_secret_expires_at": 0,
    }
    request.fake.apps[client_id] = app
    return app


def _authorize(request: _Call) -> str:
    fake, query = request.fake, request.query
    app = fake.apps.get(query.get("client_id", ""))
    if app is None or query.get("response_type") != "code":
        raise Answer(400, {"error": "invalid_request"})
    redirect_uri = query.get("redirect_uri", "")
    if redirect_uri not in app["redirect_uris"]:
        raise Answer(400, {"error": "invalid_redirect_uri"})
    scope = query.get("scope", "read").replace("+", " ").split()
    if not set(scope) <= set(app["scopes"]):
        raise Answer(400, {"error": "invalid_scope"})
    challenge = query.get("code_challenge")
    if challenge is not None:
        if _version_tuple(fake.version) < (4, 3):
            challenge = None  # an older instance ignores the PKCE parameters
        elif query.get("code_challenge_method") != "S256":
            raise Answer(400, {"error": "invalid_request"})
    username = query.get("username")
    accounts = [a for a in fake.accounts.values() if username in (None, a.username)]
    if not accounts:
        accounts = [fake.create_account(username or "campaign", "Migrants Count")]
    code = secrets.token_urlsafe(32)
    fake.codes[code] = {
        "client_id": app["client_id"],
        "redirect_uri": redirect_uri,
        "challenge": challenge,
        "scope": " ".join(scope),
        "account_id": accounts[0].id,
    }
    params = {"code": code}
    if "state" in query:
        params["state"] = query["state"]
    separator = "&" if "?" in redirect_uri else "?"
    return redirect_uri + separator + urlencode(params)


def _token(request: _Call) -> dict[str, Any]:
    fake, form = request.fake, request.form
    invalid_grant = Answer(
        400,
        {
            "error": "invalid_grant",
            "error_description": "The provided authorization grant is invalid, "
            "expired, revoked, does not match the redirection URI used in the "
            "authorization request, or was issued to another client.",
        },
    )
    app = fake.apps.get(str(form.get("client_id", "")))
    if app is None or app["client_secret"] != form.get("client_secret"):
        raise Answer(
            401,
            {
                "error": "invalid_client",
                "error_description": "Client authentication failed due to unknown "
                "client, no client authentication included, or unsupported "
                "authentication method.",
            },
        )
    if form.get("grant_type") != "authorization_code":
        raise Answer(400, {"error": "unsupported_grant_type"})
    grant = fake.codes.pop(str(form.get("code", "")), None)
    if (
        grant is None
        or grant["client_id"] != app["client_id"]
        or grant["redirect_uri"] != form.get("redirect_uri")
    ):
        raise invalid_grant
    if grant["challenge"] is not None:
        verifier = str(form.get("code_verifier") or "")
        if not verifier or s256(verifier) != grant["challenge"]:
            raise invalid_grant
    account = fake.accounts[grant["account_id"]]
    token = fake.issue_token(account, grant["scope"])
    return {
        "access_token": token,
        "token_type": "Bearer",
        "scope": grant["scope"],
        "created_at": fake.tokens[token]["created_at"],
    }


def _server_metadata(fake: FakeMastodon) -> dict[str, Any]:
    if _version_tuple(fake.version) < (4, 3):
        raise Answer(404, {"error": "Record not found"})
    base = f"http://{fake.domain}"
    return {
        "issuer": f"{base}/",
        "authorization_endpoint": f"{base}/oauth/authorize",
        "token_endpoint": f"{base}/oauth/token",
        "app_registration_endpoint": f"{base}/api/v1/apps",
        "revocation_endpoint": f"{base}/oauth/revoke",
        "scopes_supported": sorted(_SCOPES)
        + ["read:accounts", "read:statuses", "write:media", "write:statuses"],
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": ["authorization_code", "client_credentials"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
        ],
    }


def _instance(fake: FakeMastodon) -> dict[str, Any]:
    body: dict[str, Any] = {
        "domain": fake.domain,
        "title": "Fake Mastodon",
        "version": fake.version,
        "source_url": "https://github.com/mastodon/mastodon",
        "description": "A fake instance for tests and local try-outs.",
        "configuration": {
            "urls": {"streaming": f"ws://{fake.domain}"},
            "statuses": {
                "max_characters": fake.max_characters,
                "max_media_attachments": fake.max_media_attachments,
                "characters_reserved_per_url": fake.characters_reserved_per_url,
            },
            "media_attachments": {
                "description_limit": fake.description_limit,
                "image_matrix_limit": fake.image_matrix_limit,
                "image_size_limit": fake.image_size_limit,
                "supported_mime_types": SUPPORTED_MIME_TYPES,
            },
        },
        "registrations": {"enabled": False, "approval_required": False},
    }
    version = _version_tuple(fake.version)
    if version >= (4, 3):
        # api_versions arrived in 4.3 (mastodon: 2); 4.4 is 4, 4.5 is 7.
        body["api_versions"] = {"mastodon": {(4, 3): 2, (4, 4): 4}.get(version[:2], 7)}
    return body


def _upload(
    request: _Call, account: FakeAccount, *, synchronous_ok: bool
) -> tuple[int, dict[str, Any]]:
    fake, form = request.fake, request.form
    file = form.get("file")
    if not isinstance(file, dict):
        raise Answer(422, {"error": "Validation failed: File can't be blank"})
    if file["content_type"] not in SUPPORTED_MIME_TYPES:
        raise Answer(
            422,
            {
                "error": "Validation failed: File content type is invalid, File is invalid"
            },
        )
    if len(file["content"]) > fake.image_size_limit:
        raise Answer(
            422, {"error": "Validation failed: File file size must be less than 16 MB"}
        )
    description = str(form.get("description") or "")
    if len(description) > fake.description_limit:
        raise Answer(
            422,
            {
                "error": "Validation failed: Description is too long (maximum is "
                f"{fake.description_limit} characters)"
            },
        )
    asynchronous = (
        len(file["content"]) > fake.sync_media_max_bytes or not synchronous_ok
    )
    media: dict[str, Any] = {
        "id": fake._new_id(),
        "account_id": account.id,
        "description": description or None,
        "size": len(file["content"]),
        "ready_at": time.time()
        + (fake.media_processing_seconds if asynchronous else 0),
    }
    fake.media[media["id"]] = media
    return (202 if asynchronous else 200), fake.media_json(media)


def _create_status(request: _Call, account: FakeAccount) -> dict[str, Any]:
    fake, form = request.fake, request.form
    key = request.headers.get("idempotency-key")
    now = time.time()
    if key:
        remembered = fake.idempotency.get((account.id, key))
        if remembered and remembered[1] > now:
            return fake.status_json(fake.statuses[remembered[0]])
    text = str(form.get("status") or "")
    media_ids = form.get("media_ids") or form.get("media_ids[]") or []
    if isinstance(media_ids, str):
        media_ids = [media_ids]
    if not text.strip() and not media_ids:
        raise Answer(422, {"error": "Validation failed: Text can't be blank"})
    if fake.countable_length(text) > fake.max_characters:
        raise Answer(
            422,
            {
                "error": "Validation failed: Text character limit of "
                f"{fake.max_characters} exceeded"
            },
        )
    if len(media_ids) > fake.max_media_attachments:
        raise Answer(422, {"error": "Validation failed: Media attachments is invalid"})
    for media_id in media_ids:
        media = fake.media.get(str(media_id))
        if media is None or media["account_id"] != account.id:
            raise Answer(
                422, {"error": "Validation failed: Media attachments is invalid"}
            )
        if now < media["ready_at"]:
            raise Answer(
                422,
                {
                    "error": "Cannot attach files that have not finished processing. "
                    "Try again in a moment!"
                },
            )
    # Mastodon counts its `statuses` limit when the status is created (after the
    # idempotency check and validation) and its headers replace the request limit's.
    request.rate_headers = fake._check_rate(account.id, ["statuses"])
    status = fake.add_status(
        account,
        text,
        language=form.get("language") or None,
        visibility=form.get("visibility") or "public",
        media_ids=[str(media_id) for media_id in media_ids],
        idempotency_key=key,
    )
    return fake.status_json(status)


def _account_statuses(request: _Call, account_id: str) -> list[dict[str, Any]]:
    fake, query = request.fake, request.query
    account = fake.accounts.get(account_id)
    if account is None:
        raise Answer(404, {"error": "Record not found"})
    limit = min(int(query.get("limit") or 20), 40)
    max_id = int(query.get("max_id") or 0)
    since_id = int(query.get("since_id") or query.get("min_id") or 0)
    answer = []
    for status_id in reversed(account.statuses):
        status = fake.statuses[status_id]
        if status["deleted"]:
            continue
        if max_id and int(status_id) >= max_id:
            continue
        if since_id and int(status_id) <= since_id:
            break
        answer.append(fake.status_json(status))
        if len(answer) >= limit:
            break
    return answer
