"""Deleting Stories completely: every locale, revisions, workflow states,
wagtail-localize sources/strings/translations, search index entries, reference
index rows, audit-log labels and data, the photo (its encrypted crop, its public
copy with renditions), share cards.

Used when consent is withdrawn (the `on_withdrawal` hook below) and when a
submission is rejected before publication.
"""

from collections.abc import Collection, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.admin.models import EditingSession
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision, WorkflowState
from wagtail.search.backends import get_search_backends
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    TranslatableObject,
    TranslationContext,
    TranslationSource,
)

from .. import search_index
from ..hooks import on_withdrawal
from ..models import Story, Submission
from . import photo_publication, sharecards

ERASED_LABEL = "[erased story]"


def _scrub_log_entries(content_type: ContentType, object_ids: list[str]) -> None:
    ModelLogEntry.objects.filter(
        content_type=content_type, object_id__in=object_ids
    ).update(label=ERASED_LABEL, data={})


def _remove_from_search(objects: Iterable[object]) -> None:
    for backend in get_search_backends(with_auto_update=False):
        for instance in objects:
            backend.delete(instance)


def _delete_localize_records(translation_keys: Collection[object]) -> None:
    segments = StringSegment.objects.filter(
        source__object__translation_key__in=translation_keys
    )
    string_ids = set(segments.values_list("string_id", flat=True))
    # Segments protect their contexts, and a string translation's delete signal
    # reads its context: sources (with segments) first, then string translations,
    # then contexts, then the object.
    TranslationSource.objects.filter(
        object__translation_key__in=translation_keys
    ).delete()
    StringTranslation.objects.filter(
        context__object__translation_key__in=translation_keys
    ).delete()
    TranslationContext.objects.filter(
        object__translation_key__in=translation_keys
    ).delete()
    TranslatableObject.objects.filter(translation_key__in=translation_keys).delete()
    # A string shared with another object's text stays; the rest goes.
    String.objects.filter(pk__in=string_ids, segments__isnull=True).delete()


def _photo_ids(stories: list[Story], revisions: list[Revision]) -> set[int]:
    ids = {story.photo_id for story in stories if story.photo_id}
    for revision in revisions:
        photo = revision.content.get("photo")
        if isinstance(photo, int):
            ids.add(photo)
    return ids


def delete_story_family(translation_keys: Collection[object]) -> int:
    """Delete the stories with these translation keys in every locale; returns how
    many Story rows were deleted. Call inside a transaction."""
    if not translation_keys:
        return 0
    stories = list(Story.objects.filter(translation_key__in=translation_keys))
    content_type = ContentType.objects.get_for_model(Story)
    object_ids = [str(story.pk) for story in stories]
    by_object = Q(base_content_type=content_type, object_id__in=object_ids)
    revisions = list(Revision.objects.filter(by_object))
    photo_ids = _photo_ids(stories, revisions)
    # The encrypted crops go at once; their public copies with the other images.
    photo_ids |= set(photo_publication.delete_private_photos(translation_keys))
    # Other stories may share a photo only through translation (same family).
    images = list(get_image_model().objects.filter(pk__in=photo_ids))

    WorkflowState.objects.filter(by_object).delete()
    ReferenceIndex.objects.filter(by_object).delete()
    EditingSession.objects.filter(
        content_type=content_type, object_id__in=object_ids
    ).delete()
    _delete_localize_records(translation_keys)
    _scrub_log_entries(content_type, object_ids)
    _remove_from_search(stories)
    search_index.remove(story.pk for story in stories)
    Story.objects.filter(pk__in=[story.pk for story in stories]).update(
        latest_revision=None, live_revision=None, photo=None
    )
    Revision.objects.filter(by_object).delete()
    sharecards.delete_cards([story.pk for story in stories])
    Story.objects.filter(pk__in=[story.pk for story in stories]).delete()

    image_type = ContentType.objects.get_for_model(get_image_model())
    _scrub_log_entries(image_type, [str(image.pk) for image in images])
    _remove_from_search(images)
    ReferenceIndex.objects.filter(
        base_content_type=image_type, object_id__in=[str(i.pk) for i in images]
    ).delete()
    for image in images:
        image.delete()  # renditions go with it; files are removed on commit
    return len(stories)


def delete_stories_of_submission(submission: Submission) -> int:
    keys = set(
        Story.objects.filter(submission=submission).values_list(
            "translation_key", flat=True
        )
    )
    return delete_story_family(keys)


@on_withdrawal
def erase_stories_on_withdrawal(submission: Submission) -> None:
    delete_stories_of_submission(submission)
