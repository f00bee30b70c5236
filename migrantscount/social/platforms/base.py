"""The one small interface every network module implements.

A network module (`platforms/<network>.py`) knows HTTP and its network's rules, and
nothing of this project's models: it never imports a story, a post or an account.
The dispatcher turns an `Account` row into a `Connection`, a `Post` into a `Draft`,
calls the module, and writes back what the module reports (new tokens, rate-limit
headers, the remote reference, or a `PlatformError`).

Each module provides, at module level:

    KEY: str                      # "bluesky", "mastodon", later "x", "facebook", ...
    NAME: str                     # the network's own name, shown in the admin
    BUDGETS: tuple[Budget, ...]   # documented limits, for pacing before any 429
    CAN_DELETE: bool              # False: withdrawal makes a manual-takedown entry

    def new_idempotency_key() -> str
        # Fixed on the Delivery row before the first call and reused on every retry
        # (Bluesky: a TID record key; Mastodon: an Idempotency-Key value).
    def validate(draft: Draft, connection: Connection | None) -> list[str]
        # Problems, as translated sentences; empty when the network would accept it.
        # `connection` carries the instance's own limits where a network has them.
    def cost(action: Action, draft: Draft | None) -> dict[str, int]
        # Points each budget (by Budget.name) spends on this action.
    def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef
    def lookup(connection: Connection, draft: Draft, *, idempotency_key: str,
               sent_at: datetime) -> RemoteRef | None
        # After an ambiguous failure: did the network take it? None means "not there".
    def delete(connection: Connection, ref: RemoteRef) -> None
        # Idempotent: a post already gone counts as deleted.

All of them raise only `PlatformError` for anything the network or the wire did.

Networks that connect through OAuth 2 (X, Facebook/Instagram/Threads, LinkedIn)
also provide what `OAuthPlatform` lists: the authorization address, the code
exchange, the refresh, and the identities a token can post as (a Facebook user's
Pages, a LinkedIn member's organisations, the X user). Every network may provide
`metrics(connection, ref) -> Metrics` (`MetricsPlatform`) for reach snapshots
(paced with `cost(Action.METRICS, None)`), and a pay-per-use one
`price(action, draft) -> Decimal` (`PricedPlatform`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol


class Action(StrEnum):
    PUBLISH = "publish"
    DELETE = "delete"
    LOOKUP = "lookup"
    METRICS = "metrics"  # one reach read (`metrics()`), paced by the read budgets


@dataclass(frozen=True)
class Media:
    """One image, already within the network's size limit or to be re-encoded by it."""

    content: bytes
    mime_type: str
    alt_text: str
    width: int
    height: int


@dataclass(frozen=True)
class Draft:
    """What goes out: the final text, with its link and hashtags already in it.

    `link` and every tag of `hashtags` (without "#") occur verbatim in `text`; a
    network that needs rich-text facets (Bluesky) finds them there.
    """

    text: str
    language: str  # ISO 639-1: "en", "es", "fr", "pt"
    link: str = ""
    hashtags: tuple[str, ...] = ()
    media: tuple[Media, ...] = ()
    limit_replies: bool = False  # e.g. a Bluesky threadgate: only mentioned accounts


@dataclass(frozen=True)
class RemoteRef:
    """Where the post lives on the network."""

    remote_id: str  # Bluesky: the record key; Mastodon: the status id
    uri: str  # Bluesky: at://did/app.bsky.feed.post/rkey; Mastodon: the status URI
    url: str  # the public web address a person can open


@dataclass(frozen=True)
class RateLimit:
    """The last rate-limit headers the network sent (RateLimit-*, X-RateLimit-*)."""

    limit: int | None
    remaining: int | None
    reset_at: datetime | None


@dataclass
class Connection:
    """An account as a network module sees it.

    `credentials` holds decrypted secrets (tokens, app password); a module that
    refreshes a token replaces it here and sets `credentials_changed`, and the caller
    stores the new value encrypted. `settings` holds what the network told about
    itself (e.g. a Mastodon instance's `max_characters`), cached by the caller.
    """

    base_url: str  # the PDS or instance, e.g. "https://bsky.social"
    handle: str
    credentials: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict)
    credentials_changed: bool = False
    rate_limit: RateLimit | None = None

    # When the stored credential stops working without a refresh or a person
    # (None: it does not expire, or the network does not say).
    expires_at: datetime | None = None

    def replace_credentials(self, **values: str) -> None:
        self.credentials.update(values)
        self.credentials_changed = True

    def replace_tokens(self, tokens: TokenSet) -> None:
        """After a refresh: the new access (and refresh) token and their expiry."""
        values = {"access_token": tokens.access_token, **tokens.extra}
        if tokens.refresh_token:
            values["refresh_token"] = tokens.refresh_token
        self.replace_credentials(**values)
        self.expires_at = tokens.expires_at


@dataclass(frozen=True)
class OAuthClient:
    """The campaign's app registration on a network (client id/secret from settings)."""

    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TokenSet:
    """What a code exchange or a refresh returns."""

    access_token: str
    refresh_token: str = ""
    expires_at: datetime | None = None  # None: long-lived without a stated expiry
    refresh_expires_at: datetime | None = None  # after it, a person must reconnect
    scopes: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)  # e.g. a user id


@dataclass(frozen=True)
class Identity:
    """One account a token can publish as (the X user, a Facebook Page, an
    Instagram professional account, a LinkedIn organisation)."""

    remote_id: str  # the network's id: user id, page id, organization URN
    handle: str  # what people recognise: @name, the page's name
    credentials: dict[str, str]  # what `publish` needs (e.g. the page token)
    base_url: str = ""
    expires_at: datetime | None = None


@dataclass(frozen=True)
class Metrics:
    """Reach counts a network reports for one post; None where it reports nothing."""

    likes: int | None = None
    reposts: int | None = None  # reposts, boosts, shares, retweets
    replies: int | None = None
    quotes: int | None = None
    views: int | None = None  # views or impressions
    raw: dict[str, Any] = field(default_factory=dict)  # the network's own names


@dataclass(frozen=True)
class Budget:
    """A documented limit: `capacity` points per `window`, per account."""

    name: str
    capacity: int
    window: timedelta


class PlatformError(Exception):
    """Anything a network (or the wire to it) did that was not a success.

    - `permanent`: retrying the same request cannot succeed (rejected content, a
      revoked token); retries stop and `message` is shown to people as is.
    - `needs_reconnect`: the credential is revoked or expired beyond refresh; the
      account is marked "needs reconnecting" (implies permanent for this call).
    - `ambiguous`: the request may have been taken (a timeout after sending, a 5xx,
      a dropped answer); check with `lookup` before any retry.
    - `retry_at`: the network said when to try again (429, rate-limit headers).
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        needs_reconnect: bool = False,
        ambiguous: bool = False,
        retry_at: datetime | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent or needs_reconnect
        self.needs_reconnect = needs_reconnect
        self.ambiguous = ambiguous
        self.retry_at = retry_at
        self.status = status


class Platform(Protocol):
    """What `PLATFORMS` holds: a module with these names (mypy checks modules
    against protocols, so a missing or mistyped function fails the type check)."""

    KEY: str
    NAME: str
    BUDGETS: tuple[Budget, ...]
    CAN_DELETE: bool

    def new_idempotency_key(self) -> str: ...

    def validate(self, draft: Draft, connection: Connection | None) -> list[str]: ...

    def cost(self, action: Action, draft: Draft | None) -> dict[str, int]: ...

    def publish(
        self, connection: Connection, draft: Draft, *, idempotency_key: str
    ) -> RemoteRef: ...

    def lookup(
        self,
        connection: Connection,
        draft: Draft,
        *,
        idempotency_key: str,
        sent_at: datetime,
    ) -> RemoteRef | None: ...

    def delete(self, connection: Connection, ref: RemoteRef) -> None: ...


class OAuthPlatform(Platform, Protocol):
    """A network connected through OAuth 2 (authorization code, PKCE where offered)."""

    def authorization_url(
        self, client: OAuthClient, *, state: str, code_challenge: str
    ) -> str: ...

    def exchange_code(
        self, client: OAuthClient, *, code: str, code_verifier: str
    ) -> TokenSet: ...

    def refresh(self, client: OAuthClient, connection: Connection) -> TokenSet:
        """Raises `PlatformError(needs_reconnect=True)` when only a person can renew."""
        ...

    def identities(self, client: OAuthClient, tokens: TokenSet) -> list[Identity]: ...


class MetricsPlatform(Platform, Protocol):
    def metrics(self, connection: Connection, ref: RemoteRef) -> Metrics: ...


class PricedPlatform(Platform, Protocol):
    """A pay-per-use network (X): what one call of `action` costs, in US dollars
    (prices from settings). Scheduling shows it and an account's monthly budget
    is checked against it; the dispatcher records what each call spent."""

    def price(self, action: Action, draft: Draft | None) -> Decimal: ...
