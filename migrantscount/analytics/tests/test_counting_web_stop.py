"""The reach counts of the web process as `make run` starts it (real granian,
--workers 2, production settings, scripts/run.sh's "web:" line): a graceful stop
(SIGTERM, as systemd and the supervisor send) writes every view it counted."""

import http.client
import json
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from migrantscount.tests.helpers import (
    free_port,
    manage,
    migrate_and_collect,
    production_env,
    start,
    stop,
    wait_for_port,
)
from migrantscount.tests.test_production_web import run_sh_command

from .test_counting import BROWSER

# The site runs in its own processes on its own SQLite file: once is enough.
pytestmark = pytest.mark.own_processes

PAGE = "/en/"
LOADED = 3000
SETUP = """
from migrantscount.pages.tests.factories import build_site_tree
build_site_tree(translate=False)
"""
COUNTED = """
import json
from django.db.models import Sum
from migrantscount.analytics.models import PageViewCount
rows = PageViewCount.objects.filter(path={path!r})
print(json.dumps({{"views": rows.aggregate(n=Sum("views"))["n"] or 0}}))
"""


def get(port: int, path: str) -> tuple[int, str | None]:
    # A new connection each time, so granian hands requests to both workers.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "GET", path, headers={"Connection": "close", "User-Agent": BROWSER}
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("X-Page-Cache")


def test_a_graceful_stop_writes_every_view_each_worker_counted(
    tmp_path: Path,
) -> None:
    port = free_port()
    env = production_env(
        tmp_path,
        port,
        # The production interval: the stop comes well before a periodic write.
        MIGRANTSCOUNT_REACH_FLUSH_SECONDS="60",
        MIGRANTSCOUNT_REACH_COUNTING="server",
    )
    migrate_and_collect(env)
    made = manage(env, "shell", "-c", SETUP)
    assert made.returncode == 0, made.stderr
    log = tmp_path / "web.log"
    web = start(run_sh_command("web", PORT=str(port)), env, log)
    try:
        wait_for_port(port, timeout=60)
        # Each worker renders the page once (counted by the middleware), then serves
        # it from the page cache (counted by the served hook).
        warm_up = [get(port, PAGE) for _ in range(8)]
        with ThreadPoolExecutor(max_workers=16) as pool:
            loaded = list(pool.map(lambda _: get(port, PAGE), range(LOADED)))
        answers = warm_up + loaded
        assert all(status == 200 for status, _cache in answers), {
            status for status, _cache in answers
        }
        hits = [cache for _status, cache in loaded].count("hit")
        assert hits >= LOADED - 2, hits  # the load went through the page cache
        web.send_signal(signal.SIGTERM)
        returncode = web.wait(timeout=30)
    finally:
        stop(web)
    assert returncode == 0, log.read_text()
    counted = manage(env, "shell", "-c", COUNTED.format(path=PAGE))
    assert counted.returncode == 0, counted.stderr
    views = json.loads(counted.stdout.strip().splitlines()[-1])["views"]
    # Every 200 answer to a browser was a view, whether rendered or from memory.
    assert views == len(answers), log.read_text()[-4000:]
