"""A story's publication, unpublication, withdrawal and deletion purge the page cache
(core.page_cache) and, through Wagtail's frontend cache, a proxy's URLs."""

import pytest

from migrantscount.core import page_cache
from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.stories.services import submissions

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(settings, monkeypatch, tmp_path):
    """Every purge: ("all",) or the URL list that reached the frontend cache."""
    settings.MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG = str(tmp_path / "purges.log")
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(
        page_cache.FrontendCacheBackend,
        "purge_batch",
        lambda self, urls: calls.append(tuple(sorted(urls))),
    )
    monkeypatch.setattr(page_cache, "purge_all", lambda **kw: calls.append(("all",)))
    return calls


def published_story(title: str = "Purged bakery"):
    from wagtail.models import Page

    if not Page.objects.filter(depth=2).exists():
        build_site_tree()
    return approve(
        draft_story(SubmissionFactory.create(language="es"), moderator(), title=title),
        approver(),
    )


def test_publication_purges_the_story_index_feeds_sitemap_and_homes(
    purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = published_story()
    assert ("all",) in purged
    urls = {url for call in purged for url in call}
    assert any(url.endswith(story.get_absolute_url()) for url in urls)
    for code in ("en", "es", "fr", "pt"):
        assert any(url.endswith(f"/{code}/") for url in urls)
        assert any(url.endswith(f"/{code}/stories/feed/rss/") for url in urls)
    assert any(url.endswith("/sitemap.xml") for url in urls)
    assert any("/card-" in url for url in urls)


def test_unpublication_and_withdrawal_purge(purged, django_capture_on_commit_callbacks):
    story = published_story()
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert ("all",) in purged
    assert any(url.endswith(story.get_absolute_url()) for c in purged for url in c)
    story = published_story("Withdrawn bakery")
    url = story.get_absolute_url()
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submissions.withdraw_submission(story.submission, route="self")
    assert ("all",) in purged
    assert any(u.endswith(url) for c in purged for u in c)


def test_nothing_is_purged_before_commit(purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        published_story()
    assert purged == []
