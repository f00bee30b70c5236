"""Page weight of the demo's real pages, as a reader's browser downloads them: the
home page, the Colombia profile, a story and a press release in each language, from
the site as `make run` builds and serves it (production settings, the page cache's
compression, whitenoise's pre-compressed static files). Headless Chromium adds up
every transfer of the first view (HTML, CSS, JS, images, fonts, headers included)."""

import json

import pytest

from migrantscount.tests.helpers import (
    free_port,
    manage,
    production_env,
    start,
    stop,
    wait_for_port,
)
from migrantscount.tests.test_production_web import run_sh_command

pytestmark = pytest.mark.browser
BUDGET_BYTES = 100 * 1024

PAGES = """
import json
from django.utils import translation
from wagtail.models import Locale
from migrantscount.pages.models import HomePage, NewsPage
from migrantscount.profiles.models import CountryPage
from migrantscount.stories.models import Story
urls = {}
for locale in Locale.objects.all():
    code = locale.language_code
    urls[f"home {code}"] = HomePage.objects.get(locale=locale).url
    urls[f"profile {code}"] = CountryPage.objects.live().get(
        country__iso3="COL", locale=locale
    ).url
    with translation.override(code):  # the stories of the reader's language
        urls[f"story {code}"] = Story.objects.public_in().first().get_absolute_url()
    urls[f"news {code}"] = NewsPage.objects.live().filter(locale=locale).first().url
print(json.dumps(urls))
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("page-weight")
    port = free_port()
    env = production_env(tmp_path, port)
    # The steps of scripts/run.sh that build the demo.
    for command in (
        ("migrate", "--no-input", "-v", "0"),
        ("load_reference_data", "-v", "0"),
        ("import_data", "--shipped", "-v", "0"),
        ("build_demo",),
        ("collectstatic", "--no-input", "-v", "0"),
    ):
        done = manage(env, *command, timeout=900)
        assert done.returncode == 0, (command, done.stderr[-3000:])
    listed = manage(env, "shell", "-c", PAGES)
    assert listed.returncode == 0, listed.stderr
    urls = json.loads(listed.stdout.strip().splitlines()[-1])
    web = start(run_sh_command("web", PORT=str(port)), env, tmp_path / "web.log")
    try:
        wait_for_port(port, timeout=60)
        yield {"base": f"http://127.0.0.1:{port}", "urls": urls}
    finally:
        stop(web)


def transferred(chromium, url: str) -> dict[str, int]:
    """Bytes on the wire per resource of one first view (a fresh browser context)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        devtools = context.new_cdp_session(page)
        devtools.send("Network.enable")
        names: dict[str, str] = {}
        sizes: dict[str, int] = {}
        devtools.on(
            "Network.responseReceived",
            lambda event: names.__setitem__(
                event["requestId"], event["response"]["url"]
            ),
        )
        devtools.on(
            "Network.loadingFinished",
            lambda event: sizes.__setitem__(
                event["requestId"], int(event["encodedDataLength"])
            ),
        )
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, url
        page.wait_for_timeout(200)
        return {names.get(key, key): size for key, size in sizes.items()}
    finally:
        context.close()


def test_the_demos_pages_weigh_at_most_100_kb_in_every_language(demo, chromium):
    weights = {}
    for name, path in demo["urls"].items():
        resources = transferred(chromium, demo["base"] + path)
        weights[name] = sum(resources.values())
        # Compressed on the wire: the page and its stylesheets and scripts.
        assert resources[demo["base"] + path] > 0
    assert len(weights) == 16
    over = {name: size for name, size in weights.items() if size > BUDGET_BYTES}
    assert not over, weights
    print(json.dumps(weights, indent=1))  # noqa: T201 (the figures docs/site.md records)


def test_pages_and_static_files_travel_compressed(demo, chromium):
    context = chromium.new_context()
    try:
        page = context.new_page()
        encodings: dict[str, str] = {}
        page.on(
            "response",
            lambda answer: encodings.__setitem__(
                answer.url, answer.headers.get("content-encoding", "")
            ),
        )
        page.goto(demo["base"] + demo["urls"]["profile es"], wait_until="networkidle")
    finally:
        context.close()
    compressible = {
        url: coding
        for url, coding in encodings.items()
        if url.endswith((".css", ".js", "/"))
    }
    assert compressible
    assert set(compressible.values()) == {"br"}, compressible
