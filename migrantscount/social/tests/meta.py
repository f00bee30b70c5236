"""Fixtures for the Graph networks' tests: the fake Meta hosts, with the settings
pointing at them, and a public media folder served over HTTP the way Meta fetches
Instagram and Threads images."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from PIL import Image

from migrantscount.social.fakes.graph import FakeMeta
from migrantscount.social.platforms.base import Media, OAuthClient

REDIRECT_URI = "http://testserver/admin/social/connect/facebook/callback/"
CLIENT = OAuthClient("app-1", "app-secret", REDIRECT_URI)


@pytest.fixture
def meta(settings: Any) -> Iterator[FakeMeta]:
    with FakeMeta(seed=1).start() as fake:
        fake.add_app(CLIENT.client_id, CLIENT.client_secret)
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        yield fake


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def public_media(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """MEDIA_ROOT in a temporary folder, served at PUBLIC_MEDIA_BASE_URL."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PUBLIC_MEDIA_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield root
    finally:
        server.shutdown()
        server.server_close()


def authorize(url: str) -> dict[str, str]:
    """Follow the network's authorization page as if the person clicked Allow."""
    response = httpx.get(url, follow_redirects=False)
    assert response.status_code == 302, response.text
    return {
        k: v[-1]
        for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()
    }


def jpeg(colour: tuple[int, int, int] = (20, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def image(alt_text: str = "A bar chart of arrivals by year.", **kwargs: Any) -> Media:
    return Media(
        content=kwargs.get("content") or jpeg(kwargs.get("colour", (20, 120, 200))),
        mime_type="image/jpeg",
        alt_text=alt_text,
        width=64,
        height=48,
    )
