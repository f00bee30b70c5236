"""A story's photo: private and encrypted until publication, public only while live.

- Drafting: the moderator's crop of the submission's photo becomes a `StoryPhoto`,
  encrypted in private storage (storage.py). Nothing is written under MEDIA_ROOT.
- Publishing a story (any language): the crop is copied, as it is (a JPEG re-encoded
  from pixels only, so without EXIF, GPS or other metadata), into one public Wagtail
  image shared by the story's live languages.
- Unpublishing: the language loses its photo and share cards; when no language is
  live any more, the public image is deleted with its renditions (files go when the
  transaction commits). The encrypted crop stays for a later publication, until
  withdrawal, rejection or deletion of the story erases it (erasure.py).
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Collection

from migrantscount.core.services.encryption import register_file_rotation

from ..models import Scope, Story, StoryPhoto, Submission
from ..storage import private_storage
from . import sharecards

PHOTO_COLLECTION = "Story photos"
JPEG_QUALITY = 88


@dataclass(frozen=True)
class Crop:
    """A rectangle in percent of the photo's width and height (0-100)."""

    left: float = 0
    top: float = 0
    width: float = 100
    height: float = 100


@dataclass(frozen=True)
class FocalPoint:
    """The centre of interest, in percent of the (cropped) photo's width and height."""

    x: float = 50
    y: float = 50


def _crop_box(size: tuple[int, int], crop: Crop) -> tuple[int, int, int, int]:
    width, height = size
    return (
        round(width * max(0.0, min(crop.left, 99)) / 100),
        round(height * max(0.0, min(crop.top, 99)) / 100),
        round(width * min(100.0, crop.left + max(crop.width, 1)) / 100),
        round(height * min(100.0, crop.top + max(crop.height, 1)) / 100),
    )


def make_private_crop(
    submission: Submission,
    *,
    translation_key: Any,
    crop: Crop,
    focal_point: FocalPoint,
) -> StoryPhoto:
    """Crop the submission's photo and keep the result encrypted, without a URL."""
    storage = submission.photo.storage
    with storage.open(submission.photo.name, "rb") as handle:
        source = PILImage.open(handle)
        source.load()
    # A new image from pixels only: no metadata can be carried over.
    cropped = source.crop(_crop_box(source.size, crop)).convert("RGB")
    output = BytesIO()
    cropped.save(output, "JPEG", quality=JPEG_QUALITY)
    width, height = cropped.size
    photo = StoryPhoto(
        translation_key=translation_key,
        width=width,
        height=height,
        focal_point_x=round(width * focal_point.x / 100),
        focal_point_y=round(height * focal_point.y / 100),
        focal_point_width=max(1, width // 4),
        focal_point_height=max(1, height // 4),
    )
    photo.file.save(
        f"{secrets.token_hex(16)}.jpg", ContentFile(output.getvalue()), save=False
    )
    photo.save()
    return photo


def private_photo_for(story: Story) -> StoryPhoto | None:
    return StoryPhoto.objects.filter(translation_key=story.translation_key).first()


def read_private_photo(photo: StoryPhoto) -> bytes:
    """The decrypted JPEG, in memory only."""
    with photo.file.storage.open(photo.file.name, "rb") as handle:
        return bytes(handle.read())


def _photo_collection() -> Collection:
    existing = Collection.objects.filter(name=PHOTO_COLLECTION).first()
    if existing is not None:
        return existing
    return Collection.get_first_root_node().add_child(name=PHOTO_COLLECTION)


def submission_of(story: Story) -> Submission | None:
    original = (
        Story.objects.filter(
            translation_key=story.translation_key, submission__isnull=False
        )
        .select_related("submission")
        .first()
    )
    return original.submission if original is not None else None


def _public_image(photo: StoryPhoto, *, title: str) -> AbstractImage:
    content = read_private_photo(photo)
    image = get_image_model()(
        # The story's public title, never the submission reference.
        title=title[:255],
        file=ImageFile(BytesIO(content), name=f"story-{secrets.token_hex(8)}.jpg"),
        collection=_photo_collection(),
        focal_point_x=photo.focal_point_x,
        focal_point_y=photo.focal_point_y,
        focal_point_width=photo.focal_point_width,
        focal_point_height=photo.focal_point_height,
    )
    image.save()
    return image


@transaction.atomic
def publish_photo(story: Story) -> None:
    """After `story` went live: give it the public copy of its photo, made on first
    use, if the person agreed to show the photo."""
    sharecards.delete_cards([story.pk])  # redrawn from the new revision on demand
    photo = (
        StoryPhoto.objects.select_for_update()
        .filter(translation_key=story.translation_key)
        .first()
    )
    if photo is None or not story.live:
        return
    submission = submission_of(story)
    if submission is None or not submission.consent_allows(Scope.PHOTO):
        return
    if photo.public_image is None:
        photo.public_image = _public_image(photo, title=story.title)
        photo.save(update_fields=["public_image"])
    if story.photo_id != photo.public_image_id:
        Story.objects.filter(pk=story.pk).update(photo=photo.public_image)
        story.photo = photo.public_image


def delete_public_image(image: AbstractImage) -> None:
    """The image with its renditions; Wagtail removes the files on commit."""
    image.delete()


@transaction.atomic
def unpublish_photo(story: Story) -> None:
    """After `story` was unpublished: it loses its photo and share cards; the public
    copy goes once no language of the story is live."""
    sharecards.delete_cards([story.pk])
    photo = (
        StoryPhoto.objects.select_for_update()
        .filter(translation_key=story.translation_key)
        .first()
    )
    if photo is None:
        return
    Story.objects.filter(pk=story.pk).update(photo=None)
    story.photo = None
    family = Story.objects.filter(translation_key=story.translation_key)
    if photo.public_image is not None and not family.filter(live=True).exists():
        family.update(photo=None)
        delete_public_image(photo.public_image)


def delete_private_photos(translation_keys: Iterable[object]) -> list[int]:
    """Erase the encrypted crops of these stories at once; returns the ids of their
    public images, for the caller to delete."""
    photos = list(StoryPhoto.objects.filter(translation_key__in=translation_keys))
    for photo in photos:
        if photo.file:
            photo.file.storage.delete(photo.file.name)
    StoryPhoto.objects.filter(pk__in=[photo.pk for photo in photos]).delete()
    return [photo.public_image_id for photo in photos if photo.public_image_id]


@transaction.atomic
def story_deleted(story: Story) -> None:
    """After a Story row was deleted: the last language takes its photos along."""
    if Story.objects.filter(translation_key=story.translation_key).exists():
        return
    image_ids = delete_private_photos([story.translation_key])
    for image in get_image_model().objects.filter(pk__in=image_ids):
        delete_public_image(image)


@register_file_rotation
def rotate_private_photos() -> int:
    """Re-encrypt every private photo (submissions' and crops) with the newest key;
    returns how many files were rewritten. Run after a key was put in front."""
    names = [
        *Submission.objects.exclude(photo="").values_list("photo", flat=True),
        *StoryPhoto.objects.exclude(file="").values_list("file", flat=True),
    ]
    for name in names:
        private_storage.rotate(name)
    return len(names)
