"""Wagtail signal receivers: one line each, calling a service."""

from typing import Any

from django.dispatch import receiver
from wagtail.signals import published

from . import moderation
from .models import Story


@receiver(published, sender=Story)
def decide_submission_on_publish(sender: type, instance: Story, **kwargs: Any) -> None:
    moderation.story_published(instance)
