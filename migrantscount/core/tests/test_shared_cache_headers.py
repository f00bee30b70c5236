"""Share cards, feeds and the sitemap are purged like pages, so they tell browsers to
revalidate (`max-age=0`, no purge reaches a browser) and let shared caches keep them
(`s-maxage`): a withdrawn story's card or feed entry never lingers in a browser."""

import pytest
from django.urls import reverse
from django.utils import translation

from migrantscount.pages.tests.factories import build_site_tree
from migrantscount.stories.tests.factories import SubmissionFactory
from migrantscount.stories.tests.helpers import (
    approve,
    approver,
    draft_story,
    moderator,
)

pytestmark = pytest.mark.django_db


def policy(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def assert_shared_only(response, settings) -> None:
    assert response.status_code == 200
    assert policy(response) == {
        "public",
        "max-age=0",
        f"s-maxage={settings.MIGRANTSCOUNT_PAGE_CACHE_SECONDS}",
    }


@pytest.fixture
def story():
    build_site_tree(translate=False)
    submission = SubmissionFactory.create(language="en", allows_social=True)
    return approve(draft_story(submission, moderator()), approver())


def test_a_share_card_is_kept_by_shared_caches_only(client, settings, story):
    url = f"/en/stories/{story.slug}/card-MigrantsCount.png"
    assert_shared_only(client.get(url), settings)


def test_story_feeds_and_the_news_feeds_are_kept_by_shared_caches_only(
    client, settings, story
):
    with translation.override("en"):
        urls = [reverse("stories:feed_rss"), reverse("stories:feed_atom")]
    urls += ["/en/news/feed/rss/", "/en/news/feed/atom/"]
    for url in urls:
        response = client.get(url)
        assert_shared_only(response, settings)
        assert b"<" in response.content


def test_the_sitemap_is_kept_by_shared_caches_only(client, settings, story):
    assert_shared_only(client.get(reverse("sitemap")), settings)
    # The same for everyone: an editor's visit gets the same policy.
    client.force_login(approver())
    assert_shared_only(client.get(reverse("sitemap")), settings)
