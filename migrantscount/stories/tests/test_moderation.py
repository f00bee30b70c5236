import pytest

from migrantscount.stories import moderation
from migrantscount.stories.models import Story, Submission

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db


def test_story_is_a_draft_in_the_workflow_until_approved():
    submission = SubmissionFactory(name_display="anonymous")
    story = draft_story(submission, moderator())
    assert story.live is False
    assert story.current_workflow_state is not None
    assert story.current_workflow_state.workflow.name == moderation.WORKFLOW_NAME
    submission.refresh_from_db()
    assert submission.status == Submission.Status.IN_REVIEW
    assert not Story.objects.public().exists()

    story = approve(story, approver())
    assert story.live is True
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PUBLISHED
    assert submission.decided_at is not None
