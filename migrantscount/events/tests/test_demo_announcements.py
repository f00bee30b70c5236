"""The demo announces the example series only on the social demo's export-only
example channels, and only once they exist."""

from __future__ import annotations

import pytest

from migrantscount.events.demo import (
    EXAMPLE_CHANNELS,
    announce_example_series,
    build_example_series,
)
from migrantscount.events.models import Announcement
from migrantscount.pages.demo import DemoStepNotReady
from migrantscount.social.models import Delivery, Post
from migrantscount.social.tests import factories as social_factories

pytestmark = pytest.mark.django_db


def test_no_example_announcements_without_the_example_channels() -> None:
    build_example_series()
    social_factories.account("someone-real.bsky.social", platform="bluesky")
    with pytest.raises(DemoStepNotReady):
        announce_example_series()
    assert not Announcement.objects.exists() and not Post.objects.exists()


def test_example_announcements_go_to_the_example_channels_awaiting_approval() -> None:
    build_example_series()
    real = social_factories.account("someone-real.bsky.social", platform="bluesky")
    for handle, language in zip(EXAMPLE_CHANNELS, ("es", "en"), strict=True):
        # Stand-ins (the step picks the channels by handle); nothing is sent.
        social_factories.account(
            handle,
            platform="bluesky",
            language=language,
            base_url="https://bsky.social",
        )

    line = announce_example_series()

    assert line.startswith("Example interview announcements")
    deliveries = Delivery.objects.all()
    assert deliveries.exists()
    assert {d.account.handle for d in deliveries} == set(EXAMPLE_CHANNELS)
    assert not deliveries.filter(account=real).exists()
    assert all(
        post.status == Post.Status.AWAITING_APPROVAL for post in Post.objects.all()
    )
