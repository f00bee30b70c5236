"""Wagtail signal receivers: one line each, calling a service."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from . import search_index
from .models import Story
from .services import moderation, photo_publication


@receiver(published, sender=Story)
def decide_submission_on_publish(sender: type, instance: Story, **kwargs: Any) -> None:
    moderation.story_published(instance)


@receiver(unpublished, sender=Story)
def remove_public_photo_on_unpublish(
    sender: type, instance: Story, **kwargs: Any
) -> None:
    moderation.story_unpublished(instance)


@receiver(post_delete, sender=Story)
def erase_photos_of_deleted_story(sender: type, instance: Story, **kwargs: Any) -> None:
    photo_publication.story_deleted(instance)


@receiver(post_save, sender=Story)
def refresh_search_entry(sender: type, instance: Story, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        search_index.refresh([instance.pk])
