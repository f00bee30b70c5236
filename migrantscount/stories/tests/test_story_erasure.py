"""Withdrawing consent deletes the public Story everywhere it went."""

import pytest
from django.core.files.storage import default_storage
from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.models import ModelLogEntry, Revision, WorkflowState
from wagtail.search.models import IndexEntry
from wagtail_localize.models import String, TranslationSource

from migrantscount.stories.models import Story, Submission
from migrantscount.stories.services import sharecards, submissions

from .factories import SubmissionFactory, processed_photo
from .helpers import approve, approver, draft_story, moderator, translator
from .test_translation import _translate

pytestmark = pytest.mark.django_db(transaction=True)

MARK = "MRKSTORYerase"


def test_withdrawal_deletes_story_in_every_locale_with_all_traces(
    django_capture_on_commit_callbacks,
):
    submission = SubmissionFactory(
        language="es", photo=processed_photo(), allows_photo=True
    )
    story = draft_story(
        submission,
        moderator(),
        title=f"A bakery in Bogotá {MARK}",
        use_photo=True,
    )
    story = approve(story, approver())
    image = story.photo
    image.get_rendition("fill-100x100")
    image_file = image.file.name
    card = sharecards.card_for(story, "MigrantesCuentan")
    portuguese = _translate_with_mark(story)
    keys = {story.translation_key}
    assert TranslationSource.objects.filter(object_id__in=keys).exists()
    indexed = _index_entries(story, portuguese, image)
    assert indexed.exists()

    with django_capture_on_commit_callbacks(execute=True):
        submissions.withdraw_submission(
            submission, route=Submission.WithdrawalRoute.SELF
        )

    assert not Story.objects.exists()
    assert portuguese.pk and not Story.objects.filter(pk=portuguese.pk).exists()
    assert not Revision.objects.filter(base_content_type__model="story").exists()
    assert not WorkflowState.objects.filter(base_content_type__model="story").exists()
    assert not TranslationSource.objects.exists()
    assert not String.objects.filter(data__contains=MARK).exists()
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not Rendition.objects.filter(image_id=image.pk).exists()
    assert not default_storage.exists(image_file)
    assert not default_storage.exists(card)
    for entry in ModelLogEntry.objects.all():
        assert MARK not in entry.label and MARK not in str(entry.data)
    assert not indexed.exists()


def _index_entries(*objects):
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    condition = Q(pk__in=[])
    for instance in objects:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
        )
    return IndexEntry.objects.filter(condition)


def _translate_with_mark(story: Story) -> Story:
    from . import test_translation

    mapping = dict(test_translation.PORTUGUESE)
    mapping[story.title] = f"Uma padaria {MARK}"
    original = test_translation.PORTUGUESE
    test_translation.PORTUGUESE = mapping
    try:
        return _translate(story, translator())
    finally:
        test_translation.PORTUGUESE = original
