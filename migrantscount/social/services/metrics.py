"""Reach snapshots: what each network reports about a published delivery, on a
decaying schedule (SOCIAL_METRICS_AFTER_HOURS: 1 h, 24 h, 7 days, 30 days).

`take_due_snapshots()` (periodic, every 15 minutes) reads, for each published
delivery whose next step is due, the network's counts through the module's
`metrics(connection, ref)` and stores a `MetricSnapshot`. A step missed (the job
did not run for days) is not caught up: the snapshot counts as the latest step
passed. Reads stay within each network's limits: the account's pacing buckets pay
`cost(Action.METRICS)`, an account held by a rate limit or needing reconnection is
skipped until it is usable, and on a pay-per-use network (X) a read the month's
budget cannot pay is skipped. A post the network no longer has (a permanent error)
gets a snapshot with the error and no counts, so it is not asked again for that
step. The analytics app aggregates the snapshots.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from ..models import Account, Delivery, MetricSnapshot
from ..platforms.base import Action, PlatformError, RemoteRef
from . import accounts, pacing, spending, tokens

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..platforms.base import MetricsPlatform, Platform

logger = logging.getLogger(__name__)

COUNTS = ("likes", "reposts", "replies", "quotes", "views")


def schedule() -> tuple[timedelta, ...]:
    return tuple(timedelta(hours=h) for h in settings.SOCIAL_METRICS_AFTER_HOURS)


def metrics_platform(platform: Platform) -> MetricsPlatform | None:
    if callable(getattr(platform, "metrics", None)):
        return cast("MetricsPlatform", platform)
    return None


def metrics_networks() -> list[str]:
    from ..platforms import PLATFORMS

    return [key for key, module in PLATFORMS.items() if metrics_platform(module)]


def due_deliveries(*, now: datetime) -> Any:
    """Published deliveries whose next snapshot step has come."""
    steps = schedule()
    last = len(steps) - 1
    due = [Q(last_step__isnull=True, published_at__lte=now - steps[0])] + [
        Q(last_step=index - 1, published_at__lte=now - steps[index])
        for index in range(1, last + 1)
    ]
    return (
        Delivery.objects.filter(
            status=Delivery.Status.PUBLISHED,
            published_at__isnull=False,
            account__platform__in=metrics_networks(),
            account__status=Account.Status.ACTIVE,
        )
        .filter(
            Q(account__rate_limited_until__isnull=True)
            | Q(account__rate_limited_until__lte=now)
        )
        .exclude(remote_id="")
        .annotate(last_step=Max("metric_snapshots__step"))
        .filter(reduce(or_, due))
        .select_related("account")
        .order_by("published_at", "pk")
    )


def step_for(delivery: Delivery, now: datetime) -> int:
    """The latest step whose time has passed (a missed step is not caught up)."""
    assert delivery.published_at is not None  # noqa: S101 (published deliveries)
    age = now - delivery.published_at
    return max(index for index, after in enumerate(schedule()) if after <= age)


def take_due_snapshots(*, now: datetime | None = None, limit: int | None = None) -> int:
    now = now or timezone.now()
    limit = limit or settings.SOCIAL_METRICS_BATCH
    taken = 0
    skipped: set[int] = set()  # accounts whose reads must wait for this run
    for delivery in due_deliveries(now=now)[:limit]:
        if delivery.account_id in skipped:
            continue
        snapshot = take_snapshot(delivery, now=now)
        if snapshot is None:
            skipped.add(delivery.account_id)
        else:
            taken += 1
    return taken


def take_snapshot(delivery: Delivery, *, now: datetime) -> MetricSnapshot | None:
    """One read of one delivery's counts; None when it must wait (limits, budget,
    connection, a passing failure)."""
    account = delivery.account
    module = accounts.platform_for(account.platform)
    platform = metrics_platform(module)
    if platform is None or account.status != Account.Status.ACTIVE:
        return None
    price = spending.price(account, Action.METRICS, None)
    if price is not None and not spending.can_afford(account, price, now=now):
        logger.info("Metrics of account %s skipped: monthly budget", account.pk)
        return None
    if pacing.try_spend(account.pk, module.cost(Action.METRICS, None), module.BUDGETS):
        return None
    connection = tokens.fresh_connection(account)
    if account.status != Account.Status.ACTIVE:
        return None
    ref = RemoteRef(
        remote_id=delivery.remote_id, uri=delivery.remote_uri, url=delivery.remote_url
    )
    try:
        counts = platform.metrics(connection, ref)
    except PlatformError as error:
        account.store_connection(connection)
        return _failed(delivery, error, now=now)
    account.store_connection(connection)
    spending.record(account, action=Action.METRICS, delivery=delivery)
    return MetricSnapshot.objects.create(
        delivery=delivery,
        taken_at=now,
        step=step_for(delivery, now),
        likes=counts.likes,
        reposts=counts.reposts,
        replies=counts.replies,
        quotes=counts.quotes,
        views=counts.views,
        raw=dict(counts.raw),
    )


def _failed(
    delivery: Delivery, error: PlatformError, *, now: datetime
) -> MetricSnapshot | None:
    account = delivery.account
    if error.needs_reconnect:
        accounts.mark_needs_reconnect(account, message=error.message)
        return None
    if error.retry_at is not None:
        Account.objects.filter(pk=account.pk).filter(
            Q(rate_limited_until__isnull=True)
            | Q(rate_limited_until__lt=error.retry_at)
        ).update(rate_limited_until=error.retry_at)
        return None
    if not error.permanent:
        logger.warning("Metrics of delivery %s failed: %s", delivery.pk, error.message)
        return None
    return MetricSnapshot.objects.create(
        delivery=delivery,
        taken_at=now,
        step=step_for(delivery, now),
        raw={"error": error.message},
    )


# --- For the admin ----------------------------------------------------------------


def latest_by_delivery(deliveries: Iterable[Delivery]) -> dict[int, MetricSnapshot]:
    """Each delivery's latest snapshot (one query)."""
    ids = [delivery.pk for delivery in deliveries]
    latest: dict[int, MetricSnapshot] = {}
    for snapshot in MetricSnapshot.objects.filter(delivery_id__in=ids).order_by(
        "delivery_id", "taken_at", "pk"
    ):
        latest[snapshot.delivery_id] = snapshot
    return latest


def totals(snapshots: Iterable[MetricSnapshot]) -> dict[str, int | None]:
    """The sum of each count over snapshots (None where no network reported it)."""
    result: dict[str, int | None] = dict.fromkeys(COUNTS)
    for snapshot in snapshots:
        for name in COUNTS:
            value = getattr(snapshot, name)
            if value is not None:
                result[name] = (result[name] or 0) + value
    return result
