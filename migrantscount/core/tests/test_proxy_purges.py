"""What a reverse proxy is sent when content changes (core.proxy_cache,
pages/page_cache.py): PURGE of the URLs that show a changed page, before and after a
move; BAN of the whole site for the site chrome and for a page in a menu. A recording
HTTP server stands in for the proxy (the real Varnish: test_proxy_cache.py)."""

import pytest
from django.conf import settings
from wagtail.models import Page

from migrantscount.core import proxy_cache
from migrantscount.pages.models import Footer, NewsIndexPage
from migrantscount.pages.tests.factories import add_child_page, build_site_tree

from .proxy_recorder import ProxyRecorder, proxy_fixture  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
HOST = "localhost"  # the test site's hostname (build_site_tree)


@pytest.fixture
def tree() -> dict[str, Page]:
    return build_site_tree(translate=False)


def sitemap() -> str:
    return settings.SITE_URL.split("://", 1)[1] + "/sitemap.xml"


def publish(page: Page) -> None:
    page.specific.save_revision().publish()


def test_a_published_page_purges_itself_what_lists_it_and_the_sitemap(
    tree, proxy: ProxyRecorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(tree["release"])
    assert {
        f"{HOST}/en/news/campaign-launched/",
        f"{HOST}/en/news/",
        f"{HOST}/en/news/feed/rss/",
        f"{HOST}/en/news/feed/atom/",
        f"{HOST}/en/",
        sitemap(),
    } <= proxy.purged()
    assert f"{HOST}/en/who-we-are/" not in proxy.purged()
    assert proxy.banned() == set()


def test_a_page_in_a_menu_empties_the_proxy(
    tree, proxy: ProxyRecorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(tree["about"])
    assert HOST in proxy.banned()
    assert settings.SITE_URL.split("://", 1)[1] in proxy.banned()


def test_a_moved_page_purges_its_old_and_new_places(
    tree, proxy: ProxyRecorder, django_capture_on_commit_callbacks
):
    archive = add_child_page(
        tree["home"], NewsIndexPage(title="Archive", slug="archive", intro="Old.")
    )
    proxy.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=tree["release"].pk).move(archive, pos="last-child")
    assert {
        f"{HOST}/en/news/campaign-launched/",
        f"{HOST}/en/news/",
        f"{HOST}/en/archive/campaign-launched/",
        f"{HOST}/en/archive/",
        f"{HOST}/en/archive/feed/atom/",
    } <= proxy.purged()
    assert proxy.banned() == set()


def test_a_deleted_page_purges_itself_and_its_parent(
    tree, proxy: ProxyRecorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=tree["release"].pk).delete()
    assert {
        f"{HOST}/en/news/campaign-launched/",
        f"{HOST}/en/news/",
        sitemap(),
    } <= proxy.purged()
    assert proxy.banned() == set()


def test_a_footer_change_empties_the_proxy(
    tree, proxy: ProxyRecorder, django_capture_on_commit_callbacks
):
    footer = Footer.objects.get(locale__language_code="en")
    footer.text = "<p>New footer.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        footer.save()
    assert HOST in proxy.banned()


def test_purge_everything_without_a_proxy_sends_nothing(
    tree, django_capture_on_commit_callbacks, monkeypatch
):
    # No "proxy" backend configured: only this host's caches are emptied.
    calls: list[str] = []
    monkeypatch.setattr(
        proxy_cache.page_cache, "purge_all", lambda **kw: calls.append("all")
    )
    assert proxy_cache.proxy_backends() == []
    proxy_cache.purge_everything()
    assert calls == ["all"]
