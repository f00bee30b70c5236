"""A fake of Meta's Graph hosts (Facebook Pages, Instagram, Threads) at the HTTP level,
for tests and local try-outs: one threaded local server that answers as
graph.facebook.com, www.facebook.com (the login dialog), graph.instagram.com,
api.instagram.com, www.instagram.com, graph.threads.net and threads.net do, point
every `SOCIAL_META_*` / `SOCIAL_INSTAGRAM_*` / `SOCIAL_THREADS_*` setting at `url`.

No Graph server can be installed from the registries here, so this follows the
documented requests, answers and errors (developers.facebook.com: Facebook Login
manual flow and long-lived tokens, Pages API feed/photos/published_posts, Graph
API rate limiting and error handling; Instagram Platform content publishing,
IG Container, content_publishing_limit, refresh_access_token; Threads API
overview, posts, delete posts, long-lived tokens, insights):

- OAuth: `GET /{v}/dialog/oauth` and `GET /oauth/authorize` approve at once and
  redirect with `code` and `state` (as if the person had clicked "Allow"; not
  documented behaviour); `GET /{v}/oauth/access_token` (code, PKCE verifier checked
  when a challenge was sent; `fb_exchange_token`), `POST /oauth/access_token`
  (Instagram and Threads codes), `GET /access_token` (`ig_exchange_token`,
  `th_exchange_token`), `GET /refresh_access_token` (`ig_refresh_token`,
  `th_refresh_token`: only a token at least 24 hours old and not expired).
- Facebook: `/me/accounts` (Pages with their tokens and linked Instagram account),
  `POST /{page}/feed`, `POST /{page}/photos` (multipart `source`), `GET
  /{page}/published_posts`, `GET /{post}`, `DELETE /{post}`; an identical message
  twice in a row answers 506 "Duplicate status message".
- Instagram: `content_publishing_limit`, `POST /{ig}/media` (the image is fetched
  from `image_url` as Meta does, error 9004 / 2207052 when it cannot be),
  containers `IN_PROGRESS` for `processing_seconds` then `FINISHED`,
  `media_publish` earlier answers 9007 / 2207027 "Media ID is not available", past
  the quota 9 / 2207042; `GET /{ig}/media`, insights; `DELETE /{media}` only with a
  Page token (Facebook Login), else 100 "Unsupported delete request".
- Threads: `threads_publishing_limit` (250 / 24 h), `POST /{user}/threads`,
  `threads_publish` (past the quota: code 4 "Application request limit
  reached"), `GET /{user}/threads`, insights, `DELETE /{media}` (100 / 24 h).
- Errors are Graph's `{"error": {"message", "type", "code", "error_subcode",
  "fbtrace_id"}}`: an expired token answers 190 / 463, a revoked one 190 / 460.
  Every answer to a Page or Instagram token carries `X-Business-Use-Case-Usage`
  (user tokens: `X-App-Usage`) with `usage_percent`; `throttle_rate` answers code
  32 "Page request limit reached" with `estimated_time_to_regain_access`.

- Facebook Live (Live Video API): `POST /{page}/live_videos` (`status` must be
  `SCHEDULED_UNPUBLISHED` or `UNPUBLISHED`/`LIVE_NOW`; `planned_start_time` between
  10 minutes and 7 days ahead, else 100 "Invalid parameter"), answering `id`,
  `stream_url` and `secure_stream_url`; `GET /{live-video-id}` (`status`,
  `planned_start_time`, `permalink_url`, `video`); `POST /{live-video-id}`
  (`planned_start_time` only while scheduled, `status=SCHEDULED_CANCELED`,
  `end_live_video=true` only while `LIVE`); `DELETE /{live-video-id}` and
  `DELETE /{video-id}` (the recording; `undeletable` ids answer 100 "Unsupported
  delete request"). Tests drive a broadcast with `go_live`, `stop_live` (then
  `LIVE_STOPPED`, `PROCESSING`, `VOD` with the recording's video) and `expire_live`.

Failure injection on the writes (feed, photos, media_publish, threads_publish,
DELETE): `error_rate` (500, code 2, `is_transient`, nothing done),
`ambiguous_rate` (done, then the connection is dropped without an answer) and
`throttle_rate`; `read_errors` fails the next reads of a post (500, code 1). Counters (`posts`, `count_by_marker`, `log`) let tests check what
was really posted. Everything is kept in memory; a try-out tool, never a server.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
import secrets
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from .server import Answer, Drop, FakeServer, LogEntry, Request, s256

DAY = 24 * 3600
LONG_LIVED = 60 * DAY
SHORT_LIVED = 3600
_VERSION = re.compile(r"^/v\d+\.\d+(/|$)")


def graph_error(
    message: str,
    code: int,
    subcode: int | None = None,
    *,
    status: int = 400,
    kind: str = "OAuthException",
    transient: bool = False,
    user_title: str = "",
    user_message: str = "",
    headers: dict[str, str] | None = None,
) -> Answer:
    error: dict[str, Any] = {
        "message": message,
        "type": kind,
        "code": code,
        "fbtrace_id": secrets.token_urlsafe(8),
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    if transient:
        error["is_transient"] = True
    if user_title:
        error["error_user_title"] = user_title
        error["error_user_msg"] = user_message
    return Answer(status, {"error": error}, headers or {})


@dataclass
class Token:
    kind: str  # "user", "page", "ig", "threads"
    subject: str  # user, page, Instagram or Threads user id
    network: str  # "facebook", "instagram", "threads"
    issued_at: float
    expires_at: float | None
    revoked: bool = False
    login: str = ""  # Instagram: "facebook" (a Page token) or "instagram"


@dataclass
class Owner:
    """A Page, an Instagram professional account or a Threads profile."""

    id: str
    name: str
    network: str
    quota_total: int = 0
    deletes_total: int = 100
    instagram: Owner | None = None
    token: str = ""


@dataclass
class FakeMeta(FakeServer):
    """`start()` it, use `url` (and `settings()`), `stop()` it (or use `with`)."""

    name = "fake-meta"
    processing_seconds: float = 0.0
    usage_percent: int = 5
    regain_minutes: int = 0
    error_rate: float = 0.0
    ambiguous_rate: float = 0.0
    throttle_rate: float = 0.0
    throttle_minutes: int = 10
    # The next this many reads of a post (its permalink, its counts) answer 500.
    read_errors: int = 0
    seed: int | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    apps: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    owners: dict[str, Owner] = field(default_factory=dict)
    pages_of: dict[str, list[str]] = field(default_factory=dict)  # user -> pages
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    containers: dict[str, dict[str, Any]] = field(default_factory=dict)
    photos: dict[str, dict[str, Any]] = field(default_factory=dict)
    live_videos: dict[str, dict[str, Any]] = field(default_factory=dict)
    videos: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Objects whose DELETE answers 100 "Unsupported delete request".
    undeletable: set[str] = field(default_factory=set)
    log: list[LogEntry] = field(default_factory=list)
    default_user: dict[str, str] = field(default_factory=dict)  # network -> subject

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)  # noqa: S311 - injection, not security
        self._ids = itertools.count(int(time.time()) * 1000)
        self._server = None

    # --- running -------------------------------------------------------------------

    def route(self, request: Request) -> Answer:
        call = _Call(self, request)
        try:
            with self.lock:
                status, body = _route(
                    call, request.method, _VERSION.sub("/", request.path)
                )
        except Answer as answer:
            return Answer(
                answer.status, answer.body, {**call.extra_headers, **answer.headers}
            )
        if status == 302:
            return Answer(302, None, {"Location": str(body)})
        return Answer(status, body, call.extra_headers)

    def settings(self) -> dict[str, str]:
        """The Django settings that point the Graph modules here."""
        return dict.fromkeys(
            (
                "SOCIAL_META_GRAPH_URL",
                "SOCIAL_META_WWW_URL",
                "SOCIAL_INSTAGRAM_GRAPH_URL",
                "SOCIAL_INSTAGRAM_API_URL",
                "SOCIAL_INSTAGRAM_WWW_URL",
                "SOCIAL_THREADS_GRAPH_URL",
                "SOCIAL_THREADS_WWW_URL",
            ),
            self.url,
        )

    # --- set-up helpers --------------------------------------------------------------

    def new_id(self) -> str:
        return str(next(self._ids))

    def add_app(self, client_id: str = "app-1", secret: str = "app-secret") -> None:  # noqa: S107
        self.apps[client_id] = secret

    def add_page(
        self, user_id: str, name: str, *, instagram: str = "", ig_quota: int = 100
    ) -> Owner:
        """A Page the Facebook user manages, optionally with a linked Instagram
        professional account (`instagram` is its username)."""
        with self.lock:
            page = Owner(self.new_id(), name, "facebook")
            page.token = self.issue("page", page.id, "facebook", lifetime=None)
            if instagram:
                page.instagram = Owner(
                    self.new_id(), instagram, "instagram", quota_total=ig_quota
                )
                self.owners[page.instagram.id] = page.instagram
            self.owners[page.id] = page
            self.pages_of.setdefault(user_id, []).append(page.id)
            self.default_user.setdefault("facebook", user_id)
            return page

    def add_instagram(self, username: str, *, quota: int = 100) -> Owner:
        """An Instagram professional account for Instagram Login."""
        with self.lock:
            owner = Owner(self.new_id(), username, "instagram", quota_total=quota)
            self.owners[owner.id] = owner
            self.default_user["instagram"] = owner.id
            return owner

    def add_threads(self, username: str, *, quota: int = 250) -> Owner:
        with self.lock:
            owner = Owner(self.new_id(), username, "threads", quota_total=quota)
            self.owners[owner.id] = owner
            self.default_user["threads"] = owner.id
            return owner

    def issue(
        self,
        kind: str,
        subject: str,
        network: str,
        *,
        lifetime: float | None = LONG_LIVED,
        login: str = "",
        issued_at: float | None = None,
    ) -> str:
        now = time.time() if issued_at is None else issued_at
        token = secrets.token_urlsafe(24)
        self.tokens[token] = Token(
            kind,
            subject,
            network,
            issued_at=now,
            expires_at=None if lifetime is None else now + lifetime,
            login=login,
        )
        return token

    def expire(self, token: str) -> None:
        self.tokens[token].expires_at = time.time() - 1

    def revoke(self, token: str) -> None:
        self.tokens[token].revoked = True

    def age(self, token: str, seconds: float) -> None:
        """Make a token older (its expiry moves with it)."""
        entry = self.tokens[token]
        entry.issued_at -= seconds
        if entry.expires_at is not None:
            entry.expires_at -= seconds

    # --- counters ---------------------------------------------------------------------

    def live_posts(self, owner: Owner | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [
                post
                for post in self.posts.values()
                if not post["deleted"] and (owner is None or post["owner"] == owner.id)
            ]

    def count_by_marker(self, pattern: str) -> Counter[str]:
        compiled = re.compile(pattern)
        counts: Counter[str] = Counter()
        with self.lock:
            for post in self.posts.values():
                match = compiled.search(post["text"])
                if match:
                    counts[match[1]] += 1
        return counts

    def go_live(self, live_video_id: str) -> None:
        with self.lock:
            self.live_videos[live_video_id]["status"] = "LIVE"

    def stop_live(self, live_video_id: str, *, to: str = "VOD") -> str:
        """The broadcast ended: LIVE_STOPPED, then PROCESSING, then VOD with its
        recording as a Page video (`to` stops earlier). Returns the video id."""
        with self.lock:
            live = self.live_videos[live_video_id]
            video_id = live["video"] or self.new_id()
            live["video"] = video_id
            live["status"] = to
            self.videos.setdefault(
                video_id,
                {
                    "id": video_id,
                    "owner": live["owner"],
                    "deleted": False,
                    "permalink": f"/{live['owner']}/videos/{video_id}/",
                },
            )
            return video_id

    def expire_live(self, live_video_id: str) -> None:
        with self.lock:
            self.live_videos[live_video_id]["status"] = "SCHEDULED_EXPIRED"

    # --- behaviour shared by the routes ----------------------------------------------

    def usage_headers(self, token: Token) -> dict[str, str]:
        entry = {
            "call_count": self.usage_percent,
            "total_cputime": max(self.usage_percent - 2, 0),
            "total_time": max(self.usage_percent - 1, 0),
        }
        if token.kind == "user":
            return {"X-App-Usage": json.dumps(entry)}
        buc = {
            "type": "pages" if token.network == "facebook" else token.network,
            **entry,
            "estimated_time_to_regain_access": self.regain_minutes,
        }
        return {"X-Business-Use-Case-Usage": json.dumps({token.subject: [buc]})}

    def inject(self) -> bool:
        """Maybe fail this write; True means "do it, then drop the answer"."""
        roll = self.random.random()
        if roll < self.error_rate:
            raise graph_error(
                "An unexpected error has occurred. Please retry your request later.",
                2,
                status=500,
                transient=True,
            )
        roll -= self.error_rate
        if roll < self.throttle_rate:
            raise graph_error(
                "(#32) Page request limit reached",
                32,
                headers={
                    "X-Business-Use-Case-Usage": json.dumps(
                        {
                            "0": [
                                {
                                    "type": "pages",
                                    "call_count": 100,
                                    "total_cputime": 40,
                                    "total_time": 60,
                                    "estimated_time_to_regain_access": (
                                        self.throttle_minutes
                                    ),
                                }
                            ]
                        }
                    )
                },
            )
        roll -= self.throttle_rate
        return roll < self.ambiguous_rate

    def add_post(
        self, owner: Owner, text: str, *, images: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        with self.lock:
            post_id = (
                f"{owner.id}_{self.new_id()}"
                if owner.network == "facebook"
                else self.new_id()
            )
            host = {
                "facebook": "https://www.facebook.com",
                "instagram": "https://www.instagram.com/p",
                "threads": f"https://www.threads.net/@{owner.name}/post",
            }[owner.network]
            post = {
                "id": post_id,
                "owner": owner.id,
                "network": owner.network,
                "text": text,
                "images": images or [],
                "created": time.time(),
                "deleted": False,
                "permalink": f"{host}/{post_id}",
                "likes": 0,
                "replies": 0,
                "reposts": 0,
                "quotes": 0,
                "views": 0,
            }
            self.posts[post_id] = post
            return post

    def fetch_image(self, url: str) -> dict[str, Any] | None:
        """Meta cURLs the image at the time of the attempt."""
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                content = response.read()
        except (OSError, ValueError):
            return None
        return {"url": url, "sha256": hashlib.sha256(content).hexdigest()}


def _graph_time(moment: float) -> str:
    return datetime.fromtimestamp(moment, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


class _Call:
    """One request as the routes see it, with the usage headers its token earns."""

    def __init__(self, fake: FakeMeta, request: Request) -> None:
        self.fake = fake
        self.path = request.path
        self.query = request.query
        self.form = request.form
        self.headers = request.headers
        self.extra_headers: dict[str, str] = {}

    def param(self, name: str) -> str:
        return str(self.form.get(name) or self.query.get(name) or "")

    def token(self, *kinds: str) -> Token:
        """The caller's token (Authorization header or access_token), checked."""
        value = self.headers.get("authorization", "").removeprefix("Bearer ").strip()
        value = value or self.param("access_token")
        token = self.fake.tokens.get(value)
        if token is None:
            raise graph_error(
                "Invalid OAuth access token - Cannot parse access token", 190
            )
        if token.revoked:
            raise graph_error(
                "Error validating access token: The session has been invalidated "
                "because the user changed their password or Facebook has changed the "
                "session for security reasons.",
                190,
                460,
            )
        if token.expires_at is not None and token.expires_at <= time.time():
            raise graph_error(
                "Error validating access token: Session has expired on "
                f"{_graph_time(token.expires_at)}.",
                190,
                463,
            )
        if kinds and token.kind not in kinds:
            raise graph_error("(#200) Permissions error", 200, kind="OAuthException")
        self.extra_headers.update(self.fake.usage_headers(token))
        return token

    def owner(self, owner_id: str, token: Token) -> Owner:
        owner = self.fake.owners.get(owner_id)
        allowed = owner is not None and (
            token.subject == owner.id
            or (
                token.kind == "page"
                and owner.network == "instagram"
                and (page := self.fake.owners.get(token.subject)) is not None
                and page.instagram is owner
            )
        )
        if owner is None or not allowed:
            raise graph_error(
                f"Unsupported request. Object with ID '{owner_id}' does not exist, "
                "cannot be loaded due to missing permissions, or does not support "
                "this operation.",
                100,
                33,
            )
        return owner


def _route(call: _Call, method: str, path: str) -> tuple[int, Any]:
    segments = [segment for segment in path.split("/") if segment]
    if method == "GET" and segments == ["dialog", "oauth"]:
        return _authorize(call, "facebook")
    if method == "GET" and segments == ["oauth", "authorize"]:
        scope = call.query.get("scope", "")
        return _authorize(call, "threads" if "threads_" in scope else "instagram")
    if segments == ["oauth", "access_token"]:
        return _code_exchange(call)
    if method == "GET" and segments == ["access_token"]:
        return _long_lived(call)
    if method == "GET" and segments == ["refresh_access_token"]:
        return _refresh(call)
    if segments == ["me", "accounts"]:
        return _me_accounts(call)
    if segments == ["me"]:
        return _me(call)
    if len(segments) == 2:
        return _edge(call, method, segments[0], segments[1])
    if len(segments) == 1:
        return _node(call, method, segments[0])
    raise graph_error(f"Unknown path components: /{path}", 2500)


# --- OAuth -----------------------------------------------------------------------------


def _authorize(call: _Call, network: str) -> tuple[int, Any]:
    fake = call.fake
    query = call.query
    if query.get("client_id") not in fake.apps:
        raise graph_error("Invalid App ID", 101)
    code = secrets.token_urlsafe(16)
    fake.codes[code] = {
        "network": network,
        "client_id": query["client_id"],
        "redirect_uri": query.get("redirect_uri", ""),
        "challenge": query.get("code_challenge"),
        "subject": fake.default_user.get(network, ""),
    }
    separator = "&" if "?" in query.get("redirect_uri", "") else "?"
    target = urlencode({"code": code, "state": query.get("state", "")})
    return 302, f"{query.get('redirect_uri', '')}{separator}{target}"


def _check_app(call: _Call) -> None:
    client_id = call.param("client_id")
    if call.fake.apps.get(client_id) != call.param("client_secret"):
        raise graph_error("Error validating client secret.", 1, kind="OAuthException")


def _code_exchange(call: _Call) -> tuple[int, Any]:
    fake = call.fake
    if call.param("grant_type") == "fb_exchange_token":
        _check_app(call)
        old = fake.tokens.get(call.param("fb_exchange_token"))
        if old is None or old.kind != "user":
            raise graph_error("Invalid OAuth access token.", 190)
        token = fake.issue("user", old.subject, "facebook")
        return 200, {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": LONG_LIVED,
        }
    _check_app(call)
    entry = fake.codes.pop(call.param("code"), None)
    if entry is None or entry["redirect_uri"] != call.param("redirect_uri"):
        raise graph_error(
            "This authorization code has been used.", 100, 36009, kind="OAuthException"
        )
    if entry["challenge"] and s256(call.param("code_verifier")) != entry["challenge"]:
        raise graph_error("Invalid code verifier", 100, kind="OAuthException")
    network = entry["network"]
    subject = entry["subject"]
    if network == "facebook":
        token = fake.issue("user", subject, network, lifetime=2 * SHORT_LIVED)
        return 200, {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": 2 * SHORT_LIVED,
        }
    kind = "ig" if network == "instagram" else "threads"
    token = fake.issue(kind, subject, network, lifetime=SHORT_LIVED, login="instagram")
    return 200, {"access_token": token, "user_id": int(subject)}


def _long_lived(call: _Call) -> tuple[int, Any]:
    fake = call.fake
    grant = call.param("grant_type")
    if grant not in ("ig_exchange_token", "th_exchange_token"):
        raise graph_error("Unsupported grant_type", 100)
    if call.param("client_secret") not in fake.apps.values():
        raise graph_error("Error validating client secret.", 1)
    old = call.token("ig" if grant.startswith("ig") else "threads")
    token = fake.issue(old.kind, old.subject, old.network, login=old.login)
    return 200, {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": LONG_LIVED,
    }


def _refresh(call: _Call) -> tuple[int, Any]:
    fake = call.fake
    grant = call.param("grant_type")
    old = call.token("ig" if grant == "ig_refresh_token" else "threads")
    if time.time() - old.issued_at < DAY:
        raise graph_error(
            "The access token can only be refreshed once it is at least 24 hours old.",
            190,
        )
    token = fake.issue(old.kind, old.subject, old.network, login=old.login)
    return 200, {
        "access_token": token,
        "token_type": "bearer",
        "expires_in": LONG_LIVED,
    }


def _me_accounts(call: _Call) -> tuple[int, Any]:
    fake = call.fake
    token = call.token("user")
    data = []
    for page_id in fake.pages_of.get(token.subject, []):
        page = fake.owners[page_id]
        entry: dict[str, Any] = {
            "id": page.id,
            "name": page.name,
            "access_token": page.token,
            "tasks": ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MODERATE", "MANAGE"],
        }
        if page.instagram is not None:
            entry["instagram_business_account"] = {
                "id": page.instagram.id,
                "username": page.instagram.name,
            }
        data.append(entry)
    return 200, {"data": data, "paging": {"cursors": {"before": "b", "after": "a"}}}


def _me(call: _Call) -> tuple[int, Any]:
    token = call.token()
    owner = call.fake.owners.get(token.subject)
    if token.kind == "ig" and owner is not None:
        return 200, {"user_id": owner.id, "username": owner.name, "id": owner.id}
    if owner is not None:
        return 200, {"id": owner.id, "username": owner.name, "name": owner.name}
    return 200, {"id": token.subject, "name": "Campaign person"}


# --- edges: /{owner}/{edge} ------------------------------------------------------------


def _edge(call: _Call, method: str, owner_id: str, edge: str) -> tuple[int, Any]:
    fake = call.fake
    if edge == "insights" and owner_id in fake.posts:
        return _insights(call, owner_id)
    token = call.token()
    owner = call.owner(owner_id, token)
    if (method, edge) == ("POST", "feed"):
        return _feed(call, owner)
    if (method, edge) == ("POST", "live_videos") and owner.network == "facebook":
        return _create_live(call, owner)
    if (method, edge) == ("POST", "photos"):
        return _photo(call, owner)
    if (method, edge) in (
        ("GET", "published_posts"),
        ("GET", "media"),
        ("GET", "threads"),
    ):
        return _list(call, owner)
    if (method, edge) in (("POST", "media"), ("POST", "threads")):
        return _container(call, owner)
    if (method, edge) in (("POST", "media_publish"), ("POST", "threads_publish")):
        return _publish(call, owner)
    if edge in ("content_publishing_limit", "threads_publishing_limit"):
        used = sum(
            1
            for post in fake.posts.values()
            if post["owner"] == owner.id and post["created"] > time.time() - DAY
        )
        return 200, {
            "data": [
                {
                    "quota_usage": used,
                    "config": {"quota_total": owner.quota_total, "quota_duration": DAY},
                }
            ]
        }
    raise graph_error(f"Unsupported {method} request on /{owner_id}/{edge}", 100)


def _feed(call: _Call, owner: Owner) -> tuple[int, Any]:
    fake = call.fake
    message = call.param("message")
    drop = fake.inject()
    latest = [
        p for p in fake.posts.values() if p["owner"] == owner.id and not p["deleted"]
    ]
    if latest and max(latest, key=lambda p: p["created"])["text"] == message:
        raise graph_error("(#506) Duplicate status message", 506)
    images = []
    for key in sorted(k for k in call.form if k.startswith("attached_media[")):
        photo_id = json.loads(call.form[key])["media_fbid"]
        images.append(fake.photos[photo_id])
    post = fake.add_post(owner, message, images=images)
    if drop:
        raise Drop
    return 200, {"id": post["id"]}


def _photo(call: _Call, owner: Owner) -> tuple[int, Any]:
    fake = call.fake
    source = call.form.get("source")
    if not isinstance(source, dict):
        raise graph_error("(#324) Requires upload file", 324)
    content = source["content"]
    photo = {
        "id": fake.new_id(),
        "sha256": hashlib.sha256(content).hexdigest(),
        "alt_text": call.param("alt_text_custom"),
    }
    fake.photos[photo["id"]] = photo
    if call.param("published") == "false":
        return 200, {"id": photo["id"]}
    drop = fake.inject()
    post = fake.add_post(owner, call.param("message"), images=[photo])
    if drop:
        raise Drop
    return 200, {"id": photo["id"], "post_id": post["id"]}


def _list(call: _Call, owner: Owner) -> tuple[int, Any]:
    fake = call.fake
    items = sorted(
        (p for p in fake.posts.values() if p["owner"] == owner.id and not p["deleted"]),
        key=lambda p: p["created"],
        reverse=True,
    )
    limit = int(call.query.get("limit") or 25)
    start = int(call.query.get("after") or 0)
    page = items[start : start + limit]
    text_field = {"facebook": "message", "instagram": "caption", "threads": "text"}[
        owner.network
    ]
    time_field = "created_time" if owner.network == "facebook" else "timestamp"
    link_field = "permalink_url" if owner.network == "facebook" else "permalink"
    data = [
        {
            "id": p["id"],
            text_field: p["text"],
            time_field: _graph_time(p["created"]),
            link_field: p["permalink"],
        }
        for p in page
    ]
    body: dict[str, Any] = {"data": data}
    if start + limit < len(items):
        query = dict(call.query, after=str(start + limit), limit=str(limit))
        body["paging"] = {"next": f"{fake.url}{call.path}?{urlencode(query)}"}
    return 200, body


def _container(call: _Call, owner: Owner) -> tuple[int, Any]:
    fake = call.fake
    image_url = call.param("image_url")
    image = fake.fetch_image(image_url) if image_url else None
    if image_url and image is None and owner.network == "instagram":
        raise graph_error(
            "Only photo or video can be accepted as media type.",
            9004,
            2207052,
            user_title="Media download has failed.",
            user_message="The media could not be fetched from this uri: " + image_url,
        )
    children = [c for c in call.param("children").split(",") if c]
    container_id = fake.new_id()
    container: dict[str, Any] = {
        "id": container_id,
        "owner": owner.id,
        "text": call.param("caption") or call.param("text"),
        "media_type": call.param("media_type") or "IMAGE",
        "image": image,
        "alt_text": call.param("alt_text"),
        "children": children,
        "carousel_item": call.param("is_carousel_item") == "true",
        "reply_control": call.param("reply_control") or "everyone",
        "ready_at": time.time() + fake.processing_seconds,
        "failed": bool(image_url and image is None),
        "published": "",
    }
    fake.containers[container_id] = container
    return 200, {"id": container_id}


def _container_state(fake: FakeMeta, container: dict[str, Any]) -> str:
    if container["published"]:
        return "PUBLISHED"
    if container["failed"]:
        return "ERROR"
    return "FINISHED" if time.time() >= container["ready_at"] else "IN_PROGRESS"


def _publish(call: _Call, owner: Owner) -> tuple[int, Any]:
    fake = call.fake
    container = fake.containers.get(call.param("creation_id"))
    if container is None or container["owner"] != owner.id:
        raise graph_error("Invalid parameter", 100, user_title="Invalid creation_id")
    if _container_state(fake, container) != "FINISHED":
        raise graph_error(
            "Media ID is not available",
            9007,
            2207027,
            user_title="Media not ready for publishing",
            user_message="The media is not ready for publishing, please wait for a moment",
        )
    used = sum(
        1
        for post in fake.posts.values()
        if post["owner"] == owner.id and post["created"] > time.time() - DAY
    )
    if used >= owner.quota_total:
        if owner.network == "instagram":
            raise graph_error(
                "Application request limit reached",
                9,
                2207042,
                user_title="Maximum number of posts reached",
                user_message="You have reached the maximum number of posts "
                "that can be published within 24 hours.",
            )
        raise graph_error("Application request limit reached", 4)
    drop = fake.inject()
    images = [fake.containers[c]["image"] for c in container["children"]]
    if container["image"]:
        images.append(container["image"])
    post = fake.add_post(owner, container["text"], images=images)
    post["alt_texts"] = [container["alt_text"]] + [
        fake.containers[c]["alt_text"] for c in container["children"]
    ]
    post["reply_control"] = container["reply_control"]
    container["published"] = post["id"]
    if drop:
        raise Drop
    return 200, {"id": post["id"]}


def _insights(call: _Call, post_id: str) -> tuple[int, Any]:
    fake = call.fake
    token = call.token()
    post = fake.posts[post_id]
    call.owner(post["owner"], token)
    wanted = call.query.get("metric", "").split(",")
    data = [
        {
            "name": name,
            "period": "lifetime",
            "values": [{"value": post.get(name, 0)}],
            "id": f"{post_id}/insights/{name}/lifetime",
        }
        for name in wanted
        if name in ("views", "likes", "replies", "reposts", "quotes", "shares")
    ]
    return 200, {"data": data}


# --- nodes: /{id} -------------------------------------------------------------------


def _node(call: _Call, method: str, node_id: str) -> tuple[int, Any]:
    fake = call.fake
    token = call.token()
    if node_id in fake.containers and method == "GET":
        container = fake.containers[node_id]
        call.owner(container["owner"], token)
        state = _container_state(fake, container)
        error = "FAILED_DOWNLOADING_IMAGE" if state == "ERROR" else ""
        return 200, {
            "id": node_id,
            "status_code": state,
            "status": state,
            "error_message": error,
        }
    if node_id in fake.live_videos and not fake.live_videos[node_id]["deleted"]:
        return _live_node(call, method, token, fake.live_videos[node_id])
    if node_id in fake.videos and not fake.videos[node_id]["deleted"]:
        return _video_node(call, method, token, fake.videos[node_id])
    post = fake.posts.get(node_id)
    if post is None or post["deleted"]:
        raise graph_error(
            f"Unsupported {method.lower()} request. Object with ID '{node_id}' does "
            "not exist, cannot be loaded due to missing permissions, or does not "
            "support this operation.",
            100,
            33,
        )
    owner = call.owner(post["owner"], token)
    if method == "DELETE":
        return _delete(call, owner, token, post)
    if fake.read_errors > 0:
        fake.read_errors -= 1
        raise graph_error(
            "An unknown error has occurred.", 1, status=500, transient=True
        )
    return 200, {
        "id": post["id"],
        "permalink_url": post["permalink"],
        "permalink": post["permalink"],
        "like_count": post["likes"],
        "comments_count": post["replies"],
        "shares": {"count": post["reposts"]},
        "reactions": {"data": [], "summary": {"total_count": post["likes"]}},
        "comments": {"data": [], "summary": {"total_count": post["replies"]}},
    }


def _delete(
    call: _Call, owner: Owner, token: Token, post: dict[str, Any]
) -> tuple[int, Any]:
    fake = call.fake
    if owner.network == "instagram" and token.kind != "page":
        raise graph_error("Unsupported delete request.", 100)
    if owner.network == "threads":
        deleted_today = sum(
            1
            for p in fake.posts.values()
            if p["owner"] == owner.id
            and p["deleted"]
            and p.get("deleted_at", 0) > time.time() - DAY
        )
        if deleted_today >= owner.deletes_total:
            raise graph_error("Application request limit reached", 4)
    drop = fake.inject()
    post["deleted"] = True
    post["deleted_at"] = time.time()
    if drop:
        raise Drop
    if owner.network == "threads":
        return 200, {"success": True, "deleted_id": post["id"]}
    return 200, {"success": True}


# --- Facebook Live ------------------------------------------------------------------

LIVE_WRITE_STATUSES = ("UNPUBLISHED", "LIVE_NOW", "SCHEDULED_UNPUBLISHED")
MIN_LEAD = 600
MAX_LEAD = 7 * DAY


def _invalid(message: str) -> Answer:
    return graph_error(
        "(#100) Invalid parameter",
        100,
        kind="OAuthException",
        user_title="Invalid parameter",
        user_message=message,
    )


def _planned(call: _Call) -> int:
    raw = call.param("planned_start_time")
    if not raw:
        try:
            raw = str(json.loads(call.param("event_params") or "{}")["start_time"])
        except (KeyError, ValueError, TypeError):
            raw = ""
    if not raw.isdigit():
        raise _invalid("planned_start_time must be a UNIX timestamp.")
    planned = int(raw)
    lead = planned - time.time()
    if lead < MIN_LEAD or lead > MAX_LEAD:
        raise _invalid(
            "The planned start time must be between 10 minutes and 7 days from now."
        )
    return planned


def _create_live(call: _Call, owner: Owner) -> tuple[int, Any]:
    fake = call.fake
    status = call.param("status") or "UNPUBLISHED"
    if status not in LIVE_WRITE_STATUSES:
        raise _invalid(f"Unsupported status {status} for a new live video.")
    planned = _planned(call) if status == "SCHEDULED_UNPUBLISHED" else None
    drop = fake.inject()
    live_id = fake.new_id()
    key = f"FB-{live_id}-{secrets.token_urlsafe(12)}"
    live = {
        "id": live_id,
        "owner": owner.id,
        "status": "LIVE" if status == "LIVE_NOW" else status,
        "planned_start_time": planned,
        "title": call.param("title"),
        "description": call.param("description"),
        "stream_url": f"rtmp://live-api-s.facebook.com:80/rtmp/{key}",
        "secure_stream_url": f"rtmps://live-api-s.facebook.com:443/rtmp/{key}",
        "permalink_url": f"/{owner.id}/videos/{live_id}/",
        "video": "",
        "deleted": False,
    }
    fake.live_videos[live_id] = live
    if drop:
        raise Drop
    return 200, {
        "id": live_id,
        "stream_url": live["stream_url"],
        "secure_stream_url": live["secure_stream_url"],
    }


def _live_node(
    call: _Call, method: str, token: Token, live: dict[str, Any]
) -> tuple[int, Any]:
    fake = call.fake
    call.owner(live["owner"], token)
    if method == "GET":
        body: dict[str, Any] = {
            "id": live["id"],
            "status": live["status"],
            "permalink_url": live["permalink_url"],
            "title": live["title"],
        }
        if live["planned_start_time"] is not None:
            body["planned_start_time"] = _graph_time(live["planned_start_time"])
        if live["status"] in ("SCHEDULED_UNPUBLISHED", "SCHEDULED_LIVE", "LIVE"):
            body["stream_url"] = live["stream_url"]
            body["secure_stream_url"] = live["secure_stream_url"]
        if live["video"]:
            body["video"] = {"id": live["video"]}
        return 200, body
    if method == "DELETE":
        return _delete_object(call, live)
    drop = fake.inject()
    scheduled = live["status"].startswith("SCHEDULED_") and live["status"] not in (
        "SCHEDULED_CANCELED",
        "SCHEDULED_EXPIRED",
    )
    if call.param("end_live_video") == "true":
        if live["status"] != "LIVE":
            raise _invalid("Only a live broadcast can be ended.")
        live["status"] = "LIVE_STOPPED"
    if call.param("planned_start_time"):
        if not scheduled:
            raise _invalid("Only a scheduled live video can be moved.")
        live["planned_start_time"] = _planned(call)
    status = call.param("status")
    if status:
        if status == "SCHEDULED_CANCELED" and not scheduled:
            raise _invalid("Only a scheduled live video can be cancelled.")
        live["status"] = status
    for name in ("title", "description"):
        if call.param(name):
            live[name] = call.param(name)
    if drop:
        raise Drop
    return 200, {"id": live["id"]}


def _video_node(
    call: _Call, method: str, token: Token, video: dict[str, Any]
) -> tuple[int, Any]:
    call.owner(video["owner"], token)
    if method == "DELETE":
        return _delete_object(call, video)
    return 200, {"id": video["id"], "permalink_url": video["permalink"]}


def _delete_object(call: _Call, item: dict[str, Any]) -> tuple[int, Any]:
    fake = call.fake
    if item["id"] in fake.undeletable:
        raise graph_error("Unsupported delete request.", 100)
    drop = fake.inject()
    item["deleted"] = True
    if drop:
        raise Drop
    return 200, {"success": True}
