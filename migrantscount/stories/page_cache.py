"""What a story's publication, unpublication, deletion or withdrawal purges.

Once the change is committed: the whole page cache of this host's web processes
(every page may show the story: home teasers, the index, feeds, the sitemap, profiles),
and, through Wagtail's frontend cache so a proxy or CDN gets them too, the URLs that
name the story: its page and share cards, the stories index and feeds and the home
page in every language, and the sitemap (docs/operations.md "The page cache").
"""

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from wagtail.signals import published, unpublished

from migrantscount.core import page_cache
from migrantscount.core.lib.languages import language_codes

from . import presentation
from .hooks import on_unpublished, on_withdrawal
from .models import Story, Submission


def story_urls(story: Story) -> list[str]:
    urls = [reverse("sitemap")]
    for code in language_codes():
        with translation.override(code):
            urls += [
                f"/{code}/",
                reverse("stories:index"),
                reverse("stories:feed_rss"),
                reverse("stories:feed_atom"),
            ]
    if story.slug:
        with translation.override(story.locale.language_code):
            urls.append(reverse("stories:detail", kwargs={"slug": story.slug}))
            urls += [
                reverse("stories:card", kwargs={"slug": story.slug, "hashtag": tag})
                for tag in presentation.HASHTAGS
            ]
    return [settings.SITE_URL + url for url in urls]


def purge_story(story: Story) -> None:
    """After commit: drop every cached page that may show this story."""
    transaction.on_commit(partial(page_cache.purge_everywhere, story_urls(story)))


@receiver(published, sender=Story, dispatch_uid="page-cache-story-published")
def purge_on_publish(sender: type, instance: Story, **kwargs: Any) -> None:
    purge_story(instance)


@receiver(unpublished, sender=Story, dispatch_uid="page-cache-story-unpublished")
def purge_on_unpublish(sender: type, instance: Story, **kwargs: Any) -> None:
    purge_story(instance)


@receiver(post_delete, sender=Story, dispatch_uid="page-cache-story-deleted")
def purge_on_delete(sender: type, instance: Story, **kwargs: Any) -> None:
    purge_story(instance)


@on_unpublished
def purge_on_take_down(story: Story, delete_published: bool) -> None:
    purge_story(story)


@on_withdrawal
def purge_on_withdrawal(submission: Submission) -> None:
    # Runs before the submission's stories are erased, so their URLs are still known.
    for story in Story.objects.filter(submission_id=submission.pk).select_related(
        "locale"
    ):
        purge_story(story)
    # Whatever else erasure does (another language's copy, a story already gone),
    # the whole local cache goes too.
    transaction.on_commit(page_cache.purge_all)
