"""The page cache's served hooks: called for the answers it serves from memory (which
never reach Django's middleware), never for the ones Django rendered, and a failing
hook never costs the reader the page."""

from io import BytesIO
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from migrantscount.core import page_cache

BODY = b"<html><body>" + b"x" * 600 + b"</body></html>"


def django_stand_in(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", "public, max-age=0, s-maxage=60"),
            ("Content-Language", "es"),
        ],
    )
    return [BODY]


def get(app: Any, path: str, **headers: str) -> str:
    environ: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": path}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = BytesIO()
    environ.update(headers)
    got: dict[str, str] = {}

    def start_response(status: str, response_headers: Any, exc_info: Any = None):
        got["status"] = status

    b"".join(app(environ, start_response))
    return got["status"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(page_cache, "SERVED_HOOKS", [])
    return page_cache.PageCache(
        django_stand_in, max_bytes=1 << 20, purge_log=str(tmp_path / "purges.log")
    )


def test_hooks_see_each_hit_and_304_but_not_the_rendered_miss(cache):
    seen: list[tuple[str, int, str | None]] = []

    @page_cache.on_served
    def record(environ, status, headers):
        language = {k.lower(): v for k, v in headers}.get("content-language")
        seen.append((environ["PATH_INFO"], status, language))

    page_cache.on_served(record)  # a second registration is harmless
    assert get(cache, "/es/") == "200 OK"
    assert seen == []
    assert get(cache, "/es/") == "200 OK"
    etag = cache.entries[next(iter(cache.entries))].etag
    assert get(cache, "/es/", HTTP_IF_NONE_MATCH=etag).startswith("304")
    assert seen == [("/es/", 200, "es"), ("/es/", 304, "es")]


def test_a_failing_hook_still_serves_the_page(cache):
    def broken(environ, status, headers):
        raise RuntimeError("counting fault")

    page_cache.on_served(broken)
    get(cache, "/fr/")
    assert get(cache, "/fr/") == "200 OK"
