"""The page cache across the web workers `make run` starts (real granian, --workers 2,
production settings): a withdrawn story is gone from every worker's cache at once."""

import http.client
import json

import pytest

from .helpers import (
    free_port,
    manage,
    migrate_and_collect,
    production_env,
    start,
    stop,
    wait_for_port,
)
from .test_production_web import run_sh_command

# The site runs in its own processes on its own SQLite file: once is enough.
pytestmark = pytest.mark.own_processes

SETUP = """
import json
from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.stories.tests.factories import SubmissionFactory
from migrantscount.stories.tests.helpers import approve, approver, draft_story, moderator
build_site_tree()
story = approve(
    draft_story(SubmissionFactory(language="en"), moderator(), title="Soon withdrawn"),
    approver(),
)
print(json.dumps({"url": story.get_absolute_url(), "submission": story.submission_id}))
"""

WITHDRAW = """
from migrantscount.stories.models import Submission
from migrantscount.stories.services.submissions import withdraw_submission
withdraw_submission(Submission.objects.get(pk={pk}), route="self")
"""


def get(port: int, path: str) -> tuple[int, str | None, bytes]:
    # A new connection each time, so granian hands requests to both workers.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Connection": "close"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.getheader("X-Page-Cache"), body


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("page-cache-workers")
    port = free_port()
    env = production_env(
        tmp_path,
        port,
        MIGRANTSCOUNT_2FA_EXEMPT_USERS="moderator,approver",
    )
    migrate_and_collect(env)
    made = manage(env, "shell", "-c", SETUP)
    assert made.returncode == 0, made.stderr
    story = json.loads(made.stdout.strip().splitlines()[-1])
    web = start(run_sh_command("web", PORT=str(port)), env, tmp_path / "web.log")
    try:
        wait_for_port(port, timeout=60)
        yield {"port": port, "env": env, "log": tmp_path / "web.log", **story}
    finally:
        stop(web)


def test_a_withdrawn_story_is_gone_from_every_workers_cache_at_once(site):
    port, url = site["port"], site["url"]
    answers = [get(port, url) for _ in range(30)]
    assert all(status == 200 for status, _cache, _body in answers)
    assert all(b"Soon withdrawn" in body for _status, _cache, body in answers)
    hits = [cache for _status, cache, _body in answers].count("hit")
    # Each worker rendered it at most once and served it from memory afterwards.
    assert hits >= 30 - 2, [cache for _status, cache, _body in answers]
    withdrawn = manage(
        site["env"], "shell", "-c", WITHDRAW.format(pk=site["submission"])
    )
    assert withdrawn.returncode == 0, withdrawn.stderr
    after = [get(port, url) for _ in range(30)]
    assert all(status == 404 for status, _cache, _body in after), [
        (status, cache) for status, cache, _body in after
    ]
    home = [get(port, "/en/") for _ in range(10)]
    assert not any(b"Soon withdrawn" in body for _status, _cache, body in home)
