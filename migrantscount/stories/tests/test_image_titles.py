"""The public Wagtail image of a story photo is titled after the story: the
submission reference (which opens the private record) never reaches the image
library, its search or its API."""

import pytest

from .factories import SubmissionFactory, processed_photo
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db


def test_public_photo_is_titled_with_the_story_title() -> None:
    submission = SubmissionFactory.create(photo=processed_photo(), allows_photo=True)
    story = draft_story(
        submission, moderator(), title="Bread for the street", use_photo=True
    )

    image = approve(story, approver()).photo

    assert image is not None
    assert submission.reference not in image.title
    assert image.title == "Bread for the street"
