"""Demo: two example WhatsApp channels (export-only, Spanish and English) and an
example wave a day over the seven days after the demo is built, from the example
stories, approved and scheduled at 18:00 in each channel's zone, so the calendar is
filled and each of those days has a non-empty export pack. No network is contacted:
export-only channels are never dispatched."""

from __future__ import annotations

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from migrantscount.core.services.roles import CAMPAIGN_APPROVERS
from migrantscount.pages.demo import DemoStepNotReady, register_demo_step
from migrantscount.stories.models import Story

from .models import Account, Post
from .services import channels, posts, waves

CHANNELS = (
    (
        "example-whatsapp-es",
        "Example: WhatsApp channel (Spanish)",
        "es",
        "America/Bogota",
    ),
    (
        "example-whatsapp-en",
        "Example: WhatsApp channel (English)",
        "en",
        "America/New_York",
    ),
)
DAYS = 7
LOCAL_TIME = time(18, 0)


def _example_person(username: str, *, approver: bool) -> object:
    """A named example person who cannot sign in (no usable password): the demo's
    posts keep four-eyes approval (the author never approves)."""
    person, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    if created:
        person.set_unusable_password()
        person.save()
    if approver:
        group, _created = Group.objects.get_or_create(name=CAMPAIGN_APPROVERS)
        person.groups.add(group)
    return person


def _example_stories() -> list[Story]:
    return list(
        Story.objects.filter(is_example=True, live=True)
        .filter(original_language=F("locale__language_code"))
        .order_by("pk")
    )


@register_demo_step
@transaction.atomic
def build_example_wave() -> str:
    stories = _example_stories()
    if not stories:
        raise DemoStepNotReady("social: example wave waits for the example stories")
    accounts: list[Account] = [
        channels.add_export_channel(
            platform="whatsapp",
            handle=handle,
            display_name=name,
            language=language,
            time_zone=zone,
        )
        for handle, name, language, zone in CHANNELS
    ]
    author = _example_person("example-officer", approver=False)
    approver = _example_person("example-approver", approver=True)
    today = timezone.localdate()
    made = 0
    for offset in range(1, DAYS + 1):
        story = stories[(offset - 1) % len(stories)]
        post = waves.create_wave(
            accounts=accounts,
            local_date=today + timedelta(days=offset),
            local_time=LOCAL_TIME,
            author=author,  # type: ignore[arg-type]
            story=story,
            submit=False,
        )
        post.title = f"Example wave: {story.title}"
        post.save(update_fields=["title", "updated_at"])
        posts.approve_post(post, approver=approver)  # type: ignore[arg-type]
        made += post.deliveries.count()
    approved = Post.objects.filter(title__startswith="Example wave").count()
    return f"social: 2 example WhatsApp channels, {approved} example waves, {made} deliveries"
