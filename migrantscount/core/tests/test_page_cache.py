"""The page cache in front of Django (core.page_cache): what it keeps, what it never
keeps, and that purges through the log reach it."""

import gzip
from io import BytesIO
from typing import Any
from unittest import mock
from wsgiref.util import setup_testing_defaults

import brotli
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from migrantscount.core import page_cache
from migrantscount.pages.tests.factories import build_site_tree

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "fr", "pt")


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.code = int(status.split()[0])
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def without_cache_headers(self) -> list[tuple[str, str]]:
        own = {"etag", "age", "x-page-cache", "content-length", "vary"}
        return sorted((k, v) for k, v in self.headers if k.lower() not in own)


def call(app, path: str, *, method: str = "GET", **headers: str) -> Answer:
    environ: dict = {"REQUEST_METHOD": method, "PATH_INFO": path}
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "testserver"
    environ["wsgi.input"] = BytesIO()
    for name, value in headers.items():
        environ[name] = value
    got: dict = {}

    def start_response(status, response_headers, exc_info=None):
        got.update(status=status, headers=list(response_headers))

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return Answer(got["status"], got["headers"], body)


@pytest.fixture
def wsgi(settings, tmp_path):
    """The site as wsgi.py wraps it, run in this test's transaction."""
    settings.MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG = str(tmp_path / "purges.log")
    settings.ALLOWED_HOSTS = ["testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    build_site_tree()
    django_app = WSGIHandler()
    cache = page_cache.PageCache(
        django_app, max_bytes=8 * 1024 * 1024, purge_log=str(tmp_path / "purges.log")
    )
    yield cache, django_app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_public_page_is_kept_and_served_again_byte_identical(wsgi):
    cache, django_app = wsgi
    uncached = call(django_app, "/en/")
    first = call(cache, "/en/")
    second = call(cache, "/en/")
    assert uncached.code == first.code == second.code == 200
    assert first.header("X-Page-Cache") == "miss"
    assert second.header("X-Page-Cache") == "hit"
    assert uncached.body == first.body == second.body
    assert uncached.without_cache_headers() == second.without_cache_headers()
    assert "public" in second.header("Cache-Control")
    assert "s-maxage=" in second.header("Cache-Control")


def test_gzip_variant_and_etag_answered_304(wsgi):
    cache, _ = wsgi
    plain = call(cache, "/es/")
    zipped = call(cache, "/es/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped.header("Content-Encoding") == "gzip"
    assert gzip.decompress(zipped.body) == plain.body
    assert "Accept-Encoding" in zipped.header("Vary")
    assert zipped.header("ETag") != plain.header("ETag")
    again = call(cache, "/es/", HTTP_IF_NONE_MATCH=plain.header("ETag"))
    assert again.code == 304
    assert again.body == b""
    assert again.header("ETag") == plain.header("ETag")
    head = call(cache, "/es/", method="HEAD")
    assert head.code == 200 and head.body == b""


def test_brotli_variant_for_readers_that_accept_it(wsgi):
    cache, _ = wsgi
    plain = call(cache, "/fr/")
    zipped = call(cache, "/fr/", HTTP_ACCEPT_ENCODING="gzip")
    squeezed = call(cache, "/fr/", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert squeezed.header("X-Page-Cache") == "hit"
    assert squeezed.header("Content-Encoding") == "br"
    assert brotli.decompress(squeezed.body) == plain.body
    assert len(squeezed.body) < len(zipped.body)
    assert int(squeezed.header("Content-Length")) == len(squeezed.body)
    assert "Accept-Encoding" in squeezed.header("Vary")
    etags = {plain.header("ETag"), zipped.header("ETag"), squeezed.header("ETag")}
    assert len(etags) == 3
    again = call(
        cache,
        "/fr/",
        HTTP_ACCEPT_ENCODING="br",
        HTTP_IF_NONE_MATCH=squeezed.header("ETag"),
    )
    assert again.code == 304
    refused = call(cache, "/fr/", HTTP_ACCEPT_ENCODING="br;q=0, gzip")
    assert refused.header("Content-Encoding") == "gzip"


def test_each_language_is_kept_apart_and_the_root_redirect_follows_each_reader(wsgi):
    cache, _ = wsgi
    for code in LANGUAGES:
        call(cache, f"/{code}/")
        answer = call(cache, f"/{code}/")
        assert answer.header("X-Page-Cache") == "hit"
        assert f'lang="{code}"' in answer.body.decode()
        assert answer.header("Content-Language") == code
    for code in LANGUAGES:
        root = call(cache, "/", HTTP_ACCEPT_LANGUAGE=f"{code},en;q=0.5")
        assert root.code == 302
        assert root.header("Location") == f"/{code}/"
        assert root.header("X-Page-Cache") is None  # never kept


def test_a_signed_in_editor_never_gets_nor_poisons_a_cached_page(wsgi, client):
    from django.contrib.auth import get_user_model

    cache, _ = wsgi
    editor = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "x", first_name="Edwina"
    )
    client.force_login(editor)
    session = client.cookies["sessionid"].value
    cookie = f"sessionid={session}"
    mine = call(cache, "/en/", HTTP_COOKIE=cookie)
    assert mine.header("X-Page-Cache") is None
    assert call(cache, "/en/", HTTP_COOKIE=cookie).header("X-Page-Cache") is None
    anonymous = call(cache, "/en/")
    assert anonymous.header("X-Page-Cache") == "miss"  # the editor stored nothing
    for entry in cache.entries.values():
        for marker in (b"csrfmiddlewaretoken", b"wagtail-userbar", b"Edwina"):
            assert marker not in entry.body
    # Still the editor's own page after an anonymous reader filled the cache.
    assert call(cache, "/en/", HTTP_COOKIE=cookie).header("X-Page-Cache") is None


@pytest.mark.parametrize(
    "path", ["/en/stories/share/", "/healthz", "/admin/login/", "/en/no-such-page/"]
)
def test_forms_admin_health_and_missing_pages_are_never_kept(wsgi, path):
    cache, _ = wsgi
    call(cache, path)
    answer = call(cache, path)
    assert answer.header("X-Page-Cache") is None
    assert not cache.entries


def test_a_response_setting_a_cookie_or_private_is_never_kept():
    def app(cookie: bool, control: str):
        def inner(environ, start_response):
            headers = [("Content-Type", "text/html"), ("Cache-Control", control)]
            if cookie:
                headers.append(("Set-Cookie", "a=b"))
            start_response("200 OK", headers)
            return [b"<p>hello</p>"]

        return inner

    for cookie, control in (
        (True, "public, s-maxage=60"),
        (False, "private, max-age=60"),
        (False, "no-store"),
        (False, "public, max-age=0"),
    ):
        cache = page_cache.PageCache(
            app(cookie, control), max_bytes=1 << 20, purge_log="/nonexistent/log"
        )
        call(cache, "/en/x/")
        assert not cache.entries, (cookie, control)


def test_purges_in_the_log_reach_the_cache(wsgi, settings):
    cache, _ = wsgi
    for code in LANGUAGES:
        call(cache, f"/{code}/")
    page_cache.purge_urls(["http://example.org/es/"])
    assert call(cache, "/es/").header("X-Page-Cache") == "miss"
    assert call(cache, "/en/").header("X-Page-Cache") == "hit"
    page_cache.purge_all()
    assert call(cache, "/en/").header("X-Page-Cache") == "miss"
    assert call(cache, "/fr/").header("X-Page-Cache") == "miss"


def test_page_publish_purges_through_wagtails_frontend_cache(
    wsgi, django_capture_on_commit_callbacks
):
    from wagtail.contrib.frontend_cache.utils import purge_url_from_cache
    from wagtail.models import Page

    cache, _ = wsgi
    call(cache, "/en/")
    purge_url_from_cache("http://testserver/en/")
    assert call(cache, "/en/").header("X-Page-Cache") == "miss"
    call(cache, "/fr/")
    page = Page.objects.live().filter(depth=3).first().specific
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert call(cache, "/fr/").header("X-Page-Cache") == "miss"


def test_the_memory_bound_holds():
    def app(environ, start_response):
        start_response(
            "200 OK",
            [("Content-Type", "text/plain"), ("Cache-Control", "public, s-maxage=60")],
        )
        return [environ["PATH_INFO"].encode() * 200]

    cache = page_cache.PageCache(app, max_bytes=200_000, purge_log="/nonexistent/log")
    for number in range(500):
        call(cache, f"/en/page-{number}/")
    assert cache.size <= 200_000
    assert 0 < len(cache.entries) < 500
    assert call(cache, "/en/page-499/").header("X-Page-Cache") == "hit"


def test_purged_pages_are_rendered_again_by_a_task(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    rendered: list[str] = []

    def app(environ, start_response):
        rendered.append(environ["PATH_INFO"])
        start_response(
            "200 OK",
            [("Content-Type", "text/html"), ("Cache-Control", "public, s-maxage=60")],
        )
        return [b"<p>fresh</p>"]

    settings.MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG = str(tmp_path / "purges.log")
    settings.MIGRANTSCOUNT_PAGE_WARM_REQUESTS = 2
    cache = page_cache.PageCache(
        app, max_bytes=1 << 20, purge_log=str(tmp_path / "purges.log")
    )
    server = make_server("127.0.0.1", 0, cache, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.SITE_URL = f"http://127.0.0.1:{server.server_port}"
        with django_capture_on_commit_callbacks(execute=True):
            page_cache.FrontendCacheBackend({}).purge_batch(
                ["https://example.org/es/stories/", "https://example.org/es/"]
            )
        # Each path rendered once, then served from memory to the second request.
        assert sorted(rendered) == ["/es/", "/es/stories/"]
        assert {entry.purge_key for entry in cache.entries.values()} == {
            "/es/",
            "/es/stories/",
        }
    finally:
        server.shutdown()
        server.server_close()


def test_an_already_encoded_answer_passes_through_untouched():
    """whitenoise serves `site.css.gz` with Content-Encoding: gzip and a public,
    year-long max-age; kept, it lost that header and was gzipped again (unreadable
    CSS under `make run`)."""
    original = b"body { color: #1a1a1a; }\n" * 100
    encoded = gzip.compress(original)

    def app(environ, start_response):
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/css"),
                ("Content-Encoding", "gzip"),
                ("Cache-Control", "max-age=315360000, public, immutable"),
            ],
        )
        return [encoded]

    cache = page_cache.PageCache(app, max_bytes=1 << 20, purge_log="/nonexistent/log")
    for _ in range(2):
        answer = call(cache, "/assets/site.css", HTTP_ACCEPT_ENCODING="gzip")
        assert answer.header("Content-Encoding") == "gzip"
        assert gzip.decompress(answer.body) == original
        assert answer.header("X-Page-Cache") is None
    assert not cache.entries


def test_static_files_are_left_to_whitenoise(settings):
    settings.STATIC_URL = "/static/"

    def app(environ, start_response):
        start_response(
            "200 OK",
            [
                ("Content-Type", "image/svg+xml"),
                ("Cache-Control", "public, max-age=60"),
            ],
        )
        return [b"<svg/>"]

    cache = page_cache.PageCache(app, max_bytes=1 << 20, purge_log="/nonexistent/log")
    call(cache, "/static/img/logo.svg")
    assert call(cache, "/static/img/logo.svg").header("X-Page-Cache") is None
    assert not cache.entries


def test_accepted_codings_are_read_like_accepts_and_remembered() -> None:
    cases = {
        "gzip, deflate, br, zstd": (True, True),
        "gzip;q=0, br": (True, False),
        "br;q=0": (False, False),
        "*": (True, True),
        "": (False, False),
        "identity": (False, False),
    }
    for header, expected in cases.items():
        assert page_cache.accepted_codings(header) == expected, header
        environ = {"HTTP_ACCEPT_ENCODING": header}
        assert expected == (
            page_cache.accepts(environ, "br"),
            page_cache.accepts(environ, "gzip"),
        )
    assert "gzip;q=0, br" in page_cache._CODINGS


def test_the_request_policy_follows_a_changed_setting(settings: Any) -> None:
    assert page_cache.excluded_path("/static/css/site.css")
    settings.STATIC_URL = "/assets/"
    assert page_cache.excluded_path("/assets/css/site.css")
    assert not page_cache.excluded_path("/static/css/site.css")
    settings.SESSION_COOKIE_NAME = "mc_session"
    assert not page_cache.anonymous_request(
        {"REQUEST_METHOD": "GET", "PATH_INFO": "/en/", "HTTP_COOKIE": "mc_session=1"}
    )


def test_no_warming_is_queued_while_paused(settings: Any) -> None:
    settings.MIGRANTSCOUNT_PAGE_WARM_REQUESTS = 2
    queued: list[object] = []
    with mock.patch(
        "django.db.transaction.on_commit", side_effect=queued.append
    ) as on_commit:
        with page_cache.warming_paused():
            page_cache.warm_after_commit(["https://example.org/es/americas/colombia/"])
        assert on_commit.call_count == 0
        page_cache.warm_after_commit(["https://example.org/es/america/colombia/"])
    assert len(queued) == 1


def _slow_app(rendered: list[str], *, kept: bool, seconds: float = 0.3) -> Any:
    import time as clock

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        rendered.append(environ["PATH_INFO"])
        clock.sleep(seconds)
        control = "public, s-maxage=60" if kept else "private"
        start_response(
            "200 OK", [("Content-Type", "text/html"), ("Cache-Control", control)]
        )
        return [b"<p>rendered once</p>"]

    return app


def _crowd(cache: page_cache.PageCache, path: str, readers: int) -> list[bytes]:
    import threading

    bodies: list[bytes] = []

    def read() -> None:
        environ: dict[str, Any] = {"PATH_INFO": path}
        setup_testing_defaults(environ)
        bodies.append(b"".join(cache(environ, lambda *answer: None)))

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return bodies


def test_a_crowd_asking_for_a_missing_page_renders_it_once(tmp_path: Any) -> None:
    rendered: list[str] = []
    cache = page_cache.PageCache(
        _slow_app(rendered, kept=True),
        max_bytes=1 << 20,
        purge_log=str(tmp_path / "purges.log"),
    )
    bodies = _crowd(cache, "/es/", 8)
    assert rendered == ["/es/"]
    assert bodies == [b"<p>rendered once</p>"] * 8
    assert cache.rendering == {}


def test_readers_of_a_page_that_is_never_kept_do_not_wait_for_each_other(
    tmp_path: Any,
) -> None:
    rendered: list[str] = []
    cache = page_cache.PageCache(
        _slow_app(rendered, kept=False),
        max_bytes=1 << 20,
        purge_log=str(tmp_path / "purges.log"),
    )
    _crowd(cache, "/es/share-your-story/", 1)  # learnt: not kept
    rendered.clear()
    bodies = _crowd(cache, "/es/share-your-story/", 4)
    assert rendered == ["/es/share-your-story/"] * 4
    assert len(bodies) == 4
    assert cache.rendering == {}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The page cache's monotonic clock, moved by the test."""
    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    return now


def test_another_process_purge_is_seen_within_the_check_interval(
    tmp_path: Any, clock: list[float]
) -> None:
    # A hit looks at the purge log at most every PURGE_CHECK_SECONDS (a stat per
    # request was a quarter of a hit's time).
    path = str(tmp_path / "purges.log")
    reader = page_cache.PurgeLog(path)
    with open(path, "w", encoding="utf-8") as log:
        log.write("")
    assert reader.news() == []  # starts at the end of the log
    # Another web process appends (the same bytes PurgeLog.append writes).
    with open(path, "a", encoding="utf-8") as log:
        log.write("/en/stories/withdrawn/\n")
    clock[0] += page_cache.PURGE_CHECK_SECONDS / 2
    assert reader.news() == []  # not looked at yet
    clock[0] += page_cache.PURGE_CHECK_SECONDS
    assert reader.news() == ["/en/stories/withdrawn/"]


def test_a_purge_written_in_this_process_is_seen_at_once(
    tmp_path: Any, clock: list[float]
) -> None:
    path = str(tmp_path / "purges.log")
    reader = page_cache.PurgeLog(path)
    page_cache.PurgeLog(path).append(["/en/"])
    assert reader.news() == []  # starts at the end of the log
    page_cache.PurgeLog(path).append(["/en/stories/withdrawn/"])
    assert reader.news() == ["/en/stories/withdrawn/"]  # same clock: no wait
    page_cache.PurgeLog(path).append([page_cache.PURGE_ALL])
    assert reader.news() is None
