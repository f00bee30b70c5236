"""Token buckets per account and budget, shared through the database."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
import time_machine
from django.test.utils import override_settings
from django.utils import timezone

from migrantscount.social.models import PacingBucket
from migrantscount.social.platforms.base import Budget
from migrantscount.social.services import pacing

from . import factories

pytestmark = pytest.mark.django_db
HOURLY = Budget("points", 60, timedelta(hours=1))  # one point a minute
DAILY = Budget("daily", 100, timedelta(days=1))


def test_a_bucket_starts_full_spends_and_refills() -> None:
    account = factories.account()
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        assert pacing.try_spend(account, {"points": 60}, [HOURLY]) == 0.0
        wait = pacing.try_spend(account, {"points": 3}, [HOURLY])
    assert wait == pytest.approx(180.0)
    with time_machine.travel(now + timedelta(minutes=3), tick=False):
        assert pacing.try_spend(account, {"points": 3}, [HOURLY]) == 0.0
        assert pacing.state(account, [HOURLY])["points"] == pytest.approx(0.0)


def test_spending_is_all_or_nothing_across_budgets() -> None:
    account = factories.account()
    with time_machine.travel(timezone.now(), tick=False):
        pacing.try_spend(account, {"daily": 99}, [DAILY])
        wait = pacing.try_spend(account, {"points": 3, "daily": 3}, [HOURLY, DAILY])
        assert wait > 0
        state = pacing.state(account, [HOURLY, DAILY])
    assert state["points"] == pytest.approx(60.0)  # nothing spent from the other
    assert state["daily"] == pytest.approx(1.0)


def test_a_cost_above_capacity_is_capped_and_unknown_budgets_are_free() -> None:
    account = factories.account()
    assert pacing.try_spend(account, {"points": 500}, [HOURLY]) == 0.0
    assert pacing.try_spend(account, {"other": 5}, [HOURLY]) == 0.0


def test_the_time_scale_compresses_windows() -> None:
    account = factories.account()
    with override_settings(SOCIAL_PACING_TIME_SCALE=60):
        with time_machine.travel(timezone.now(), tick=False):
            pacing.try_spend(account, {"points": 60}, [HOURLY])
            assert pacing.try_spend(account, {"points": 3}, [HOURLY]) == (
                pytest.approx(3.0)
            )


def test_accounts_have_separate_buckets() -> None:
    one, two = factories.account("one.example"), factories.account("two.example")
    pacing.try_spend(one, {"points": 60}, [HOURLY])
    assert pacing.try_spend(two, {"points": 60}, [HOURLY]) == 0.0


def test_a_concurrent_spend_is_retried_not_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = factories.account()
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        pacing.try_spend(account, {"points": 10}, [HOURLY])
        stale = PacingBucket.objects.get(account=account)
        # Another process spends 20 after this one read the bucket.
        PacingBucket.objects.filter(pk=stale.pk).update(tokens=30.0)
        original = pacing._buckets
        reads: list[PacingBucket] = []

        def stale_first(account_id, budgets, moment):  # type: ignore[no-untyped-def]
            reads.append(stale)
            if len(reads) == 1:
                return {stale.budget: stale}
            return original(account_id, budgets, moment)

        monkeypatch.setattr(pacing, "_buckets", stale_first)
        assert pacing.try_spend(account, {"points": 5}, [HOURLY]) == 0.0
    assert len(reads) == 2  # the compare-and-set failed once, then succeeded
    assert PacingBucket.objects.get(pk=stale.pk).tokens == pytest.approx(25.0)


def test_refund_and_drain() -> None:
    account = factories.account()
    with time_machine.travel(timezone.now(), tick=False):
        pacing.try_spend(account, {"points": 30}, [HOURLY])
        pacing.refund(account, {"points": 10}, [HOURLY])
        assert pacing.state(account, [HOURLY])["points"] == pytest.approx(40.0)
        pacing.drain_until(
            account, [HOURLY], until=timezone.now() + timedelta(minutes=5)
        )
        assert pacing.try_spend(account, {"points": 1}, [HOURLY]) == pytest.approx(
            360.0
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="real concurrency needs PostgreSQL",
)
def test_threads_never_spend_more_than_the_capacity() -> None:
    account = factories.account()
    spent: list[int] = []
    lock = threading.Lock()

    def spender() -> None:
        from django.db import connection

        try:
            for _n in range(20):
                if pacing.try_spend(account.pk, {"points": 1}, [HOURLY]) == 0.0:
                    with lock:
                        spent.append(1)
        finally:
            connection.close()

    with time_machine.travel(timezone.now(), tick=False):
        threads = [threading.Thread(target=spender) for _n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(spent) == 60
