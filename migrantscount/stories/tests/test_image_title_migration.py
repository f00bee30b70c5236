"""Migration 0006: photos published before the fix lose the submission reference
from their image title, in the library and in its search."""

from importlib import import_module

import pytest
from django.apps import apps
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.search.index import insert_or_update_object

from migrantscount.stories.models import Submission

from .factories import SubmissionFactory, processed_photo
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db

migration = import_module(
    "migrantscount.stories.migrations.0006_photo_titles_without_reference"
)


def _published_with_old_title(
    title: str, old_title: str
) -> tuple[Submission, AbstractImage]:
    """`old_title` may hold {reference}, as the title made before 565502d did."""
    submission = SubmissionFactory.create(photo=processed_photo(), allows_photo=True)
    story = approve(
        draft_story(submission, moderator(), title=title, use_photo=True), approver()
    )
    image = story.photo
    assert image is not None
    image.title = old_title.format(reference=submission.reference)
    image.save()
    insert_or_update_object(image)
    return submission, image


def _search(query: str) -> list[int]:
    return [image.pk for image in get_image_model().objects.search(query)]


def test_old_titles_lose_the_reference_and_search_forgets_it() -> None:
    submission, image = _published_with_old_title(
        "Bread for the street", "Foto de la historia {reference}"
    )
    assert _search(submission.reference) == [image.pk]

    migration.retitle_public_photos(apps, None)

    image.refresh_from_db()
    assert image.title == "Bread for the street"
    assert submission.reference not in image.title
    assert _search(submission.reference) == []
    assert _search("Bread") == [image.pk]


def test_titles_an_editor_chose_are_kept() -> None:
    _submission, image = _published_with_old_title("A bakery", "Chosen by an editor")

    migration.retitle_public_photos(apps, None)

    image.refresh_from_db()
    assert image.title == "Chosen by an editor"
