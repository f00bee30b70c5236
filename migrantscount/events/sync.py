"""Keep each interview's social side in step with it: its Facebook live video and
its announcements. Run by the periodic job `sync_interviews_with_social` and, after
an interview is saved, by the task `sync_interview`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from . import announcements, live
from .models import Interview, LiveVideo


def sync_interview(interview: Interview, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    live.sync_live_video(interview, now=now)
    announcements.follow_interview(interview, now=now)
    announcements.plan_announcements(interview, now=now)


def interviews_to_sync(now: datetime) -> list[Interview]:
    soon = Q(starts_at__gt=now - timedelta(days=1)) & Q(
        starts_at__lte=now + announcements.ahead()
    )
    followed = LiveVideo.objects.filter(cancelled_at__isnull=True).exclude(
        status__in=["VOD", "SCHEDULED_EXPIRED", "SCHEDULED_CANCELED"]
    )
    deleting = LiveVideo.objects.filter(
        recording_delete_requested_at__isnull=False, recording_deleted_at__isnull=True
    )
    return list(
        Interview.objects.filter(
            soon
            | Q(pk__in=followed.values("interview"))
            | Q(pk__in=deleting.values("interview"))
        ).select_related("series")
    )


def sync_all(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    interviews = interviews_to_sync(now)
    for interview in interviews:
        sync_interview(interview, now=now)
    return len(interviews)
