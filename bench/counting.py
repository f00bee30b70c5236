"""What counting page views costs a request, with and without, in the same run (issue 20).

In one process, on a fresh SQLite database (migrated, a small site tree in four
languages): the WSGI application as wsgi.py builds it (page cache around Django),
called directly (no sockets, so the figure is the counting's own cost). Two paths:

- a page-cache hit (the served hook counts it), REQUESTS per round;
- a render by Django, page cache off (CountingMiddleware counts it), RENDERS per round;

each in ROUNDS rounds alternating MIGRANTSCOUNT_REACH_COUNTING "server" and "off", 40
browser user agents in turn (their bot verdicts warm after the first of each). Then one
flush of MAX_KEYS distinct rows into the database. Medians of the rounds.
Last line: hit_off_us=… hit_on_us=… hit_overhead_us=… render_off_ms=… render_on_ms=…
render_overhead_ms=… flush_5000_rows_ms=…
"""

import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "5000"))
RENDERS = int(os.environ.get("BENCH_RENDERS", "100"))
MAX_KEYS = 5000
AGENTS = [
    f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    f"Chrome/{120 + number}.0.0.0 Safari/537.36"
    for number in range(40)
]


def setup() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="bench-counting-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MIGRANTSCOUNT_VAR_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "migrantscount.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.MIGRANTSCOUNT_REACH_FLUSH_SECONDS = 0
    call_command("migrate", verbosity=0)
    from migrantscount.pages.tests.factories import build_site_tree

    build_site_tree()
    return folder


def request(app: Any, path: str, agent: str) -> None:
    environ: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": path}
    setup_testing_defaults(environ)
    environ.update(
        HTTP_HOST="testserver",
        HTTP_USER_AGENT=agent,
        HTTP_REFERER="https://bsky.app/profile/x",
        QUERY_STRING="utm_source=bluesky&utm_medium=social&utm_content=12",
    )
    environ["wsgi.input"] = BytesIO()

    def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
        assert status.startswith("200"), status

    result = app(environ, start_response)
    b"".join(result)
    close = getattr(result, "close", None)
    if close is not None:
        close()


def timed(app: Any, path: str, count: int) -> float:
    """Seconds per request."""
    started = time.perf_counter()
    for number in range(count):
        request(app, path, AGENTS[number % len(AGENTS)])
    return (time.perf_counter() - started) / count


def main() -> None:
    folder = setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    from migrantscount.analytics import counting
    from migrantscount.core import page_cache

    django_app = WSGIHandler()
    cached = page_cache.PageCache(
        django_app, max_bytes=8 << 20, purge_log=str(folder / "purges.log")
    )
    request(cached, "/es/", AGENTS[0])  # kept
    for agent in AGENTS:  # bot verdicts as a running process has them
        counting.is_bot(agent)
    counting.COUNTER.take()  # the first render, counted before the rounds
    hits: dict[str, list[float]] = {counting.SERVER: [], counting.OFF: []}
    renders: dict[str, list[float]] = {counting.SERVER: [], counting.OFF: []}
    for _round in range(ROUNDS):
        for mode in (counting.OFF, counting.SERVER):
            settings.MIGRANTSCOUNT_REACH_COUNTING = mode
            hits[mode].append(timed(cached, "/es/", REQUESTS))
            renders[mode].append(timed(django_app, "/es/", RENDERS))
    counted = sum(counting.COUNTER.take().values())
    expected = ROUNDS * (REQUESTS + RENDERS)
    assert counted == expected, (counted, expected)
    for number in range(MAX_KEYS):
        counting.COUNTER.add(
            counting.Key(counting.today(), f"/en/p{number}/", "en", "", "", "", "", "")
        )
    started = time.perf_counter()
    rows = counting.flush()
    flush_ms = (time.perf_counter() - started) * 1000
    assert rows == MAX_KEYS, rows

    hit_off = statistics.median(hits[counting.OFF]) * 1e6
    hit_on = statistics.median(hits[counting.SERVER]) * 1e6
    render_off = statistics.median(renders[counting.OFF]) * 1e3
    render_on = statistics.median(renders[counting.SERVER]) * 1e3
    print(f"rounds={ROUNDS} hits/round={REQUESTS} renders/round={RENDERS}")
    print(
        f"hit_off_us={hit_off:.1f} hit_on_us={hit_on:.1f} "
        f"hit_overhead_us={hit_on - hit_off:.1f} render_off_ms={render_off:.2f} "
        f"render_on_ms={render_on:.2f} render_overhead_ms={render_on - render_off:.2f} "
        f"flush_{MAX_KEYS}_rows_ms={flush_ms:.0f}"
    )


if __name__ == "__main__":
    main()
