"""The real reverse-proxy cache (Debian's Varnish with deploy/varnish/default.vcl) in
front of the web process as `make run` starts it (granian, production settings): what it
keeps, and that Wagtail's frontend-cache purges (PURGE per URL, BAN for the whole site)
change its answers as soon as the queued purge tasks have run."""

import http.client
import json
import shutil
from pathlib import Path

import pytest
import requests

from migrantscount.tests.helpers import (
    ROOT,
    free_port,
    manage,
    migrate_and_collect,
    program_env,
    start,
    stop,
    wait_for_port,
)
from migrantscount.tests.test_production_web import run_sh_command

VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
)
pytestmark = [
    pytest.mark.own_processes,
    pytest.mark.skipif(
        VARNISHD is None, reason="Varnish is not installed (Debian package varnish)"
    ),
]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
EDITOR, EDITOR_PASSWORD = "editor", "editor-pass-1"

SETUP = """
import json
from django.contrib.auth.models import User
from wagtail.models import Site
from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.stories.tests.factories import SubmissionFactory
from migrantscount.stories.tests.helpers import approve, approver, draft_story, moderator
pages = build_site_tree()
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "127.0.0.1", {port}
site.save()  # also drops Wagtail's cached site root paths
User.objects.create_superuser("{user}", "editor@example.org", "{password}")
story = approve(
    draft_story(SubmissionFactory.create(language="en"), moderator(), title="Soon gone"),
    approver(),
)
release = pages["release"]
print(json.dumps({{
    "about": pages["about"].get_url(),
    "release": release.get_url(), "release_id": release.pk,
    "news": pages["news"].get_url(), "news_id": pages["news"].pk,
    "story": story.get_absolute_url(), "submission": story.submission_id,
}}))
"""

WITHDRAW = """
from migrantscount.stories.models import Submission
from migrantscount.stories.services.submissions import withdraw_submission
withdraw_submission(Submission.objects.get(pk={pk}), route="self")
"""

# What the editor's Publish button does: a new revision, published by its author.
PUBLISH = """
from django.contrib.auth.models import User
from wagtail.models import Page
page = Page.objects.get(pk={pk}).specific
page.intro = "Edited through the proxy."
editor = User.objects.get(username="editor")
page.save_revision(user=editor).publish(user=editor)
"""

# A change no purge follows (no signal): only a fresh render shows it.
QUIET_RENAME = """
from wagtail.models import Page
Page.objects.filter(pk={pk}).update(title="Newsroom, quietly renamed")
"""

FOOTER = """
from migrantscount.pages.models import Footer
footer = Footer.objects.get(locale__language_code="en")
footer.text = "<p>Footer after the change</p>"
footer.save()
"""


def vcl_for(backend_port: int, path: Path) -> Path:
    """The shipped VCL, only its backend port changed to the test's web server."""
    text = VCL.read_text(encoding="utf-8")
    assert '.port = "8000";' in text
    path.write_text(text.replace('.port = "8000";', f'.port = "{backend_port}";'))
    return path


def run_queued_tasks(env: dict[str, str]) -> None:
    """What the worker of `make run` does: run every queued task (the purges)."""
    ran = manage(
        env,
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        "*",
    )
    assert ran.returncode == 0, ran.stderr[-3000:]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("proxy-cache")
    web_port, proxy_port = free_port(), free_port()
    base = f"http://127.0.0.1:{proxy_port}"
    env = program_env(
        tmp_path,
        "migrantscount.settings.production",
        SITE_URL=base,
        ALLOWED_HOSTS="127.0.0.1",
        PORT=str(web_port),
        MIGRANTSCOUNT_PROXY_PURGE_URL=base,
        MIGRANTSCOUNT_TRUSTED_PROXIES="127.0.0.1",
        MIGRANTSCOUNT_2FA_EXEMPT_USERS=f"moderator,approver,{EDITOR}",
    )
    migrate_and_collect(env)
    made = manage(
        env,
        "shell",
        "-c",
        SETUP.format(port=proxy_port, user=EDITOR, password=EDITOR_PASSWORD),
    )
    assert made.returncode == 0, made.stderr
    urls = json.loads(made.stdout.strip().splitlines()[-1])
    run_queued_tasks(env)  # search index and purges of the set-up
    web = start(run_sh_command("web", PORT=str(web_port)), env, tmp_path / "web.log")
    proxy = start(
        [
            str(VARNISHD),
            "-F",
            "-j",
            "none",
            "-a",
            f"127.0.0.1:{proxy_port}",
            "-f",
            str(vcl_for(web_port, tmp_path / "default.vcl")),
            "-n",
            str(tmp_path / "varnish"),
            "-s",
            "malloc,32m",
            "-T",
            "none",
        ],
        env,
        tmp_path / "varnish.log",
    )
    try:
        wait_for_port(web_port, timeout=60)
        wait_for_port(proxy_port, timeout=60)
        yield {"base": base, "port": proxy_port, "env": env, **urls}
    finally:
        stop(web, proxy)


def get(site: dict, path: str, **kwargs) -> requests.Response:
    return requests.get(site["base"] + path, timeout=30, **kwargs)


def kept(site: dict, path: str) -> requests.Response:
    """GET until the proxy answers from its cache (the first GET fills it)."""
    for _ in range(3):
        response = get(site, path)
        if response.headers.get("X-Cache") == "HIT":
            return response
    raise AssertionError(f"{path} never came from the proxy's cache")


def test_a_public_page_is_served_from_the_proxy_on_the_second_request(site):
    first = get(site, site["news"])
    second = get(site, site["news"])
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache"] == "MISS"
    assert second.headers["X-Cache"] == "HIT"
    assert int(second.headers["Age"]) >= 0
    assert second.content == first.content
    assert "s-maxage=3600" in second.headers["Cache-Control"]
    assert "max-age=0" in second.headers["Cache-Control"]
    assert "X-Cache-Host" not in second.headers


def test_a_page_edit_published_in_wagtail_reaches_the_next_reader(site):
    assert "Body of the release" in kept(site, site["release"]).text
    kept(site, site["about"])
    published = manage(
        site["env"], "shell", "-c", PUBLISH.format(pk=site["release_id"])
    )
    assert published.returncode == 0, published.stderr
    # The proxy still holds the old copy until the worker has sent the purge.
    assert "Edited through the proxy." not in kept(site, site["release"]).text
    run_queued_tasks(site["env"])
    after = get(site, site["release"])
    assert after.status_code == 200
    assert "Edited through the proxy." in after.text
    # The news index lists the release: purged with it. A page that shows nothing
    # of it is left in the proxy (a purge by URL, not of everything).
    assert "Edited through the proxy." in get(site, site["news"]).text
    assert get(site, site["about"]).headers["X-Cache"] == "HIT"


def test_a_signed_in_editor_never_gets_nor_leaves_a_kept_page(site):
    anonymous = kept(site, site["news"])
    renamed = manage(
        site["env"], "shell", "-c", QUIET_RENAME.format(pk=site["news_id"])
    )
    assert renamed.returncode == 0, renamed.stderr
    editor = requests.Session()
    login = f"{site['base']}/admin/login/"
    token = editor.get(login, timeout=30).cookies["csrftoken"]
    editor.post(
        login,
        data={
            "csrfmiddlewaretoken": token,
            "username": EDITOR,
            "password": EDITOR_PASSWORD,
        },
        headers={"Referer": login},
        timeout=30,
    )
    assert "sessionid" in editor.cookies
    for _ in range(2):
        answer = editor.get(site["base"] + site["news"], timeout=30)
        assert answer.status_code == 200
        assert answer.headers["X-Cache"] == "PASS"
        # Rendered for them by Django, past both caches.
        assert "X-Page-Cache" not in answer.headers
        assert "Newsroom, quietly renamed" in answer.text
    assert editor.get(site["base"] + "/admin/", timeout=30).headers["X-Cache"] == "PASS"
    # Readers still get the kept copy, untouched by the editor's visits.
    after = get(site, site["news"])
    assert after.headers["X-Cache"] == "HIT"
    assert after.content == anonymous.content


def test_a_withdrawn_story_is_gone_from_the_proxy(site):
    assert "Soon gone" in kept(site, site["story"]).text
    withdrawn = manage(
        site["env"], "shell", "-c", WITHDRAW.format(pk=site["submission"])
    )
    assert withdrawn.returncode == 0, withdrawn.stderr
    run_queued_tasks(site["env"])
    for _ in range(3):
        gone = get(site, site["story"])
        assert gone.status_code == 404
        assert gone.headers["X-Cache"] != "HIT"
    assert "Soon gone" not in get(site, "/en/").text


def test_a_footer_change_empties_the_proxy_for_every_page(site):
    before = [kept(site, path) for path in (site["news"], "/en/", "/es/")]
    assert all("Footer after the change" not in page.text for page in before)
    changed = manage(site["env"], "shell", "-c", FOOTER)
    assert changed.returncode == 0, changed.stderr
    run_queued_tasks(site["env"])
    for path in (site["news"], "/en/"):
        assert "Footer after the change" in get(site, path).text
    # The Spanish pages show their own footer, but were dropped too (BAN).
    assert get(site, "/es/").headers["X-Cache"] == "MISS"


def test_purges_and_bans_are_refused_from_other_addresses(site):
    kept(site, site["news"])
    for method in ("PURGE", "BAN"):
        # Any 127.0.0.0/8 address is this machine, but not on the VCL's list.
        connection = http.client.HTTPConnection(
            "127.0.0.1", site["port"], timeout=30, source_address=("127.0.0.2", 0)
        )
        connection.request(method, site["news"])
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == 405, method
    assert get(site, site["news"]).headers["X-Cache"] == "HIT"


def test_forms_and_answers_setting_cookies_are_never_kept(site):
    for _ in range(2):
        form = get(site, "/en/stories/share/")
        assert form.status_code == 200
        assert form.headers["X-Cache"] == "PASS"
    for _ in range(2):
        assert get(site, "/healthz").headers["X-Cache"] == "PASS"
