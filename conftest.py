"""Fixtures shared by every app's tests: headless Chromium and axe-core."""

import importlib
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
# (app label, model, codename, name) as wagtailadmin 0001 and wagtail_localize 0006
# create them.
MIGRATION_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    (
        "wagtail_localize",
        "translation",
        "submit_translation",
        "Can submit translations",
    ),
]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config: pytest.Config) -> None:
    """Compile the UI catalogues when a .mo is missing or older than its .po.

    .mo files are not committed; without them every page renders in English and
    the translation tests fail on a fresh clone. Only the xdist controller (or a
    plain run) compiles, before any worker starts.
    """
    if hasattr(config, "workerinput"):
        return
    import polib

    for po_path in sorted((ROOT / "migrantscount" / "locale").glob("*/*/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        partial = mo_path.with_suffix(".mo.tmp")
        polib.pofile(str(po_path)).save_as_mofile(str(partial))
        os.replace(partial, mo_path)


def _missing(reason: str) -> None:
    # On CI a missing browser or tool is a failure, never a silent skip.
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not shutil.which(executable):
        _missing(f"Chromium not found at {executable} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.exists():
        _missing("axe-core not installed (npm ci)")
    return AXE_PATH.read_text()


@pytest.fixture
def axe(axe_source):  # type: ignore[no-untyped-def]
    """Run axe-core in a Playwright page; returns the list of violations."""

    def run(page):  # type: ignore[no-untyped-def]
        # Through DevTools, not a <script> tag: the public pages' Content-Security-
        # Policy refuses inline scripts, and the test must not loosen it.
        page.evaluate(axe_source + "\n;undefined")
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        return [
            {
                "id": violation["id"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]

    return run


SEEDING_MIGRATIONS = (
    "migrantscount.stories.migrations.0002_consent_text_v1",
    "migrantscount.stories.migrations.0005_consent_text_v2",
    "migrantscount.social.migrations.0002_seed_hashtag_rules",
)


@pytest.fixture(autouse=True)
def _wagtail_tree_after_flush(request):  # type: ignore[no-untyped-def]
    """Restore what data migrations create (default locale, root page, root
    collection, a default site, two permissions) when a transactional test before
    this one flushed the database.

    pytest-django runs plain database tests before transactional ones, but xdist's
    per-file scheduling can interleave them on one worker.
    """
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, Site

    from migrantscount.core.wagtail_tree import ensure_wagtail_root

    # Permissions created by data migrations, which post_migrate does not recreate.
    for app_label, model, codename, name in MIGRATION_PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
    # Rows that data migrations seed (consent texts, hashtag rules); seeds are
    # get_or_create, so replaying them is harmless when nothing was flushed.
    from django.apps import apps

    for module in SEEDING_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)
    root = ensure_wagtail_root()
    if not Site.objects.exists():
        # As wagtailcore's initial data migration: a welcome page served by default.
        welcome = root.add_child(instance=Page(title="Welcome", slug="home"))
        Site.objects.create(
            hostname="localhost", port=80, root_page=welcome, is_default_site=True
        )


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Start every test in the default language and leave none behind.

    A request through the test client activates its URL's language for the rest of the
    thread, so without this a test's messages depend on which test ran before it on the
    same xdist worker (Portuguese refusals, Spanish facts).
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: cached site chrome, profiles and rate-limit
    counters belong to the database state of the test that filled them."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _own_erasure_ledger(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test has its own erasure ledger (core.services.ledger), never var/'s: a
    withdrawal recorded by one test must not be replayed into another's database."""
    settings.MIGRANTSCOUNT_ERASURE_LEDGER = tmp_path / "erasure_ledger.jsonl"
