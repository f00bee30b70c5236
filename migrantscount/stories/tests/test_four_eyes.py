"""Nobody publishes a migrant's story alone: a Campaign approver who neither drafted
nor last edited it approves it in the workflow, each step done by a real user of
the role through the admin."""

from typing import Any

import pytest
from django.urls import reverse

from migrantscount.core.tests.factories import UserFactory
from migrantscount.stories.models import Story, Submission

from .factories import SubmissionFactory
from .helpers import approver, ensure_locales, moderator

pytestmark = pytest.mark.django_db


def edit_data(story: Story, **changes: Any) -> dict[str, Any]:
    data = {
        "title": story.title,
        "slug": story.slug,
        "quote": story.quote,
        "body": story.body,
        "name_display": story.name_display,
        "origin_country": story.origin_country,
        "destination_country": story.destination_country,
        "distance_km": story.distance_km or "",
        "sector": story.sector,
        "sdgs": story.sdgs,
        "original_language": story.original_language,
    }
    data.update(changes)
    return data


def edit_url(story: Story) -> str:
    return reverse("wagtailsnippets_stories_story:edit", args=[story.pk])


def workflow_action(client, story: Story, action: str) -> Any:
    story.refresh_from_db()
    task_state = story.current_workflow_state.current_task_state
    url = reverse(
        "wagtailsnippets_stories_story:workflow_action",
        args=[story.pk, action, task_state.pk],
    )
    return client.post(url, {}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def draft_through_the_admin(client, user) -> Story:
    ensure_locales()
    submission = SubmissionFactory.create(name_display="anonymous")
    client.force_login(user)
    response = client.post(
        reverse("stories_admin:submission", args=[submission.pk]),
        {
            "action": "create",
            "title": "A bakery in Bogotá",
            "quote": "We bake bread for the whole street.",
            "body": "I came from Caracas.\n\nNow we employ six people.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Story.objects.get(submission=submission)


def test_publication_takes_a_moderator_and_a_different_approver(client) -> None:
    drafter = moderator("drafter")
    story = draft_through_the_admin(client, drafter)
    assert story.workflow_in_progress

    # The moderator cannot approve their own story...
    workflow_action(client, story, "approve")
    story.refresh_from_db()
    assert not story.live
    # ...nor skip the workflow with the Publish button.
    page = client.get(edit_url(story)).content.decode()
    assert 'name="action-publish"' not in page
    client.post(edit_url(story), edit_data(story, **{"action-publish": "publish"}))
    story.refresh_from_db()
    assert not story.live

    # An approver who edits the story becomes its last editor: another must approve.
    first = approver("first-approver")
    client.force_login(first)
    client.post(edit_url(story), edit_data(story, quote="We bake bread for all."))
    story.refresh_from_db()
    assert story.latest_revision.user == first
    client.post(edit_url(story), edit_data(story, **{"action-publish": "publish"}))
    workflow_action(client, story, "approve")
    story.refresh_from_db()
    assert not story.live

    second = approver("second-approver")
    client.force_login(second)
    response = workflow_action(client, story, "approve")
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live
    assert story.quote == "We bake bread for all."
    assert story.submission is not None
    story.submission.refresh_from_db()
    assert story.submission.status == Submission.Status.PUBLISHED


def test_moderators_hold_neither_publish_nor_approve_rights() -> None:
    user = moderator()
    assert not user.has_perm("stories.publish_story")
    story = Story(pk=1)
    from migrantscount.stories.services import moderation

    task = moderation.ensure_story_workflow().tasks.get().specific
    assert task.get_actions(story, user) == []


def test_an_approver_cannot_publish_a_story_they_drafted(client) -> None:
    """A superuser (who may make stories) still needs a second person."""
    boss = UserFactory(is_superuser=True, is_staff=True)
    story = draft_through_the_admin(client, boss)
    client.post(edit_url(story), edit_data(story, **{"action-publish": "publish"}))
    workflow_action(client, story, "approve")
    story.refresh_from_db()
    assert not story.live

    client.force_login(approver())
    workflow_action(client, story, "approve")
    story.refresh_from_db()
    assert story.live


@pytest.mark.parametrize("view", ["add", "copy", "chooser"])
def test_no_story_is_made_in_the_admin_without_a_submission(client, view) -> None:
    ensure_locales()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    original = Story.objects.create(
        locale_id=ensure_default_locale(),
        title="Sample",
        slug="sample",
        quote="Q",
        body="B",
        origin_country="VEN",
        destination_country="COL",
        original_language="en",
    )
    urls = {
        "add": reverse("wagtailsnippets_stories_story:add"),
        "copy": reverse("wagtailsnippets_stories_story:copy", args=[original.pk]),
        "chooser": reverse("wagtailsnippetchoosers_stories_story:create"),
    }
    data = edit_data(original, slug="another", title="Another")
    assert client.get(urls[view]).status_code in (302, 403)
    client.post(urls[view], data)
    assert Story.objects.count() == 1
    listing = client.get(reverse("wagtailsnippets_stories_story:list"))
    assert reverse("wagtailsnippets_stories_story:add") not in listing.content.decode()


def ensure_default_locale() -> int:
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en").pk
