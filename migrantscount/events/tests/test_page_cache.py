"""Interviews in the page cache: a reschedule reaches every cached page at once, and
their pages are kept only until an interview next starts or ends."""

from datetime import date, time, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from migrantscount.core import page_cache
from migrantscount.core.tests.test_page_cache import call
from migrantscount.events.page_cache import seconds_until_next_change

from . import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cached_site(settings, tmp_path):  # type: ignore[no-untyped-def]
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from migrantscount.pages.tests.factories import build_site_tree

    log = str(tmp_path / "purges.log")
    settings.MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG = log
    settings.ALLOWED_HOSTS = ["testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    build_site_tree()
    yield page_cache.PageCache(WSGIHandler(), max_bytes=8 * 1024 * 1024, purge_log=log)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_rescheduled_interview_is_not_served_from_the_cache(cached_site) -> None:  # type: ignore[no-untyped-def]
    interview = factories.interview(local_date=timezone.localdate() + timedelta(days=3))
    path = interview.url_in("en")
    first = call(cached_site, path)
    assert first.code == 200
    assert call(cached_site, path).header("X-Page-Cache") == "hit"

    interview.local_time = time(20, 30)
    interview.save()

    again = call(cached_site, path)
    assert again.header("X-Page-Cache") == "miss"
    assert again.body != first.body
    index = call(cached_site, "/en/interviews/")
    assert index.code == 200 and index.header("X-Page-Cache") == "miss"


def test_pages_are_kept_only_until_the_next_start_or_end(settings: Any) -> None:
    settings.MIGRANTSCOUNT_PAGE_CACHE_SECONDS = 3600
    interview = factories.interview(
        local_date=date(2027, 3, 10), local_time=time(18, 0)
    )
    before = interview.starts_at - timedelta(minutes=10)
    with time_machine.travel(before, tick=False):
        assert seconds_until_next_change() == 601
    during = interview.starts_at + timedelta(minutes=5)
    with time_machine.travel(during, tick=False):
        until_end = int((interview.ends_at - during).total_seconds()) + 1
        assert seconds_until_next_change() == min(3600, until_end)
    with time_machine.travel(interview.ends_at + timedelta(days=1), tick=False):
        assert seconds_until_next_change() == 3600


def test_the_interview_page_says_so_in_its_cache_header(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MIGRANTSCOUNT_PAGE_CACHE_SECONDS = 3600
    interview = factories.interview(local_date=date(2027, 3, 10))
    with time_machine.travel(interview.starts_at - timedelta(seconds=120), tick=False):
        response = client.get(interview.url_in("en"))
    assert response.status_code == 200
    assert "s-maxage=121" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
