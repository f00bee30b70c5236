"""A test-only OAuth 2 network ("oauthnet"): the in-memory posts of `testnet`, and a
real OAuth 2 exchange over HTTP (httpx.MockTransport) with a fake authorization
server that follows RFC 6749 and RFC 7636 as X, Threads and LinkedIn use them:

- `GET /authorize` (the person's browser; `Provider.approve` plays the person and
  returns the redirect's `code` and `state`), `POST /token` with
  `grant_type=authorization_code` (client id/secret by HTTP Basic, `code_verifier`
  checked against the S256 challenge) or `grant_type=refresh_token` (refresh
  tokens are one-time: a used one answers 400 `invalid_grant`, as X's do),
  `GET /me/accounts` (the identities a token can post as, like a user's Pages).
- Access tokens live `access_lifetime` (2 hours, like X's); a refresh token stops
  working at `refresh_expires_at` when set. A publish with an expired or revoked
  access token answers 401, so the engine sees what a network does.

Registered as PLATFORMS["oauthnet"] by the `oauthnet` fixture.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from migrantscount.social.platforms import PLATFORMS
from migrantscount.social.platforms.base import (
    Connection,
    Draft,
    Identity,
    OAuthClient,
    PlatformError,
    RemoteRef,
    TokenSet,
)

from . import testnet
from .testnet import BUDGETS, CAN_DELETE, cost, new_idempotency_key, validate

KEY = "oauthnet"
NAME = "OAuthnet"
HOST = "https://oauth.example"
__all__ = ["BUDGETS", "CAN_DELETE", "cost", "new_idempotency_key", "validate"]


@dataclass
class Provider:
    client_id: str = "campaign-app"
    client_secret: str = "campaign-secret"
    access_lifetime: timedelta = timedelta(hours=2)
    refresh_expires_at: datetime | None = None
    pages: list[dict[str, str]] = field(
        default_factory=lambda: [{"id": "1001", "name": "Migrants Count"}]
    )
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    access: dict[str, datetime] = field(default_factory=dict)  # token → expiry
    refresh_tokens: set[str] = field(default_factory=set)
    requests: list[tuple[str, str]] = field(default_factory=list)
    refresh_down: bool = False  # 503 on refresh (a passing failure)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def approve(self, authorize_url: str) -> dict[str, str]:
        """The person signs in and allows: the redirect's query (code, state)."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
        assert query["client_id"] == self.client_id
        assert query["code_challenge_method"] == "S256"
        code = f"code-{next(self.ids)}"
        self.codes[code] = query
        return {"code": code, "state": query["state"]}

    def revoke_all(self) -> None:
        """The person revoked the app on the network."""
        self.access.clear()
        self.refresh_tokens.clear()

    def _issue(self) -> dict[str, Any]:
        access = f"access-{next(self.ids)}-{secrets.token_hex(4)}"
        refresh = f"refresh-{next(self.ids)}-{secrets.token_hex(4)}"
        self.access[access] = datetime.now(UTC) + self.access_lifetime
        self.refresh_tokens.add(refresh)
        return {
            "token_type": "bearer",
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": int(self.access_lifetime.total_seconds()),
            "scope": "post.write offline.access",
        }

    def valid(self, token: str) -> bool:
        expiry = self.access.get(token)
        return expiry is not None and expiry > datetime.now(UTC)

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests.append((request.method, path))
        if request.method == "POST" and path == "/token":
            return self._token(request)
        if request.method == "GET" and path == "/me/accounts":
            token = request.headers.get("authorization", "").removeprefix("Bearer ")
            if not self.valid(token):
                return httpx.Response(401, json={"error": "invalid_token"})
            return httpx.Response(200, json={"data": self.pages})
        return httpx.Response(404, json={"error": "not_found"})

    def _token(self, request: httpx.Request) -> httpx.Response:
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode())
        if request.headers.get("authorization") != f"Basic {basic.decode()}":
            return httpx.Response(401, json={"error": "invalid_client"})
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        if form.get("grant_type") == "authorization_code":
            asked = self.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                asked is None
                or asked["code_challenge"] != challenge
                or asked["redirect_uri"] != form.get("redirect_uri")
            ):
                return httpx.Response(400, json={"error": "invalid_grant"})
            return httpx.Response(200, json=self._issue())
        if form.get("grant_type") == "refresh_token":
            if self.refresh_down:
                return httpx.Response(503, json={"error": "temporarily_unavailable"})
            token = form.get("refresh_token", "")
            expired = self.refresh_expires_at is not None and (
                self.refresh_expires_at <= datetime.now(UTC)
            )
            if token not in self.refresh_tokens or expired:
                return httpx.Response(
                    400,
                    json={
                        "error": "invalid_grant",
                        "error_description": "Value passed for the token was invalid.",
                    },
                )
            self.refresh_tokens.discard(token)  # one-time
            return httpx.Response(200, json=self._issue())
        return httpx.Response(400, json={"error": "unsupported_grant_type"})


PROVIDER = Provider()


def _client() -> httpx.Client:
    return httpx.Client(base_url=HOST, transport=httpx.MockTransport(PROVIDER.handle))


def authorization_url(client: OAuthClient, *, state: str, code_challenge: str) -> str:
    query = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "scope": "post.write offline.access",
        "state": state,
        "code_challenge": code_challenge,
        "code_challenge_method": "S256",
    }
    return f"{HOST}/authorize?{urlencode(query)}"


def _tokens(client: OAuthClient, form: dict[str, str]) -> TokenSet:
    with _client() as http:
        response = http.post(
            "/token", data=form, auth=(client.client_id, client.client_secret)
        )
    body = response.json()
    if response.status_code >= 500:
        raise PlatformError(body.get("error", "unavailable"), status=503)
    if response.status_code != 200:
        raise PlatformError(
            body.get("error_description") or body.get("error", "refused"),
            needs_reconnect=True,
            status=response.status_code,
        )
    return TokenSet(
        access_token=body["access_token"],
        refresh_token=body.get("refresh_token", ""),
        expires_at=datetime.now(UTC) + timedelta(seconds=body["expires_in"]),
        refresh_expires_at=PROVIDER.refresh_expires_at,
        scopes=tuple(body.get("scope", "").split()),
    )


def exchange_code(client: OAuthClient, *, code: str, code_verifier: str) -> TokenSet:
    return _tokens(
        client,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": client.redirect_uri,
            "code_verifier": code_verifier,
        },
    )


def refresh(client: OAuthClient, connection: Connection) -> TokenSet:
    return _tokens(
        client,
        {
            "grant_type": "refresh_token",
            "refresh_token": connection.credentials.get("refresh_token", ""),
        },
    )


def identities(client: OAuthClient, tokens: TokenSet) -> list[Identity]:
    with _client() as http:
        response = http.get(
            "/me/accounts", headers={"Authorization": f"Bearer {tokens.access_token}"}
        )
    if response.status_code != 200:
        raise PlatformError(json.dumps(response.json()), needs_reconnect=True)
    return [
        Identity(
            remote_id=page["id"], handle=page["name"], credentials={}, base_url=HOST
        )
        for page in response.json()["data"]
    ]


def _check_token(connection: Connection) -> None:
    if not PROVIDER.valid(connection.credentials.get("access_token", "")):
        raise PlatformError("Unauthorized", needs_reconnect=True, status=401)


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    _check_token(connection)
    return testnet.publish(connection, draft, idempotency_key=idempotency_key)


def lookup(
    connection: Connection, draft: Draft, *, idempotency_key: str, sent_at: datetime
) -> RemoteRef | None:
    _check_token(connection)
    return testnet.lookup(
        connection, draft, idempotency_key=idempotency_key, sent_at=sent_at
    )


def delete(connection: Connection, ref: RemoteRef) -> None:
    _check_token(connection)
    testnet.delete(connection, ref)


@pytest.fixture
def oauthnet(
    monkeypatch: pytest.MonkeyPatch, testnet: testnet.Network, settings: Any
) -> Iterator[Provider]:
    """A fresh provider, registered as PLATFORMS["oauthnet"] with its client set."""
    global PROVIDER
    PROVIDER = Provider()
    monkeypatch.setitem(PLATFORMS, KEY, sys.modules[__name__])
    settings.SOCIAL_OAUTH_CLIENTS = {
        **settings.SOCIAL_OAUTH_CLIENTS,
        KEY: {
            "client_id": PROVIDER.client_id,
            "client_secret": PROVIDER.client_secret,
            "redirect_uri": "",
        },
    }
    yield PROVIDER
