"""A fake X API v2, at the HTTP level, for tests.

Follows docs.x.com (OpenAPI spec and guides, Aug 2026) closely enough that
`platforms.x` cannot tell it from api.x.com:

- OAuth 2.0: `GET /i/oauth2/authorize` (PKCE S256 required; approves at once and
  redirects to the registered callback with `code` and `state`, as if the person had
  clicked "Authorize app"), `POST /2/oauth2/token` (authorization code valid 30 s,
  single use, checked against its verifier; Basic auth for a confidential client;
  access tokens for `access_token_seconds`, 7,200 by default; a refresh token only
  with `offline.access`, rotated at each refresh: the old one is refused after).
- `GET /2/users/me`, `GET /2/users/:id/tweets` (newest first, `start_time`,
  `max_results` 5–100, `pagination_token`; text as X returns it: URLs as t.co links
  with `entities.urls`, a t.co link for attached media, `& < >` as HTML entities),
  `GET /2/tweets/:id` (`public_metrics`; a missing post answers 200 with `errors`).
- `POST /2/tweets` (201; a text the account already has live answers 403 "You are
  not allowed to create a Tweet with duplicate content."), `DELETE /2/tweets/:id`.
- Media: `POST /2/media/upload/initialize`, `…/:id/append` (multipart
  `segment_index` + `media`), `…/:id/finalize` (sizes checked; a large image
  answers `processing_info` and `GET /2/media/upload?command=STATUS` reports it),
  `POST /2/media/metadata` (alt text ≤ 1,000).
- Limits per user in fixed windows (`POST /2/tweets` 100 / 15 min and 10,000 / 24 h,
  deletes 50 / 15 min, metadata 500 / 15 min, reads 900 / 15 min) with
  `x-rate-limit-limit/remaining/reset` (Unix seconds) on every answer and the
  `x-user-limit-24hour-*` ones on posts; past a limit, 429 with X's problem body and
  no `Retry-After`.

Failure injection on the writes (`POST /2/tweets`, `DELETE /2/tweets/:id`):
`fail_next(method, path, how)` with `how` one of "503" (nothing done), "503-after"
(done, then a 503), "drop" (done, then the connection dropped), "429"; or random
`error_rate` / `ambiguous_rate` / `throttle_rate`. `created_texts` counts what was
really posted.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import html
import itertools
import random
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from ..platforms.x import weighted_length
from .server import Answer, Drop, FakeServer, Request, s256

RATE_LIMITS: dict[str, tuple[int, float]] = {
    "posts": (100, 15 * 60),
    "posts_day": (10_000, 24 * 60 * 60),
    "deletes": (50, 15 * 60),
    "media": (1_875, 15 * 60),
    "metadata": (500, 15 * 60),
    "reads": (900, 15 * 60),
}
CODE_SECONDS = 30
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MEDIA_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
_URL = re.compile(r"https?://[^\s<>\"]+")


def _problem(status: int, title: str, detail: str, kind: str = "about:blank") -> Answer:
    return Answer(
        status, {"title": title, "detail": detail, "type": kind, "status": status}
    )


UNAUTHORIZED = _problem(401, "Unauthorized", "Unauthorized")


@dataclass
class FakeUser:
    id: str
    username: str
    name: str


@dataclass
class FakePost:
    id: str
    user_id: str
    text: str
    media_ids: list[str]
    created_at: float
    deleted: bool = False
    metrics: dict[str, int] = field(
        default_factory=lambda: {
            "retweet_count": 0,
            "reply_count": 0,
            "like_count": 0,
            "quote_count": 0,
            "bookmark_count": 0,
            "impression_count": 0,
        }
    )


def _iso(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(timestamp))


def _parse_iso(value: str) -> float:
    return float(calendar.timegm(time.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")))


class FakeX(FakeServer):
    name = "fake-x"

    def __init__(
        self,
        *,
        access_token_seconds: float = 7200,
        time_scale: float = 1.0,
        media_processing_bytes: int = 256 * 1024,
        media_processing_seconds: float = 0.2,
        error_rate: float = 0.0,
        ambiguous_rate: float = 0.0,
        throttle_rate: float = 0.0,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.access_token_seconds = access_token_seconds
        self.time_scale = time_scale
        self.media_processing_bytes = media_processing_bytes
        self.media_processing_seconds = media_processing_seconds
        self.error_rate = error_rate
        self.ambiguous_rate = ambiguous_rate
        self.throttle_rate = throttle_rate
        self.random = random.Random(seed)  # noqa: S311 - failure injection
        self.rate_limits = dict(RATE_LIMITS)
        self.apps: dict[str, dict[str, Any]] = {}
        self.users: dict[str, FakeUser] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.refresh_tokens: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, FakePost] = {}
        self.windows: dict[tuple[str, str, int], int] = {}
        self.script: list[tuple[str, str, str]] = []
        self.created_texts: Counter[str] = Counter()
        self._ids = itertools.count(1)

    # --- set-up helpers for tests ----------------------------------------------

    def add_app(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        with self.lock:
            self.apps[client_id] = {"secret": client_secret, "redirect": redirect_uri}

    def create_user(self, username: str, name: str = "") -> FakeUser:
        with self.lock:
            user = FakeUser(self._new_id(), username, name or username)
            self.users[user.id] = user
            return user

    def issue_tokens(
        self,
        user: FakeUser,
        scope: str = "tweet.read tweet.write users.read media.write offline.access",
    ) -> dict[str, Any]:
        """A token answer without the OAuth dance."""
        with self.lock:
            return self._tokens_for(user.id, scope)

    def expire_access_tokens(self) -> None:
        with self.lock:
            for entry in self.tokens.values():
                entry["expires_at"] = time.time() - 1

    def revoke_all(self, user: FakeUser) -> None:
        with self.lock:
            for table in (self.tokens, self.refresh_tokens):
                for entry in table.values():
                    if entry["user_id"] == user.id:
                        entry["revoked"] = True

    def fail_next(self, method: str, path: str, how: str) -> None:
        """The next `method` request whose path starts with `path` fails `how`."""
        with self.lock:
            self.script.append((method, path, how))

    def live_posts(self, user: FakeUser | None = None) -> list[FakePost]:
        with self.lock:
            return [
                post
                for post in self.posts.values()
                if not post.deleted and (user is None or post.user_id == user.id)
            ]

    def add_post(
        self, user: FakeUser, text: str, *, at: float | None = None
    ) -> FakePost:
        with self.lock:
            post = FakePost(
                id=self._new_id(),
                user_id=user.id,
                text=text,
                media_ids=[],
                created_at=at if at is not None else time.time(),
            )
            self.posts[post.id] = post
            return post

    # --- internals -----------------------------------------------------------------

    def _new_id(self) -> str:
        # Snowflake-like: sorts by time.
        return str(int(time.time() * 1000) * 4_194_304 + next(self._ids) % 4_194_304)

    def _tokens_for(self, user_id: str, scope: str) -> dict[str, Any]:
        access = secrets.token_urlsafe(32)
        self.tokens[access] = {
            "user_id": user_id,
            "scope": scope.split(),
            "expires_at": time.time() + self.access_token_seconds,
            "revoked": False,
        }
        answer: dict[str, Any] = {
            "token_type": "bearer",
            "expires_in": int(self.access_token_seconds),
            "access_token": access,
            "scope": scope,
        }
        if "offline.access" in scope.split():
            refresh = secrets.token_urlsafe(32)
            self.refresh_tokens[refresh] = {
                "user_id": user_id,
                "scope": scope,
                "revoked": False,
            }
            answer["refresh_token"] = refresh
        return answer

    def _check_rate(self, user_id: str, families: list[str]) -> dict[str, str]:
        now = time.time()
        headers: dict[str, str] = {}
        over = False
        for number, family in enumerate(families):
            limit, seconds = self.rate_limits[family]
            window = seconds / self.time_scale
            index = int(now // window)
            key = (user_id, family, index)
            self.windows[key] = self.windows.get(key, 0) + 1
            remaining = max(limit - self.windows[key], 0)
            reset = str(int((index + 1) * window) + 1)
            prefix = "x-rate-limit" if number == 0 else "x-user-limit-24hour"
            headers[f"{prefix}-limit"] = str(limit)
            headers[f"{prefix}-remaining"] = str(remaining)
            headers[f"{prefix}-reset"] = reset
            over = over or self.windows[key] > limit
        if over:
            answer = _problem(429, "Too Many Requests", "Too Many Requests")
            answer.headers = headers
            raise answer
        return headers

    def _scripted(self, request: Request) -> str | None:
        for index, (method, path, how) in enumerate(self.script):
            if method == request.method and request.path.startswith(path):
                del self.script[index]
                return how
        roll = self.random.random()
        if roll < self.error_rate:
            return "503"
        roll -= self.error_rate
        if roll < self.throttle_rate:
            return "429"
        roll -= self.throttle_rate
        return "drop" if roll < self.ambiguous_rate else None

    def _authenticate(self, request: Request, scope: str) -> str:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        entry = self.tokens.get(token.strip())
        if entry is None or entry["revoked"] or entry["expires_at"] < time.time():
            raise UNAUTHORIZED
        if scope not in entry["scope"]:
            raise _problem(403, "Forbidden", "Forbidden")
        return str(entry["user_id"])

    # --- routing -----------------------------------------------------------------

    def route(self, request: Request) -> Answer:
        segments = [segment for segment in request.path.split("/") if segment]
        with self.lock:
            if request.method == "GET" and request.path == "/i/oauth2/authorize":
                return self._authorize(request)
            if request.method == "POST" and request.path == "/2/oauth2/token":
                return self._token(request)
            how = None
            if (request.method, segments[:2]) in (
                ("POST", ["2", "tweets"]),
                ("DELETE", ["2", "tweets"]),
            ):
                how = self._scripted(request)
            if how == "503":
                raise _problem(503, "Service Unavailable", "Service Unavailable")
            if how == "429":
                raise Answer(
                    429,
                    {
                        "title": "Too Many Requests",
                        "detail": "Too Many Requests",
                        "type": "about:blank",
                        "status": 429,
                    },
                    {
                        "x-rate-limit-limit": "100",
                        "x-rate-limit-remaining": "0",
                        "x-rate-limit-reset": str(int(time.time()) + 2),
                    },
                )
            answer = self._api(request, segments)
        if how == "drop":
            raise Drop
        if how == "503-after":
            return _problem(503, "Service Unavailable", "Service Unavailable")
        return answer

    def _api(self, request: Request, segments: list[str]) -> Answer:
        method = request.method
        match method, segments:
            case "GET", ["2", "users", "me"]:
                user_id = self._authenticate(request, "users.read")
                headers = self._check_rate(user_id, ["reads"])
                user = self.users[user_id]
                data = {"id": user.id, "name": user.name, "username": user.username}
                return Answer(200, {"data": data}, headers)
            case "GET", ["2", "users", wanted, "tweets"]:
                user_id = self._authenticate(request, "tweet.read")
                headers = self._check_rate(user_id, ["reads"])
                return Answer(200, self._timeline(request, wanted), headers)
            case "GET", ["2", "tweets", post_id]:
                user_id = self._authenticate(request, "tweet.read")
                headers = self._check_rate(user_id, ["reads"])
                return Answer(200, self._lookup(post_id), headers)
            case "POST", ["2", "tweets"]:
                user_id = self._authenticate(request, "tweet.write")
                headers = self._check_rate(user_id, ["posts", "posts_day"])
                return Answer(201, self._create(request, user_id), headers)
            case "DELETE", ["2", "tweets", post_id]:
                user_id = self._authenticate(request, "tweet.write")
                headers = self._check_rate(user_id, ["deletes"])
                return self._delete(user_id, post_id, headers)
            case "POST", ["2", "media", "upload", "initialize"]:
                user_id = self._authenticate(request, "media.write")
                headers = self._check_rate(user_id, ["media"])
                return Answer(200, self._initialize(request, user_id), headers)
            case "POST", ["2", "media", "upload", media_id, "append"]:
                user_id = self._authenticate(request, "media.write")
                headers = self._check_rate(user_id, ["media"])
                self._append(request, user_id, media_id)
                return Answer(200, {"meta": {}}, headers)
            case "POST", ["2", "media", "upload", media_id, "finalize"]:
                user_id = self._authenticate(request, "media.write")
                headers = self._check_rate(user_id, ["media"])
                return Answer(200, self._finalize(user_id, media_id), headers)
            case "GET", ["2", "media", "upload"]:
                user_id = self._authenticate(request, "media.write")
                headers = self._check_rate(user_id, ["media"])
                media = self._own_media(user_id, request.query.get("media_id", ""))
                return Answer(200, {"data": self._media_json(media)}, headers)
            case "POST", ["2", "media", "metadata"]:
                user_id = self._authenticate(request, "media.write")
                headers = self._check_rate(user_id, ["metadata"])
                return Answer(200, self._metadata(request, user_id), headers)
        return _problem(404, "Not Found", "Sorry, that page does not exist.")

    # --- OAuth -----------------------------------------------------------------------

    def _authorize(self, request: Request) -> Answer:
        query = request.query
        app = self.apps.get(query.get("client_id", ""))
        if app is None or query.get("response_type") != "code":
            return Answer(400, {"error": "invalid_request"})
        if query.get("redirect_uri") != app["redirect"]:
            return Answer(400, {"error": "invalid_request"})
        if (
            not query.get("code_challenge")
            or query.get("code_challenge_method") != "S256"
        ):
            return Answer(400, {"error": "invalid_request"})
        user = next(iter(self.users.values()), None) or self.create_user("campaign")
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "client_id": query["client_id"],
            "redirect_uri": query["redirect_uri"],
            "challenge": query["code_challenge"],
            "scope": query.get("scope", ""),
            "user_id": user.id,
            "issued_at": time.time(),
        }
        location = (
            query["redirect_uri"]
            + "?"
            + urlencode({"state": query.get("state", ""), "code": code})
        )
        return Answer(302, None, {"Location": location})

    def _client_id(self, request: Request) -> str:
        authorization = request.headers.get("authorization", "")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, secret = decoded.partition(":")
            app = self.apps.get(client_id)
            if app is None or app["secret"] != secret:
                raise Answer(
                    401,
                    {
                        "error": "unauthorized_client",
                        "error_description": "Missing valid authorization header",
                    },
                )
            return client_id
        client_id = str(request.form.get("client_id") or "")
        if client_id not in self.apps:
            raise Answer(
                401,
                {
                    "error": "unauthorized_client",
                    "error_description": "Missing valid authorization header",
                },
            )
        return client_id

    def _token(self, request: Request) -> Answer:
        client_id = self._client_id(request)
        form = request.form
        if form.get("grant_type") == "authorization_code":
            grant = self.codes.pop(str(form.get("code") or ""), None)
            if (
                grant is None
                or grant["client_id"] != client_id
                or grant["redirect_uri"] != form.get("redirect_uri")
                or time.time() - grant["issued_at"] > CODE_SECONDS
                or s256(str(form.get("code_verifier") or "")) != grant["challenge"]
            ):
                return Answer(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the authorization code "
                        "was invalid.",
                    },
                )
            return Answer(200, self._tokens_for(grant["user_id"], grant["scope"]))
        if form.get("grant_type") == "refresh_token":
            entry = self.refresh_tokens.get(str(form.get("refresh_token") or ""))
            if entry is None or entry["revoked"]:
                return Answer(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the token was invalid.",
                    },
                )
            entry["revoked"] = True  # rotated: each refresh token works once
            return Answer(200, self._tokens_for(entry["user_id"], entry["scope"]))
        return Answer(400, {"error": "unsupported_grant_type"})

    # --- posts -------------------------------------------------------------------------

    def _create(self, request: Request, user_id: str) -> dict[str, Any]:
        text = str(request.form.get("text") or "")
        media_ids = [
            str(m) for m in (request.form.get("media") or {}).get("media_ids") or []
        ]
        invalid = _problem(
            400,
            "Invalid Request",
            "One or more parameters to your request was invalid.",
            "https://api.x.com/2/problems/invalid-request",
        )
        if not text.strip() and not media_ids:
            raise invalid
        if weighted_length(text) > 280:
            raise _problem(
                400,
                "Invalid Request",
                "Your Tweet text is too long.",
                "https://api.x.com/2/problems/invalid-request",
            )
        if len(media_ids) > 4:
            raise invalid
        for media_id in media_ids:
            media = self.media.get(media_id)
            if media is None or media["user_id"] != user_id or not self._ready(media):
                raise invalid
        if any(post.text == text for post in self.live_posts(self.users[user_id])):
            raise _problem(
                403,
                "Forbidden",
                "You are not allowed to create a Tweet with duplicate content.",
            )
        post = FakePost(self._new_id(), user_id, text, media_ids, time.time())
        self.posts[post.id] = post
        self.created_texts[text] += 1
        return {
            "data": {"id": post.id, "text": text, "edit_history_tweet_ids": [post.id]}
        }

    def _delete(self, user_id: str, post_id: str, headers: dict[str, str]) -> Answer:
        post = self.posts.get(post_id)
        if post is None or post.deleted:
            answer = _problem(
                404,
                "Not Found Error",
                f"Could not find tweet with id: [{post_id}].",
                "https://api.x.com/2/problems/resource-not-found",
            )
            answer.headers = headers
            return answer
        if post.user_id != user_id:
            return _problem(
                403, "Forbidden", "You are not allowed to delete this Tweet."
            )
        post.deleted = True
        return Answer(200, {"data": {"deleted": True}}, headers)

    def rendered(self, post: FakePost) -> dict[str, Any]:
        """A post as X returns it: t.co links, a media link, HTML entities."""
        pieces: list[str] = []
        urls: list[dict[str, Any]] = []
        position = 0
        for match in _URL.finditer(post.text):
            pieces.append(html.escape(post.text[position : match.start()], quote=False))
            short = f"https://t.co/{hashlib.sha1(match[0].encode()).hexdigest()[:10]}"  # noqa: S324
            start = sum(len(piece) for piece in pieces)
            urls.append(
                {
                    "start": start,
                    "end": start + len(short),
                    "url": short,
                    "expanded_url": match[0],
                    "display_url": match[0][8:40],
                }
            )
            pieces.append(short)
            position = match.end()
        pieces.append(html.escape(post.text[position:], quote=False))
        text = "".join(pieces)
        body: dict[str, Any] = {
            "id": post.id,
            "text": text,
            "created_at": _iso(post.created_at),
            "edit_history_tweet_ids": [post.id],
        }
        if post.media_ids:
            short = f"https://t.co/m{post.id[-8:]}"
            start = len(text) + 1
            text = f"{text} {short}"
            urls.append(
                {
                    "start": start,
                    "end": start + len(short),
                    "url": short,
                    "expanded_url": f"https://x.com/i/status/{post.id}/photo/1",
                    "display_url": "pic.x.com/fake",
                    "media_key": f"3_{post.media_ids[0]}",
                }
            )
            body["text"] = text
            body["attachments"] = {"media_keys": [f"3_{m}" for m in post.media_ids]}
        if urls:
            body["entities"] = {"urls": urls}
        return body

    def _timeline(self, request: Request, wanted: str) -> dict[str, Any]:
        query = request.query
        if wanted not in self.users:
            raise _problem(
                400,
                "Invalid Request",
                "The `id` query parameter value is not valid.",
                "https://api.x.com/2/problems/invalid-request",
            )
        size = int(query.get("max_results") or 10)
        if not 5 <= size <= 100:
            raise _problem(
                400,
                "Invalid Request",
                "The `max_results` query parameter value is not between 5 and 100",
                "https://api.x.com/2/problems/invalid-request",
            )
        since = _parse_iso(query["start_time"]) if query.get("start_time") else 0.0
        posts = sorted(
            (
                post
                for post in self.posts.values()
                if post.user_id == wanted
                and not post.deleted
                and post.created_at >= since
            ),
            key=lambda post: -int(post.id),
        )
        start = int(query.get("pagination_token") or 0)
        page = posts[start : start + size]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta.update(newest_id=page[0].id, oldest_id=page[-1].id)
        if start + size < len(posts):
            meta["next_token"] = str(start + size)
        answer: dict[str, Any] = {"meta": meta}
        if page:
            answer["data"] = [self.rendered(post) for post in page]
        return answer

    def _lookup(self, post_id: str) -> dict[str, Any]:
        post = self.posts.get(post_id)
        if post is None or post.deleted:
            return {
                "errors": [
                    {
                        "value": post_id,
                        "detail": f"Could not find tweet with id: [{post_id}].",
                        "title": "Not Found Error",
                        "resource_type": "tweet",
                        "parameter": "id",
                        "resource_id": post_id,
                        "type": "https://api.x.com/2/problems/resource-not-found",
                    }
                ]
            }
        return {"data": {**self.rendered(post), "public_metrics": dict(post.metrics)}}

    # --- media ------------------------------------------------------------------------

    def _initialize(self, request: Request, user_id: str) -> dict[str, Any]:
        form = request.form
        total = int(form.get("total_bytes") or 0)
        if (
            form.get("media_type") not in MEDIA_TYPES
            or not 0 < total <= MAX_IMAGE_BYTES
        ):
            raise _problem(
                400,
                "Invalid Request",
                "One or more parameters to your request was invalid.",
                "https://api.x.com/2/problems/invalid-request",
            )
        media_id = self._new_id()
        self.media[media_id] = {
            "id": media_id,
            "user_id": user_id,
            "total_bytes": total,
            "segments": {},
            "finalized": False,
            "ready_at": None,
            "alt_text": None,
        }
        return {
            "data": {
                "id": media_id,
                "media_key": f"3_{media_id}",
                "expires_after_secs": 86400,
            }
        }

    def _own_media(self, user_id: str, media_id: str) -> dict[str, Any]:
        media = self.media.get(media_id)
        if media is None or media["user_id"] != user_id:
            raise _problem(
                400,
                "Invalid Request",
                "The media_id is invalid.",
                "https://api.x.com/2/problems/invalid-request",
            )
        return media

    def _append(self, request: Request, user_id: str, media_id: str) -> None:
        media = self._own_media(user_id, media_id)
        part = request.form.get("media")
        if not isinstance(part, dict) or "segment_index" not in request.form:
            raise _problem(
                400,
                "Invalid Request",
                "One or more parameters to your request was invalid.",
                "https://api.x.com/2/problems/invalid-request",
            )
        media["segments"][int(request.form["segment_index"])] = part["content"]

    def _finalize(self, user_id: str, media_id: str) -> dict[str, Any]:
        media = self._own_media(user_id, media_id)
        size = sum(len(chunk) for chunk in media["segments"].values())
        if size != media["total_bytes"]:
            raise _problem(
                400,
                "Invalid Request",
                "File size mismatch.",
                "https://api.x.com/2/problems/invalid-request",
            )
        media["finalized"] = True
        delay = (
            self.media_processing_seconds if size > self.media_processing_bytes else 0
        )
        media["ready_at"] = time.time() + delay
        return {"data": self._media_json(media)}

    def _ready(self, media: dict[str, Any]) -> bool:
        return bool(media["finalized"]) and time.time() >= media["ready_at"]

    def _media_json(self, media: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": media["id"],
            "media_key": f"3_{media['id']}",
            "size": media["total_bytes"],
            "expires_after_secs": 86400,
        }
        if media["finalized"] and media["total_bytes"] > self.media_processing_bytes:
            if self._ready(media):
                body["processing_info"] = {
                    "state": "succeeded",
                    "progress_percent": 100,
                }
            else:
                body["processing_info"] = {
                    "state": "in_progress",
                    "check_after_secs": 1,
                }
        return body

    def _metadata(self, request: Request, user_id: str) -> dict[str, Any]:
        media = self._own_media(user_id, str(request.form.get("id") or ""))
        alt = ((request.form.get("metadata") or {}).get("alt_text") or {}).get("text")
        if not isinstance(alt, str) or len(alt) > 1000:
            raise _problem(
                400,
                "Invalid Request",
                "One or more parameters to your request was invalid.",
                "https://api.x.com/2/problems/invalid-request",
            )
        media["alt_text"] = alt
        return {"data": {"id": media["id"], "associated_metadata": True}}
