"""A fake LinkedIn (versioned REST API and OAuth 2), at the HTTP level, for tests.

Follows LinkedIn's documentation (learn.microsoft.com/linkedin: Posts API, Images
API, Organization Access Control, share statistics, versioning, rate limits,
little text format, authorization code flow) and the error bodies LinkedIn is
seen to send:

- `GET /oauth/v2/authorization` approves at once and redirects to the registered
  callback with `code` and `state`; `POST /oauth/v2/accessToken` (client id and
  secret in the form; codes single use): 60-day access tokens, and a refresh token
  (365 days, not renewed by refreshing) only when `programmatic_refresh` is on.
- Every `/rest` call needs `Linkedin-Version: YYYYMM` (400 `VERSION_MISSING`
  without it) and answers 426 `NONEXISTENT_VERSION` "Requested version YYYYMM01 is
  not active" for a version older than `oldest_version`; 401
  `INVALID_ACCESS_TOKEN` / `EXPIRED_ACCESS_TOKEN` for a bad token.
- `GET /rest/organizationAcls?q=roleAssignee`, `GET /rest/organizations/{id}`.
- `POST /rest/images?action=initializeUpload` and the `PUT` of the bytes to its
  `uploadUrl`.
- `POST /rest/posts` → 201 with `x-restli-id` and no body; the commentary is read
  as little text: an unescaped reserved character that starts no hashtag or mention
  cuts the text there (as LinkedIn silently truncates); the same commentary as an
  earlier post of the organisation — live, or deleted less than
  `duplicate_memory_seconds` ago — answers 422 `DUPLICATE_POST` "Content is a
  duplicate of urn:li:share:…". `GET /rest/posts/{urn}`, `GET /rest/posts?q=author`
  (newest first, `start`/`count`), `DELETE /rest/posts/{urn}` (204; 404 when gone).
- `GET /rest/organizationalEntityShareStatistics` (`shares=List(urn)`).
- Daily limits per member (`daily_post_limit`), reset at midnight UTC: 429
  `TOO_MANY_REQUESTS` "Resource level throttle MEMBER DAY limit …", no headers.

Failure injection on `POST`/`DELETE /rest/posts`: `fail_next(method, how)` with
"503", "503-after", "drop", "429" (an infrastructure 429 without DAY), or random
rates. `created_commentaries` counts what was really posted.
"""

from __future__ import annotations

import itertools
import random
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlencode

from .server import Answer, Drop, FakeServer, Request

RESERVED = "\\|{}@[]()<>#*_~"
ACCESS_SECONDS = 60 * 24 * 60 * 60
REFRESH_SECONDS = 365 * 24 * 60 * 60
_HASHTAG = re.compile(r"#[^\W_][\w]*")
_MENTION = re.compile(r"@\[[^\]\\]*\]\(urn:li:(?:person|organization):\d+\)")
_TEMPLATE = re.compile(r"\{hashtag\|\\#\|[^}]*\}")


def _error(status: int, code: str, message: str, **extra: Any) -> Answer:
    return Answer(status, {"status": status, "code": code, "message": message, **extra})


def read_little(text: str) -> str:
    """What LinkedIn keeps of a little-format text: up to the first unescaped
    reserved character that starts no element."""
    index = 0
    while index < len(text):
        character = text[index]
        if character == "\\" and index + 1 < len(text):
            index += 2
            continue
        if character in RESERVED:
            for element in (_HASHTAG, _MENTION, _TEMPLATE):
                match = element.match(text, index)
                if match:
                    index = match.end()
                    break
            else:
                return text[:index]
            continue
        index += 1
    return text


@dataclass
class FakePost:
    urn: str
    author: str
    commentary: str
    content: dict[str, Any] | None
    created_at: int  # ms
    deleted_at: float | None = None


class FakeLinkedIn(FakeServer):
    name = "fake-linkedin"

    def __init__(
        self,
        *,
        oldest_version: str = "202512",
        programmatic_refresh: bool = False,
        daily_post_limit: int = 150,
        duplicate_memory_seconds: float = 48 * 3600,
        error_rate: float = 0.0,
        ambiguous_rate: float = 0.0,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.oldest_version = oldest_version
        self.programmatic_refresh = programmatic_refresh
        self.daily_post_limit = daily_post_limit
        self.duplicate_memory_seconds = duplicate_memory_seconds
        self.error_rate = error_rate
        self.ambiguous_rate = ambiguous_rate
        self.random = random.Random(seed)  # noqa: S311 - failure injection
        self.apps: dict[str, dict[str, str]] = {}
        self.members: dict[str, dict[str, str]] = {}  # urn -> {name}
        self.organizations: dict[str, dict[str, Any]] = {}  # urn -> details
        self.roles: list[dict[str, str]] = []
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.refresh_tokens: dict[str, dict[str, Any]] = {}
        self.images: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, FakePost] = {}
        self.statistics: dict[str, dict[str, int]] = {}
        self.daily: Counter[tuple[str, int]] = Counter()
        self.script: list[tuple[str, str]] = []
        self.created_commentaries: Counter[str] = Counter()
        self.requests: list[Request] = []
        self._ids = itertools.count(7_100_000_000_000_000_000)

    # --- set-up helpers ------------------------------------------------------------

    def add_app(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        with self.lock:
            self.apps[client_id] = {"secret": client_secret, "redirect": redirect_uri}

    def add_member(self, name: str = "Ana Officer") -> str:
        with self.lock:
            urn = f"urn:li:person:{secrets.token_hex(5)}"
            self.members[urn] = {"name": name}
            return urn

    def add_organization(
        self, name: str, vanity: str, *, admin: str, role: str = "ADMINISTRATOR"
    ) -> str:
        with self.lock:
            number = str(next(self._ids) % 100_000_000)
            urn = f"urn:li:organization:{number}"
            self.organizations[urn] = {
                "id": int(number),
                "localizedName": name,
                "vanityName": vanity,
            }
            self.roles.append(
                {
                    "organization": urn,
                    "roleAssignee": admin,
                    "role": role,
                    "state": "APPROVED",
                }
            )
            return urn

    def issue_token(self, member: str, *, seconds: float = ACCESS_SECONDS) -> str:
        with self.lock:
            return str(self._tokens_for(member, seconds)["access_token"])

    def expire_tokens(self) -> None:
        with self.lock:
            for entry in self.tokens.values():
                entry["expires_at"] = time.time() - 1

    def revoke(self, token: str) -> None:
        with self.lock:
            self.tokens[token]["revoked"] = True

    def fail_next(self, method: str, how: str) -> None:
        with self.lock:
            self.script.append((method, how))

    def live_posts(self, author: str | None = None) -> list[FakePost]:
        with self.lock:
            return [
                post
                for post in self.posts.values()
                if post.deleted_at is None and author in (None, post.author)
            ]

    def add_post(
        self, author: str, commentary: str, *, at: float | None = None
    ) -> FakePost:
        with self.lock:
            return self._store(author, commentary, None, at)

    # --- internals -------------------------------------------------------------------

    def _store(
        self,
        author: str,
        commentary: str,
        content: dict[str, Any] | None,
        at: float | None,
    ) -> FakePost:
        urn = f"urn:li:share:{next(self._ids)}"
        post = FakePost(
            urn, author, commentary, content, int((at or time.time()) * 1000)
        )
        self.posts[urn] = post
        return post

    def _tokens_for(self, member: str, seconds: float) -> dict[str, Any]:
        access = secrets.token_urlsafe(32)
        self.tokens[access] = {
            "member": member,
            "expires_at": time.time() + seconds,
            "revoked": False,
        }
        answer: dict[str, Any] = {
            "access_token": access,
            "expires_in": int(seconds),
            "scope": "r_organization_social,rw_organization_admin,w_organization_social",
        }
        if self.programmatic_refresh:
            refresh = secrets.token_urlsafe(32)
            self.refresh_tokens[refresh] = {
                "member": member,
                "expires_at": time.time() + REFRESH_SECONDS,
            }
            answer["refresh_token"] = refresh
            answer["refresh_token_expires_in"] = REFRESH_SECONDS
        return answer

    def _scripted(self, method: str) -> str | None:
        for index, (wanted, how) in enumerate(self.script):
            if wanted == method:
                del self.script[index]
                return how
        roll = self.random.random()
        if roll < self.error_rate:
            return "503"
        roll -= self.error_rate
        return "drop" if roll < self.ambiguous_rate else None

    def _member(self, request: Request) -> str:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        entry = self.tokens.get(token.strip())
        if entry is None or entry["revoked"]:
            raise _error(
                401,
                "INVALID_ACCESS_TOKEN",
                "Invalid access token",
                serviceErrorCode=65600,
            )
        if entry["expires_at"] < time.time():
            raise _error(
                401,
                "EXPIRED_ACCESS_TOKEN",
                "The token used in the request has expired",
                serviceErrorCode=65601,
            )
        return str(entry["member"])

    def _check_version(self, request: Request) -> None:
        version = request.headers.get("linkedin-version", "")
        if not version:
            raise _error(
                400,
                "VERSION_MISSING",
                "A version must be present. Please specify a version by adding the "
                "LinkedIn-Version header.",
            )
        if (
            not re.fullmatch(r"\d{6}(\.\d+)?", version)
            or version[:6] < self.oldest_version
        ):
            raise _error(
                426,
                "NONEXISTENT_VERSION",
                f"Requested version {version[:6]}01 is not active",
            )

    def _may_post(self, member: str, organization: str) -> bool:
        return any(
            role["organization"] == organization
            and role["roleAssignee"] == member
            and role["role"] in ("ADMINISTRATOR", "CONTENT_ADMINISTRATOR")
            for role in self.roles
        )

    # --- routing -------------------------------------------------------------------

    def route(self, request: Request) -> Answer:
        with self.lock:
            self.requests.append(request)
            if request.path == "/oauth/v2/authorization":
                return self._authorize(request)
            if request.path == "/oauth/v2/accessToken":
                return self._token(request)
            if request.method == "PUT" and request.path.startswith("/dms-uploads/"):
                return self._upload(request)
            if not request.path.startswith("/rest/"):
                return _error(404, "NOT_FOUND", "Not Found")
            self._check_version(request)
            member = self._member(request)
            how = None
            if request.path.startswith("/rest/posts") and request.method in (
                "POST",
                "DELETE",
            ):
                how = self._scripted(request.method)
            if how == "503":
                raise _error(503, "SERVICE_UNAVAILABLE", "Service Unavailable")
            if how == "429":
                raise _error(
                    429,
                    "TOO_MANY_REQUESTS",
                    "Too many requests, please try again later.",
                )
            answer = self._api(request, member)
        if how == "drop":
            raise Drop
        if how == "503-after":
            return _error(503, "SERVICE_UNAVAILABLE", "Service Unavailable")
        return answer

    def _api(self, request: Request, member: str) -> Answer:
        segments = [unquote(segment) for segment in request.path.split("/") if segment]
        query = request.query
        match request.method, segments[1:]:
            case "GET", ["organizationAcls"]:
                elements = [
                    role
                    for role in self.roles
                    if role["roleAssignee"] == member
                    and query.get("state", "APPROVED") == role["state"]
                    and query.get("role", role["role"]) == role["role"]
                ]
                return Answer(
                    200,
                    {
                        "elements": elements,
                        "paging": {"start": 0, "count": 10, "total": len(elements)},
                    },
                )
            case "GET", ["organizations", number]:
                organization = self.organizations.get(f"urn:li:organization:{number}")
                if organization is None:
                    return _error(404, "NOT_FOUND", "Not Found")
                return Answer(200, organization)
            case "POST", ["images"]:
                return self._initialize_upload(request, member)
            case "POST", ["posts"]:
                return self._create(request, member)
            case "GET", ["posts"]:
                return self._by_author(request, member)
            case "GET", ["posts", urn]:
                post = self.posts.get(urn)
                if post is None or post.deleted_at is not None:
                    return _error(404, "NOT_FOUND", f"Post {urn} not found")
                return Answer(200, self._post_json(post))
            case "DELETE", ["posts", urn]:
                post = self.posts.get(urn)
                if post is None or post.deleted_at is not None:
                    return _error(404, "NOT_FOUND", f"Post {urn} not found")
                if not self._may_post(member, post.author):
                    return _error(403, "ACCESS_DENIED", "Not enough permissions")
                post.deleted_at = time.time()
                return Answer(204, None)
            case "GET", ["organizationalEntityShareStatistics"]:
                return self._statistics(request)
        return _error(404, "NOT_FOUND", "Not Found")

    # --- OAuth ---------------------------------------------------------------------

    def _authorize(self, request: Request) -> Answer:
        query = request.query
        app = self.apps.get(query.get("client_id", ""))
        if app is None or query.get("redirect_uri") != app["redirect"]:
            return Answer(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "The redirect_uri does not match",
                },
            )
        member = next(iter(self.members), None) or self.add_member()
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "client_id": query["client_id"],
            "redirect_uri": query["redirect_uri"],
            "member": member,
        }
        location = (
            query["redirect_uri"]
            + "?"
            + urlencode({"code": code, "state": query.get("state", "")})
        )
        return Answer(302, None, {"Location": location})

    def _token(self, request: Request) -> Answer:
        form = request.form
        app = self.apps.get(str(form.get("client_id") or ""))
        if app is None or app["secret"] != form.get("client_secret"):
            return Answer(
                401,
                {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed",
                },
            )
        if form.get("grant_type") == "authorization_code":
            grant = self.codes.pop(str(form.get("code") or ""), None)
            if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                return Answer(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "Unable to retrieve access token: appid/"
                        "redirect uri/code verifier does not match authorization code. "
                        "Or authorization code expired.",
                    },
                )
            return Answer(200, self._tokens_for(grant["member"], ACCESS_SECONDS))
        if form.get("grant_type") == "refresh_token":
            entry = self.refresh_tokens.get(str(form.get("refresh_token") or ""))
            if entry is None or entry["expires_at"] < time.time():
                return Answer(
                    400,
                    {
                        "error": "invalid_request",
                        "error_description": "The provided authorization "
                        "grant or refresh token is invalid, expired or "
                        "revoked.",
                    },
                )
            answer = self._tokens_for(entry["member"], ACCESS_SECONDS)
            # The same refresh token comes back, with what is left of its 365 days.
            new_refresh = answer.pop("refresh_token", None)
            self.refresh_tokens.pop(str(new_refresh), None)
            answer["refresh_token"] = form["refresh_token"]
            answer["refresh_token_expires_in"] = int(entry["expires_at"] - time.time())
            return Answer(200, answer)
        return Answer(400, {"error": "unsupported_grant_type"})

    # --- images and posts ---------------------------------------------------------

    def _initialize_upload(self, request: Request, member: str) -> Answer:
        if request.query.get("action") != "initializeUpload":
            return _error(400, "ILLEGAL_ARGUMENT", "Unknown action")
        owner = ((request.form.get("initializeUploadRequest") or {}).get("owner")) or ""
        if not self._may_post(member, owner):
            return _error(
                403,
                "ACCESS_DENIED",
                "Not enough permissions to access: images.ACTION.initializeUpload",
            )
        image = f"urn:li:image:C4E10AQ{secrets.token_hex(6)}"
        self.images[image] = {"owner": owner, "content": None}
        return Answer(
            200,
            {
                "value": {
                    "uploadUrlExpiresAt": int(time.time() * 1000) + 3_600_000,
                    "uploadUrl": f"http://{request.headers.get('host')}/dms-uploads/{image}",
                    "image": image,
                }
            },
        )

    def _upload(self, request: Request) -> Answer:
        image = unquote(request.path.removeprefix("/dms-uploads/"))
        if image not in self.images or not request.body:
            return Answer(400, None)
        self.images[image]["content"] = request.body
        return Answer(201, None)

    def _create(self, request: Request, member: str) -> Answer:
        form = request.form
        author = str(form.get("author") or "")
        required = (
            "author",
            "commentary",
            "visibility",
            "distribution",
            "lifecycleState",
        )
        missing = [name for name in required if name not in form]
        if missing:
            return Answer(
                422,
                {
                    "message": "".join(
                        f"ERROR :: /{name} :: field is required but not found and has no "
                        "default value\n"
                        for name in missing
                    ),
                    "status": 422,
                },
            )
        if not self._may_post(member, author):
            return _error(
                403,
                "ACCESS_DENIED",
                "Not enough permissions to access: "
                "partnerApiPostsExternal.CREATE.20251201",
            )
        day = int(time.time() // 86400)
        if self.daily[(member, day)] >= self.daily_post_limit:
            return _error(
                429,
                "TOO_MANY_REQUESTS",
                "Resource level throttle MEMBER "
                "DAY limit for calls to this resource is reached.",
                serviceErrorCode=101,
            )
        commentary = read_little(str(form["commentary"]))
        if len(commentary) > 3000:
            return _error(422, "FIELD_LENGTH_TOO_LONG", "commentary too long")
        content = form.get("content")
        for image in _image_urns(content):
            if image not in self.images or self.images[image]["content"] is None:
                return _error(422, "INVALID_CONTENT", f"Image {image} is not uploaded")
        for post in self.posts.values():
            if (
                post.author == author
                and post.commentary == commentary
                and (
                    post.deleted_at is None
                    or time.time() - post.deleted_at < self.duplicate_memory_seconds
                )
            ):
                return Answer(
                    422,
                    {
                        "errorDetailType": "com.linkedin.common.error.BadRequest",
                        "message": "com.linkedin.content.common.exception."
                        f"BadRequestResponseException: Content is a duplicate of {post.urn}",
                        "errorDetails": {
                            "inputErrors": [
                                {
                                    "description": "Duplicate post is detected",
                                    "input": {},
                                    "code": "DUPLICATE_POST",
                                }
                            ]
                        },
                        "status": 422,
                    },
                )
        self.daily[(member, day)] += 1
        post = self._store(author, commentary, content, None)
        self.created_commentaries[commentary] += 1
        return Answer(201, None, {"x-restli-id": post.urn, "x-linkedin-id": post.urn})

    def _post_json(self, post: FakePost) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": post.urn,
            "author": post.author,
            "commentary": post.commentary,
            "visibility": "PUBLIC",
            "lifecycleState": "PUBLISHED",
            "createdAt": post.created_at,
            "publishedAt": post.created_at,
            "lastModifiedAt": post.created_at,
            "distribution": {"feedDistribution": "MAIN_FEED"},
            "isReshareDisabledByAuthor": False,
        }
        if post.content:
            body["content"] = post.content
        return body

    def _by_author(self, request: Request, member: str) -> Answer:
        query = request.query
        if (
            query.get("q") != "author"
            or request.headers.get("x-restli-method") != "FINDER"
        ):
            return _error(400, "ILLEGAL_ARGUMENT", "Invalid finder")
        author = query.get("author", "")
        posts = sorted(
            (
                p
                for p in self.posts.values()
                if p.author == author and p.deleted_at is None
            ),
            key=lambda p: (-p.created_at, -int(p.urn.rsplit(":", 1)[-1])),
        )
        start, count = int(query.get("start") or 0), int(query.get("count") or 10)
        page = posts[start : start + count]
        return Answer(
            200,
            {
                "elements": [self._post_json(p) for p in page],
                "paging": {
                    "start": start,
                    "count": count,
                    "total": len(posts),
                    "links": [],
                },
            },
        )

    def _statistics(self, request: Request) -> Answer:
        query = request.query
        wanted = query.get("shares") or query.get("ugcPosts") or ""
        match = re.fullmatch(r"List\((.*)\)", wanted)
        if query.get("q") != "organizationalEntity" or match is None:
            return _error(400, "ILLEGAL_ARGUMENT", "Invalid query")
        elements = []
        for urn in match[1].split(","):
            urn = unquote(urn)
            counts = self.statistics.get(urn, {})
            elements.append(
                {
                    "organizationalEntity": query.get("organizationalEntity"),
                    "share" if "share" in urn else "ugcPost": urn,
                    "totalShareStatistics": {
                        "uniqueImpressionsCount": counts.get(
                            "uniqueImpressionsCount", 0
                        ),
                        "shareCount": counts.get("shareCount", 0),
                        "engagement": counts.get("engagement", 0),
                        "clickCount": counts.get("clickCount", 0),
                        "likeCount": counts.get("likeCount", 0),
                        "impressionCount": counts.get("impressionCount", 0),
                        "commentCount": counts.get("commentCount", 0),
                    },
                }
            )
        return Answer(200, {"elements": elements, "paging": {"start": 0, "count": 10}})


def _image_urns(content: Any) -> list[str]:
    if not isinstance(content, dict):
        return []
    if "media" in content:
        return [str(content["media"].get("id"))]
    images = (content.get("multiImage") or {}).get("images") or []
    return [str(image.get("id")) for image in images]
