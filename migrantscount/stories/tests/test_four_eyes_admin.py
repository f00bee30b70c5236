"""Four eyes in the admin, as the approver meets it: "Awaiting your review" on the
dashboard offers no Approve on a story its viewer drafted or last edited and says that
another approver must approve it; a direct attempt (the workflow action, the editor's
Publish) is an admin message, not a bare 403, and publishes nothing."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from migrantscount.stories.admin_views import PUBLICATION_REFUSED_MESSAGE
from migrantscount.stories.models import Story

from .helpers import approver, moderator
from .test_four_eyes import draft_through_the_admin, edit_data, edit_url

pytestmark = pytest.mark.django_db

NOTE = "Another Campaign approver must approve: you drafted this story"


def _edited_by(client: Any, user: Any) -> Story:
    story = draft_through_the_admin(client, moderator("drafter"))
    client.force_login(user)
    client.post(edit_url(story), edit_data(story, quote="We bake bread for all."))
    story.refresh_from_db()
    assert story.latest_revision.user == user and story.workflow_in_progress
    return story


def _approve_url(story: Story) -> str:
    story.refresh_from_db()
    task_state = story.current_workflow_state.current_task_state
    return reverse(
        "wagtailsnippets_stories_story:workflow_action",
        args=[story.pk, "approve", task_state.pk],
    )


def _messages(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_dashboard_offers_approve_only_to_another_approver(client) -> None:
    editor = approver("editing-approver")
    story = _edited_by(client, editor)
    approve_url = _approve_url(story)

    page = client.get("/admin/").content.decode()
    assert "awaiting-review" in page and story.title in page
    assert approve_url not in page
    assert NOTE in page
    assert "/reject/" in page  # requesting changes stays possible

    client.force_login(approver("other-approver"))
    page = client.get("/admin/").content.decode()
    assert approve_url in page
    assert NOTE not in page


def test_refused_approval_is_a_message_not_a_403(client) -> None:
    editor = approver("editing-approver")
    story = _edited_by(client, editor)

    response = client.post(
        _approve_url(story),
        {},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        HTTP_REFERER="http://testserver/admin/",
    )
    assert response.status_code == 200
    assert response.json()["step"] == "success"
    assert response.json()["redirect"] == "http://testserver/admin/"
    assert str(PUBLICATION_REFUSED_MESSAGE) in _messages(response)
    story.refresh_from_db()
    assert not story.live and story.workflow_in_progress
    assert story.current_workflow_state.current_task_state.status == "in_progress"

    response = client.post(_approve_url(story), {})
    assert response.status_code == 302
    assert str(PUBLICATION_REFUSED_MESSAGE) in _messages(response)
    story.refresh_from_db()
    assert not story.live


def test_refused_publish_in_the_editor_keeps_the_edit_as_a_draft(client) -> None:
    editor = approver("editing-approver")
    story = _edited_by(client, editor)

    response = client.post(
        edit_url(story),
        edit_data(story, quote="Bread for the street.", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    assert response["Location"] == edit_url(story)
    assert str(PUBLICATION_REFUSED_MESSAGE) in _messages(response)
    story.refresh_from_db()
    assert not story.live
    assert story.latest_revision.as_object().quote == "Bread for the street."
