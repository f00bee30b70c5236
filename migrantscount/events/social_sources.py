"""How social shows an announcement's source: its interview (social never imports
events; events registers here, see docs/architecture.md)."""

from __future__ import annotations

from django.urls import reverse

from migrantscount.social.models import Post
from migrantscount.social.sources import PostSource, register_source_describer

from .models import Announcement


@register_source_describer(Post.SourceKind.INTERVIEW)
def describe_interview(post: Post) -> PostSource | None:
    if post.source_uid is None:
        return None
    announcement = (
        Announcement.objects.filter(uid=post.source_uid)
        .select_related("interview")
        .first()
    )
    if announcement is None:
        return None
    interview = announcement.interview
    return PostSource(
        label=f"{interview} · {announcement.get_kind_display()}",
        url=reverse("wagtailsnippets_events_interview:edit", args=[interview.pk]),
    )
