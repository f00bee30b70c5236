"""The demo announces the example series only on the social demo's export-only
example channels, and only once they exist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from migrantscount.events.demo import (
    EXAMPLE_CHANNELS,
    announce_example_series,
    build_example_series,
)
from migrantscount.events.models import Announcement, Interview
from migrantscount.pages.demo import DemoStepNotReady
from migrantscount.social.models import Delivery, Post
from migrantscount.social.tests import factories as social_factories

pytestmark = pytest.mark.django_db


def _example_channels() -> None:
    # Stand-ins (the step picks the channels by handle); nothing is sent.
    for handle, language in zip(EXAMPLE_CHANNELS, ("es", "en"), strict=True):
        social_factories.account(
            handle,
            platform="bluesky",
            language=language,
            base_url="https://bsky.social",
        )


def test_no_example_announcements_without_the_example_channels() -> None:
    build_example_series()
    social_factories.account("someone-real.bsky.social", platform="bluesky")
    with pytest.raises(DemoStepNotReady):
        announce_example_series()
    assert not Announcement.objects.exists() and not Post.objects.exists()


def test_example_announcements_go_to_the_example_channels_awaiting_approval() -> None:
    build_example_series()
    real = social_factories.account("someone-real.bsky.social", platform="bluesky")
    _example_channels()

    line = announce_example_series()

    assert line.startswith("Example interview announcements")
    deliveries = Delivery.objects.all()
    assert deliveries.exists()
    assert {d.account.handle for d in deliveries} == set(EXAMPLE_CHANNELS)
    assert not deliveries.filter(account=real).exists()
    assert all(
        post.status == Post.Status.AWAITING_APPROVAL for post in Post.objects.all()
    )


@pytest.mark.parametrize("day", range(1, 8))  # 2026-12-01 is a Tuesday: every weekday
def test_the_example_series_is_announced_whatever_the_day_the_demo_is_built(
    day: int,
) -> None:
    # Built on a Wednesday, the first interview once fell two weeks and a day out,
    # beyond the announcement window, and the demo showed no announcement.
    with time_machine.travel(datetime(2026, 12, day, 12, 0, tzinfo=UTC), tick=False):
        build_example_series()
        _example_channels()
        announce_example_series()
        first = Interview.objects.order_by("starts_at").first()
        assert first is not None
        assert first.starts_at.astimezone(ZoneInfo("America/New_York")).weekday() == 2
        assert timedelta(0) < first.starts_at - timezone.now() <= timedelta(days=8)
        posts = Announcement.objects.filter(interview=first).values("post")
        assert Delivery.objects.filter(post__in=posts).exists()
