"""A real Bluesky server for the tests: the local PDS of `scripts/pds.sh`.

`BLUESKY_PDS_URL` (exported by `scripts/test.sh`, with `BLUESKY_PDS_JWT_SECRET` and
`BLUESKY_PDS_RATELIMIT_BYPASS`) names a running one; otherwise the session starts its
own when the PDS is installed (`scripts/pds.sh install`) and stops it at the end.
Without either the tests skip, except on CI, where they fail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest

from migrantscount.social.platforms import bluesky
from migrantscount.social.platforms.base import Connection

ROOT = Path(__file__).resolve().parents[3]
PDS_SCRIPT = ROOT / "scripts" / "pds.sh"
PDS_HOME = Path(os.environ.get("PDS_HOME", ROOT / ".cache" / "pds"))


def missing(reason: str) -> NoReturn:
    # As the root conftest does for Chromium: on CI a missing server is a failure.
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass(frozen=True)
class PdsAccount:
    handle: str
    did: str
    password: str  # the account's own password (only the tests use it)
    app_password: str


@dataclass(frozen=True)
class LocalPds:
    url: str
    jwt_secret: str
    bypass_key: str

    def xrpc(
        self,
        method: str,
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        token: str = "",
    ) -> httpx.Response:
        headers = {"x-ratelimit-bypass": self.bypass_key} if self.bypass_key else {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = f"{self.url}/xrpc/{method}"
        if body is None:
            return httpx.get(url, params=params, headers=headers, timeout=30)
        return httpx.post(url, json=body, headers=headers, timeout=30)

    def create_account(self) -> PdsAccount:
        """A fresh account on a `.test` handle (open sign-up) and an app password."""
        handle = f"t{secrets.token_hex(5)}.test"
        password = secrets.token_urlsafe(12)
        answer = self.xrpc(
            "com.atproto.server.createAccount",
            body={
                "handle": handle,
                "email": f"{handle}@example.test",
                "password": password,
            },
        )
        answer.raise_for_status()
        session = answer.json()
        app = self.xrpc(
            "com.atproto.server.createAppPassword",
            body={"name": "migrantscount-tests"},
            token=session["accessJwt"],
        )
        app.raise_for_status()
        return PdsAccount(handle, session["did"], password, app.json()["password"])

    def connection(self, account: PdsAccount, base_url: str = "") -> Connection:
        credentials = bluesky.connect(self.url, account.handle, account.app_password)
        return Connection(
            base_url=base_url or self.url,
            handle=account.handle,
            credentials=credentials,
        )

    def get_record(self, did: str, collection: str, rkey: str) -> dict[str, Any] | None:
        answer = self.xrpc(
            "com.atproto.repo.getRecord",
            params={"repo": did, "collection": collection, "rkey": rkey},
        )
        if answer.status_code == 400 and answer.json().get("error") == "RecordNotFound":
            return None
        answer.raise_for_status()
        value: dict[str, Any] = answer.json()["value"]
        return value

    def list_records(self, did: str, collection: str) -> list[dict[str, Any]]:
        answer = self.xrpc(
            "com.atproto.repo.listRecords",
            params={"repo": did, "collection": collection, "limit": "100"},
        )
        answer.raise_for_status()
        records: list[dict[str, Any]] = answer.json()["records"]
        return records

    def expired(self, token: str, *, seconds_ago: int = 60) -> str:
        """`token` re-signed by the server's own key with an expiry in the past: the
        server checks it as any token and answers ExpiredToken."""
        if not self.jwt_secret:
            missing("BLUESKY_PDS_JWT_SECRET not set: cannot make an expired token")
        header, payload, _signature = token.split(".")
        claims = json.loads(_unb64(payload))
        now = int(time.time())
        claims.update(iat=now - 3 * 3600, exp=now - seconds_ago)
        signed = f"{header}.{_b64(json.dumps(claims, separators=(',', ':')).encode())}"
        mac = hmac.new(self.jwt_secret.encode(), signed.encode(), hashlib.sha256)
        return f"{signed}.{_b64(mac.digest())}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/xrpc/_health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _read_env(path: Path) -> dict[str, str]:
    pairs = (
        line.split("=", 1) for line in path.read_text().splitlines() if "=" in line
    )
    return dict(pairs)


@pytest.fixture(scope="session")
def local_pds() -> Iterator[LocalPds]:
    url = os.environ.get("BLUESKY_PDS_URL", "")
    if url:
        if not _healthy(url):
            missing(f"BLUESKY_PDS_URL={url} does not answer")
        yield LocalPds(
            url,
            os.environ.get("BLUESKY_PDS_JWT_SECRET", ""),
            os.environ.get("BLUESKY_PDS_RATELIMIT_BYPASS", ""),
        )
        return
    if not any(PDS_HOME.glob(".installed-*")):
        missing("no local Bluesky server: run scripts/pds.sh install (or make test)")
    with tempfile.TemporaryDirectory(prefix="migrantscount-pds-") as work:
        subprocess.run(
            [str(PDS_SCRIPT), "start", work], check=True, stdout=subprocess.DEVNULL
        )
        try:
            env = _read_env(Path(work) / "pds.env")
            yield LocalPds(
                env["BLUESKY_PDS_URL"],
                env["BLUESKY_PDS_JWT_SECRET"],
                env["BLUESKY_PDS_RATELIMIT_BYPASS"],
            )
        finally:
            subprocess.run([str(PDS_SCRIPT), "stop", work], check=False)


@pytest.fixture
def pds_account(local_pds: LocalPds) -> PdsAccount:
    return local_pds.create_account()
