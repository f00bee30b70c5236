"""What the live interviews purge from the page cache, and how long their pages keep.

An interview's pages, feed and calendars show its time, guests and state, and the
home page and menu may list it: any change to an interview, a series, their texts,
their guests' appearances or a guest purges the whole page cache of this host's web
processes after commit, and the interviews' URLs in every language through Wagtail's
frontend cache (a proxy or CDN). The pages depend on the clock too ("upcoming",
"live now", "past"): they are kept only until the next start or end of an interview
(`seconds_until_next_change`), never the cache's full hour.
"""

from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

from migrantscount.core import page_cache
from migrantscount.core.lib.languages import language_codes

from .models import Appearance, Guest, Interview, InterviewText, Series, SeriesText


def interview_urls() -> list[str]:
    urls = [reverse("sitemap")]
    for code in language_codes():
        with translation.override(code):
            urls += [
                f"/{code}/",
                reverse("events:index"),
                reverse("events:feed_atom"),
                reverse("events:calendar"),
            ]
    return [settings.SITE_URL + url for url in urls]


def purge_interviews() -> None:
    """After commit: drop every cached page that may show an interview."""
    transaction.on_commit(partial(page_cache.purge_everywhere, interview_urls()))


def seconds_until_next_change(now: datetime | None = None) -> int:
    """Seconds until an interview next starts or ends (the pages' next state)."""
    now = now or timezone.now()
    upcoming = Interview.objects.filter(ends_at__gt=now).aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at")
    )
    moments = [moment for moment in upcoming.values() if moment is not None]
    limit = int(settings.MIGRANTSCOUNT_PAGE_CACHE_SECONDS)
    if not moments:
        return limit
    return max(1, min(limit, int((min(moments) - now).total_seconds()) + 1))


def keep_until_next_change(response: HttpResponse) -> HttpResponse:
    """Let caches keep this page only until the interviews' next change of state."""
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=seconds_until_next_change()
    )
    return response


def purge_on_change(sender: type, **kwargs: Any) -> None:
    purge_interviews()


for watched in (Interview, InterviewText, Series, SeriesText, Appearance, Guest):
    for signal in (post_save, post_delete):
        signal.connect(
            purge_on_change,
            sender=watched,
            dispatch_uid=f"page-cache-events-{signal is post_save}-{watched.__name__}",
        )
