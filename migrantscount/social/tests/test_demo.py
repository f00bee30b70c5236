"""The demo's example WhatsApp channels and example waves: approved, on the
calendar for the seven days after the demo is built, a non-empty export pack for
each of those days, never dispatched (issue 15)."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from migrantscount.pages.demo import run_demo_step
from migrantscount.social import demo
from migrantscount.social.models import Account, Delivery, Post
from migrantscount.social.services import dispatch, export
from migrantscount.stories.demo import build_example_stories
from migrantscount.stories.tests.helpers import ensure_locales

pytestmark = pytest.mark.django_db


def test_the_demo_fills_seven_days_of_example_waves_with_export_packs() -> None:
    # Before the example stories exist the step waits (not recorded as done).
    assert "waits for the example stories" in run_demo_step(demo.build_example_wave)
    ensure_locales()
    build_example_stories()
    line = run_demo_step(demo.build_example_wave)
    assert "7 example waves" in line
    channels = Account.objects.filter(platform="whatsapp")
    assert sorted(channels.values_list("language", flat=True)) == ["en", "es"]
    assert all(
        name.startswith("Example:")
        for name in channels.values_list("display_name", flat=True)
    )
    waves = Post.objects.filter(title__startswith="Example wave")
    assert waves.count() == 7
    assert set(waves.values_list("status", flat=True)) == {Post.Status.APPROVED}
    author = get_user_model().objects.get(username="example-officer")
    assert not waves.filter(approved_by=author).exists()
    assert set(waves.values_list("author", flat=True)) == {author.pk}
    today = timezone.localdate()
    for offset in range(1, 8):
        day = today + timedelta(days=offset)
        names = zipfile.ZipFile(io.BytesIO(export.build_pack(day=day))).namelist()
        assert any(name.endswith(".txt") for name in names), day
    local_times = {
        (delivery.local_time, delivery.time_zone) for delivery in Delivery.objects.all()
    }
    assert {item[0].strftime("%H:%M") for item in local_times if item[0]} == {"18:00"}
    # The demo runs once per database: a second build leaves it as it is.
    assert "built before" in run_demo_step(demo.build_example_wave)
    assert Post.objects.filter(title__startswith="Example wave").count() == 7
    # No network is contacted: the dispatcher never claims an export-only delivery,
    # and a past day's pack keeps its deliveries.
    with time_machine.travel(timezone.now() + timedelta(days=10), tick=False):
        assert dispatch.claim_due("test-worker") == []
        dispatch.expire_overdue()
    assert set(Delivery.objects.values_list("status", flat=True)) == {
        Delivery.Status.SCHEDULED
    }
