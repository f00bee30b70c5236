"""Web reach counted on the server (analytics.counting): cached and uncached views each
counted once, aggregated in memory and written as upserts, bots and non-pages left
out, no cookie set, and nothing identifying in the database."""

import io
import json
import multiprocessing
import threading
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import Client

from migrantscount.analytics import counting
from migrantscount.analytics.models.reach import PageViewCount
from migrantscount.core import page_cache
from migrantscount.pages.tests.factories import build_site_tree

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
# Values no row may ever hold.
DISTINCTIVE_IP = "203.0.113.197"
DISTINCTIVE_FORWARDED = "198.51.100.233"
DISTINCTIVE_AGENT = f"{BROWSER} Zqxwvutsrq/7.31"
DISTINCTIVE_COOKIE = "visitor=kqzvbnmtrackme42"


@pytest.fixture(autouse=True)
def fresh_counter(monkeypatch: pytest.MonkeyPatch, settings: Any) -> counting.Counter:
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.SERVER
    settings.MIGRANTSCOUNT_REACH_FLUSH_SECONDS = 0
    monkeypatch.setattr(counting, "COUNTER", counting.Counter())
    return counting.COUNTER


@pytest.fixture
def site() -> dict[str, Any]:
    return build_site_tree()


def total(**filters: Any) -> int:
    return sum(PageViewCount.objects.filter(**filters).values_list("views", flat=True))


def call(
    app: Any, path: str, *, query: str = "", **headers: str
) -> tuple[str, dict[str, str]]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
    }
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "testserver"
    environ["wsgi.input"] = BytesIO()
    environ.setdefault("HTTP_USER_AGENT", BROWSER)
    environ.update(headers)
    got: dict[str, Any] = {}

    def start_response(
        status: str, response_headers: Any, exc_info: Any = None
    ) -> None:
        got.update(status=status, headers=list(response_headers))

    result = app(environ, start_response)
    b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return got["status"], {name.lower(): value for name, value in got["headers"]}


@pytest.fixture
def wsgi(
    settings: Any, tmp_path: Path, site: dict[str, Any]
) -> Iterator[page_cache.PageCache]:
    """The site as wsgi.py wraps it (page cache outermost), in this test's transaction."""
    settings.ALLOWED_HOSTS = ["testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache = page_cache.PageCache(
        WSGIHandler(), max_bytes=8 * 1024 * 1024, purge_log=str(tmp_path / "p.log")
    )
    yield cache
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_page_cache_hook_is_registered() -> None:
    assert counting.count_served in page_cache.SERVED_HOOKS


def test_an_uncached_view_is_counted_once_and_sets_no_cookie(
    client: Client, site: dict[str, Any]
) -> None:
    response = client.get("/en/who-we-are/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert PageViewCount.objects.count() == 0  # nothing written during the request
    assert counting.flush() == 1
    row = PageViewCount.objects.get()
    assert (row.path, row.language, row.views) == ("/en/who-we-are/", "en", 1)


def test_a_cached_view_and_an_uncached_view_are_each_counted_once(
    wsgi: page_cache.PageCache,
) -> None:
    first_status, first = call(wsgi, "/es/")
    second_status, second = call(wsgi, "/es/")
    assert first_status.startswith("200") and second_status.startswith("200")
    assert first["x-page-cache"] == "miss"  # rendered by Django: the middleware
    assert second["x-page-cache"] == "hit"  # from memory: the served hook
    assert "set-cookie" not in first and "set-cookie" not in second
    counting.flush()
    assert total(path="/es/", language="es") == 2
    assert PageViewCount.objects.count() == 1


def test_a_304_from_the_cache_counts_as_a_view(wsgi: page_cache.PageCache) -> None:
    call(wsgi, "/fr/")
    _status, headers = call(wsgi, "/fr/")
    status, _headers = call(wsgi, "/fr/", HTTP_IF_NONE_MATCH=headers["etag"])
    assert status.startswith("304")
    counting.flush()
    assert total(path="/fr/") == 3


def test_counts_add_up_across_flushes(client: Client, site: dict[str, Any]) -> None:
    client.get("/en/", HTTP_USER_AGENT=BROWSER)
    counting.flush()
    client.get("/en/", HTTP_USER_AGENT=BROWSER)
    client.get("/en/", HTTP_USER_AGENT=BROWSER)
    assert counting.flush() == 1
    assert PageViewCount.objects.get(path="/en/").views == 3


def test_utm_tags_and_referrer_domain_are_kept_and_nothing_else(
    client: Client, site: dict[str, Any]
) -> None:
    client.get(
        "/en/who-we-are/?utm_source=bluesky&utm_medium=social&utm_campaign="
        "migrantscount&utm_content=42&email=ana@example.org",
        HTTP_USER_AGENT=BROWSER,
        HTTP_REFERER="https://www.bsky.app/profile/someone/post/3k?x=secret",
    )
    counting.flush()
    row = PageViewCount.objects.get()
    assert (row.referrer_domain, row.utm_source, row.utm_medium) == (
        "bsky.app",
        "bluesky",
        "social",
    )
    assert (row.utm_campaign, row.utm_content) == ("migrantscount", "42")
    assert row.path == "/en/who-we-are/"
    assert "secret" not in json.dumps(list(PageViewCount.objects.values()), default=str)


def test_a_tag_that_is_not_a_tag_is_dropped() -> None:
    assert counting.utm_tags(
        "utm_source=a%20b<script>&utm_content=ana@example.org"
    ) == (
        "",
        "",
        "",
        "",
    )
    assert counting.utm_tags("utm_source=X&utm_source=y") == ("x", "", "", "")


def test_links_within_the_site_are_internal(
    client: Client, site: dict[str, Any]
) -> None:
    client.get(
        "/en/", HTTP_USER_AGENT=BROWSER, HTTP_REFERER="http://testserver/en/news/"
    )
    counting.flush()
    assert PageViewCount.objects.get().referrer_domain == counting.INTERNAL


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "python-httpx/0.28.1",
        "",
    ],
)
def test_bots_and_tools_are_not_counted(
    client: Client, site: dict[str, Any], agent: str
) -> None:
    assert client.get("/en/", HTTP_USER_AGENT=agent).status_code == 200
    assert counting.flush() == 0


def test_prefetches_heads_admin_and_non_pages_are_not_counted(
    client: Client, site: dict[str, Any]
) -> None:
    client.get("/en/", HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch")
    client.head("/en/", HTTP_USER_AGENT=BROWSER)
    client.get("/admin/login/", HTTP_USER_AGENT=BROWSER)
    client.get("/robots.txt", HTTP_USER_AGENT=BROWSER)
    client.get("/en/no-such-page/", HTTP_USER_AGENT=BROWSER)
    assert counting.flush() == 0


def test_a_private_url_is_counted_by_its_pattern_never_its_token(
    client: Client, site: dict[str, Any]
) -> None:
    from migrantscount.stories.models import ConsentText
    from migrantscount.stories.services import submissions

    receipt = submissions.submit_story(
        submissions.StoryInput(
            title="A title",
            text="A story long enough to be accepted.",
            name="Ana",
            age_bracket="25_34",
            origin_country="VEN",
            residence_country="COL",
            sector="commerce",
            consent_text=ConsentText.objects.get(language="en", version=1),
            name_display="first_name",
            contact="ana@example.org",
            allows_website=True,
        ),
        language="en",
    )
    response = client.get(
        f"/en/stories/status/{receipt.token}/", HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 200
    counting.flush()
    row = PageViewCount.objects.get()
    assert receipt.token not in row.path
    assert row.path.endswith("stories/status/<str:token>/")


def test_beacon_mode_counts_only_through_the_beacon(
    client: Client, site: dict[str, Any], settings: Any
) -> None:
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.BEACON
    page = client.get("/es/", HTTP_USER_AGENT=BROWSER)
    html = page.content.decode()
    assert 'data-reach-beacon="/reach/beacon/"' in html
    assert "/reach/pixel.gif?l=es" in html
    assert counting.flush() == 0  # the server side counted nothing
    answer = client.get(
        "/reach/beacon/",
        {
            "p": "/es/?utm_source=mastodon&utm_content=7",
            "r": "https://mastodon.social/@x",
            "l": "es",
        },
        HTTP_USER_AGENT=BROWSER,
    )
    assert answer.status_code == 204
    assert "no-store" in answer["Cache-Control"]
    assert not answer.cookies
    counting.flush()
    row = PageViewCount.objects.get()
    assert (row.path, row.language, row.referrer_domain) == (
        "/es/",
        "es",
        "mastodon.social",
    )
    assert (row.utm_source, row.utm_content, row.views) == ("mastodon", "7", 1)


def test_the_pixel_counts_the_page_it_is_on(
    client: Client, site: dict[str, Any], settings: Any
) -> None:
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.BEACON
    answer = client.get(
        "/reach/pixel.gif?l=pt",
        HTTP_USER_AGENT=BROWSER,
        HTTP_REFERER="http://testserver/pt/?utm_source=x",
    )
    assert answer["Content-Type"] == "image/gif"
    assert "no-store" in answer["Cache-Control"]
    counting.flush()
    row = PageViewCount.objects.get()
    assert (row.path, row.language, row.utm_source) == ("/pt/", "pt", "x")


def test_the_beacon_counts_nothing_in_server_mode_nor_from_bots(
    client: Client, site: dict[str, Any], settings: Any
) -> None:
    client.get("/reach/beacon/", {"p": "/en/"}, HTTP_USER_AGENT=BROWSER)
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.BEACON
    client.get("/reach/beacon/", {"p": "/en/"}, HTTP_USER_AGENT="Googlebot/2.1")
    client.get(
        "/reach/beacon/",
        {"p": "https://elsewhere.example/en/"},
        HTTP_USER_AGENT=BROWSER,
    )
    assert counting.flush() == 0


def test_off_counts_nothing_and_adds_no_tag(
    client: Client, site: dict[str, Any], settings: Any
) -> None:
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.OFF
    page = client.get("/en/", HTTP_USER_AGENT=BROWSER)
    assert b"data-reach-beacon" not in page.content
    assert counting.flush() == 0


def test_memory_is_bounded_by_folding_new_keys_into_other(
    settings: Any, fresh_counter: counting.Counter
) -> None:
    settings.MIGRANTSCOUNT_REACH_MAX_KEYS = 3
    environ = {"HTTP_USER_AGENT": BROWSER, "HTTP_HOST": "testserver"}
    for number in range(10):
        counting.count(
            environ, path=f"/en/p{number}/", query="", language="en", referrer=""
        )
    assert len(fresh_counter.counts) == 4
    counting.flush()
    assert total(path=counting.OTHER) == 7
    assert total() == 10


def test_a_failed_write_keeps_the_counts_for_the_next_flush(
    monkeypatch: pytest.MonkeyPatch, fresh_counter: counting.Counter
) -> None:
    environ = {"HTTP_USER_AGENT": BROWSER, "HTTP_HOST": "testserver"}
    counting.count(environ, path="/en/", query="", language="en", referrer="")

    def broken(counts: dict[counting.Key, int]) -> None:
        raise RuntimeError("database away")

    with monkeypatch.context() as patch:
        patch.setattr(counting, "write_counts", broken)
        with pytest.raises(RuntimeError):
            counting.flush()
    assert counting.flush() == 1
    assert total(path="/en/") == 1


def _count_views(views: int) -> None:
    environ = {"HTTP_USER_AGENT": BROWSER, "HTTP_HOST": "testserver"}
    for _ in range(views):
        counting.count(environ, path="/en/", query="", language="en", referrer="")


def test_a_worker_process_writes_its_counts_as_it_ends(
    monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    # granian's workers are multiprocessing children (fork on Linux), which end in
    # os._exit once their target returns: no atexit handler runs there.
    settings.MIGRANTSCOUNT_REACH_FLUSH_SECONDS = 3600  # no periodic write comes
    written = tmp_path / "written"

    def write_counts(counts: dict[counting.Key, int]) -> None:
        # The child's own database connection is not the test's: record instead.
        with written.open("a") as file:
            file.write(f"{sum(counts.values())}\n")

    monkeypatch.setattr(counting, "write_counts", write_counts)
    worker = multiprocessing.get_context("fork").Process(target=_count_views, args=(3,))
    worker.start()
    worker.join(30)
    assert worker.exitcode == 0
    assert written.exists(), "the worker's counts were never written"
    assert written.read_text().split() == ["3"]


def test_the_last_flush_waits_for_a_periodic_write_under_way(
    monkeypatch: pytest.MonkeyPatch, fresh_counter: counting.Counter
) -> None:
    # A periodic write cut off by the exit would lose the counts it took.
    environ = {"HTTP_USER_AGENT": BROWSER, "HTTP_HOST": "testserver"}
    events: list[str] = []
    writing, release = threading.Event(), threading.Event()

    def slow_write(counts: dict[counting.Key, int]) -> None:
        events.append(f"write {sum(counts.values())}")
        writing.set()
        release.wait(10)
        events.append("written")

    monkeypatch.setattr(counting, "write_counts", slow_write)
    fresh_counter.flusher = threading.current_thread()
    counting.count(environ, path="/en/", query="", language="en", referrer="")
    periodic = threading.Thread(target=counting.flush)
    periodic.start()
    assert writing.wait(10)
    counting.count(environ, path="/en/", query="", language="en", referrer="")
    counting.count(environ, path="/en/", query="", language="en", referrer="")
    last = threading.Thread(target=counting._last_flush)
    last.start()
    last.join(0.5)  # it would write now, beside the periodic write, without the wait
    release.set()
    periodic.join(10)
    last.join(10)
    assert events == ["write 1", "written", "write 2", "written"]
    assert fresh_counter.flusher is None  # the periodic thread stops at its next turn


def test_no_database_row_holds_an_address_agent_or_cookie(
    wsgi: page_cache.PageCache, client: Client, settings: Any
) -> None:
    settings.MIGRANTSCOUNT_TRUSTED_PROXIES = ["127.0.0.1"]
    identifying: dict[str, Any] = {
        "REMOTE_ADDR": DISTINCTIVE_IP,
        "HTTP_X_FORWARDED_FOR": DISTINCTIVE_FORWARDED,
        "HTTP_USER_AGENT": DISTINCTIVE_AGENT,
        "HTTP_COOKIE": DISTINCTIVE_COOKIE,
        "HTTP_REFERER": "https://bsky.app/profile/kqzvbnmtrackme42",
    }
    for path in ("/en/", "/en/", "/es/", "/en/who-we-are/"):
        call(wsgi, path, query="utm_source=bluesky", **identifying)
    client.get("/pt/", **identifying)
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.BEACON
    client.get("/reach/beacon/", {"p": "/fr/", "l": "fr"}, **identifying)
    counting.flush()
    assert total() == 6  # the views were counted ...
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)  # every app, every model
    text = dump.getvalue()
    if connection.vendor == "sqlite":
        text += "\n".join(connection.connection.iterdump())
    assert "bsky.app" in text  # ... and the dump does hold the counts
    for value in (
        DISTINCTIVE_IP,
        DISTINCTIVE_FORWARDED,
        "Zqxwvutsrq",
        "kqzvbnmtrackme42",
    ):
        assert value not in text


def test_the_day_a_view_counts_on_follows_the_clock_both_ways(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # today() remembers the day it last computed; it must notice midnight, and a
    # clock set back (tests, a corrected host clock) as well.
    import datetime as dt

    def at(moment: str) -> dt.date:
        instant = dt.datetime.fromisoformat(moment).timestamp()
        monkeypatch.setattr(
            "migrantscount.analytics.counting.time.time", lambda: instant
        )
        return counting.today()

    assert at("2026-03-07T23:59:59.5+00:00") == dt.date(2026, 3, 7)
    assert at("2026-03-08T00:00:00+00:00") == dt.date(2026, 3, 8)
    assert at("2026-03-08T23:00:00-05:00") == dt.date(2026, 3, 9)
    assert at("2025-01-01T12:00:00+00:00") == dt.date(2025, 1, 1)


def test_the_fields_of_a_header_list_are_read_for_that_list_only() -> None:
    # The page cache hands each hit of one answer the same list: read once, but a
    # different list (another answer) is read for itself, even if equal at first.
    english = [("Content-Type", "text/html; charset=utf-8"), ("Content-Language", "en")]
    spanish = [("content-type", "text/html"), ("content-language", "es")]
    assert counting._view_headers(english) == ("text/html; charset=utf-8", "en")
    assert counting._view_headers(english) == ("text/html; charset=utf-8", "en")
    assert counting._view_headers(spanish) == ("text/html", "es")
    assert counting._view_headers([("Content-Type", "image/png")]) == ("image/png", "")


def test_the_counting_mode_follows_a_changed_setting(settings: Any) -> None:
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.SERVER
    assert counting.mode() == counting.SERVER
    settings.MIGRANTSCOUNT_REACH_COUNTING = counting.BEACON
    assert counting.mode() == counting.BEACON


def test_the_same_request_either_side_of_midnight_counts_on_each_day(
    monkeypatch: pytest.MonkeyPatch, fresh_counter: counting.Counter
) -> None:
    # What a request's values came to is remembered with the day it was last
    # counted on: a repeat after midnight must count on the new day.
    import datetime as dt

    def view_at(moment: str) -> None:
        instant = dt.datetime.fromisoformat(moment).timestamp()
        monkeypatch.setattr(
            "migrantscount.analytics.counting.time.time", lambda: instant
        )
        environ = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}
        assert counting.count(
            environ, path="/en/stories/", query="", language="en", referrer=""
        )

    view_at("2026-03-07T23:59:59+00:00")
    view_at("2026-03-07T23:59:59.9+00:00")
    view_at("2026-03-08T00:00:01+00:00")
    counts = fresh_counter.take()
    assert {(key.day, key.path): views for key, views in counts.items()} == {
        (dt.date(2026, 3, 7), "/en/stories/"): 2,
        (dt.date(2026, 3, 8), "/en/stories/"): 1,
    }
