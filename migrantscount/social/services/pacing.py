"""Per-account pacing from the networks' documented limits, shared by processes.

Each `Budget` (capacity points per window) of an account is a token bucket row
(`PacingBucket`): it refills continuously at capacity ÷ window and starts full.
Spending is all-or-nothing across an action's budgets and uses compare-and-set
updates (`WHERE tokens = old AND updated_at = old`), so two dispatcher processes
never spend the same tokens, on SQLite and PostgreSQL alike.

`SOCIAL_PACING_TIME_SCALE` divides every window (a benchmark compresses an hour into
seconds); 1 in production.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, FloatField, Q, Value, When
from django.utils import timezone

from ..models import Account, PacingBucket

if TYPE_CHECKING:
    from ..platforms.base import Budget

# Compare-and-set conflicts retried before giving the caller a short wait instead.
MAX_RETRIES = 8


def window_seconds(budget: Budget) -> float:
    scale = float(getattr(settings, "SOCIAL_PACING_TIME_SCALE", 1) or 1)
    return max(budget.window.total_seconds() / scale, 1e-6)


def refill_rate(budget: Budget) -> float:
    """Points per second."""
    return budget.capacity / window_seconds(budget)


def _available(bucket: PacingBucket, budget: Budget, now: datetime) -> float:
    elapsed = max((now - bucket.updated_at).total_seconds(), 0.0)
    return min(float(budget.capacity), bucket.tokens + elapsed * refill_rate(budget))


def _bucket(account_id: int, budget: Budget, now: datetime) -> PacingBucket:
    bucket = PacingBucket.objects.filter(
        account_id=account_id, budget=budget.name
    ).first()
    if bucket is not None:
        return bucket
    return _create(account_id, budget, now)


def _create(account_id: int, budget: Budget, now: datetime) -> PacingBucket:
    try:
        with transaction.atomic():
            return PacingBucket.objects.create(
                account_id=account_id,
                budget=budget.name,
                tokens=float(budget.capacity),
                updated_at=now,
            )
    except IntegrityError:
        return PacingBucket.objects.get(account_id=account_id, budget=budget.name)


def _buckets(
    account_id: int, budgets: Sequence[Budget], now: datetime
) -> dict[str, PacingBucket]:
    """The account's buckets for these budgets, read with one query (created full
    when missing)."""
    found = {
        bucket.budget: bucket
        for bucket in PacingBucket.objects.filter(
            account_id=account_id, budget__in=[budget.name for budget in budgets]
        )
    }
    for budget in budgets:
        if budget.name not in found:
            found[budget.name] = _create(account_id, budget, now)
    return found


class _Conflict(Exception):
    pass


def try_spend(
    account: Account | int,
    costs: Mapping[str, int],
    budgets: Sequence[Budget],
    *,
    now: datetime | None = None,
) -> float:
    """Spend `costs` (points per budget name) if every budget has them.

    Returns 0.0 when spent, otherwise the seconds until all of them will have
    enough (nothing is spent then). A cost larger than a budget's capacity is
    capped at the capacity (it could never be paid otherwise).

    Two queries when nothing races: the buckets read together, then one
    compare-and-set UPDATE of all of them that must change every one (otherwise
    the transaction is rolled back and the spend tried again).
    """
    account_id = account if isinstance(account, int) else account.pk
    wanted = [
        (budget, min(float(costs.get(budget.name, 0)), float(budget.capacity)))
        for budget in budgets
        if costs.get(budget.name, 0) > 0
    ]
    if not wanted:
        return 0.0
    for _attempt in range(MAX_RETRIES):
        moment = now or timezone.now()
        try:
            with transaction.atomic():
                wait = 0.0
                plan: list[tuple[PacingBucket, float]] = []
                buckets = _buckets(
                    account_id, [budget for budget, _cost in wanted], moment
                )
                for budget, cost in wanted:
                    bucket = buckets[budget.name]
                    available = _available(bucket, budget, moment)
                    if available < cost:
                        wait = max(wait, (cost - available) / refill_rate(budget))
                    plan.append((bucket, available - cost))
                if wait > 0:
                    return wait
                unchanged = Q()
                for bucket, _left in plan:
                    unchanged |= Q(
                        pk=bucket.pk, tokens=bucket.tokens, updated_at=bucket.updated_at
                    )
                tokens: Any = (
                    Value(plan[0][1])
                    if len(plan) == 1
                    else Case(
                        *(
                            When(pk=bucket.pk, then=Value(left))
                            for bucket, left in plan
                        ),
                        output_field=FloatField(),
                    )
                )
                changed = PacingBucket.objects.filter(unchanged).update(
                    tokens=tokens, updated_at=moment
                )
                if changed != len(plan):
                    raise _Conflict
                return 0.0
        except _Conflict:
            continue
    return 0.05


def affordable(
    account_ids: Sequence[int],
    costs: Mapping[str, int],
    budgets: Sequence[Budget],
    *,
    now: datetime | None = None,
) -> dict[int, tuple[int, float]]:
    """For each account: how many actions of `costs` its buckets hold now, and if
    none, the seconds until one is affordable. One query for all the accounts; a
    hint for claiming (the spend itself is `try_spend`)."""
    moment = now or timezone.now()
    names = {budget.name: budget for budget in budgets if costs.get(budget.name, 0)}
    result: dict[int, tuple[int, float]] = {}
    if not names:
        return dict.fromkeys(account_ids, (1000000, 0.0))
    rows: dict[tuple[int, str], PacingBucket] = {
        (bucket.account_id, bucket.budget): bucket
        for bucket in PacingBucket.objects.filter(
            account_id__in=list(account_ids), budget__in=list(names)
        )
    }
    for account_id in account_ids:
        count = 1_000_000
        wait = 0.0
        for name, budget in names.items():
            cost = min(float(costs[name]), float(budget.capacity))
            bucket = rows.get((account_id, name))
            available = (
                float(budget.capacity)
                if bucket is None
                else _available(bucket, budget, moment)
            )
            count = min(count, int(available // cost))
            if available < cost:
                wait = max(wait, (cost - available) / refill_rate(budget))
        result[account_id] = (count, wait)
    return result


def refund(
    account: Account | int,
    costs: Mapping[str, int],
    budgets: Sequence[Budget],
) -> None:
    """Give back points spent on an action that was not made after all."""
    account_id = account if isinstance(account, int) else account.pk
    for budget in budgets:
        cost = float(costs.get(budget.name, 0))
        if cost <= 0:
            continue
        for _attempt in range(MAX_RETRIES):
            bucket = PacingBucket.objects.filter(
                account_id=account_id, budget=budget.name
            ).first()
            if bucket is None:
                break
            moment = timezone.now()
            value = min(
                float(budget.capacity), _available(bucket, budget, moment) + cost
            )
            if PacingBucket.objects.filter(
                pk=bucket.pk, tokens=bucket.tokens, updated_at=bucket.updated_at
            ).update(tokens=value, updated_at=moment):
                break


def drain_until(
    account: Account | int, budgets: Sequence[Budget], *, until: datetime
) -> None:
    """The network said "no more until `until`" (rate-limit headers): empty the
    buckets so that pacing agrees with it."""
    account_id = account if isinstance(account, int) else account.pk
    now = timezone.now()
    seconds = max((until - now).total_seconds(), 0.0)
    for budget in budgets:
        bucket = _bucket(account_id, budget, now)
        # Tokens that refill to exactly zero at `until`.
        tokens = -seconds * refill_rate(budget)
        PacingBucket.objects.filter(pk=bucket.pk).update(
            tokens=max(tokens, -float(budget.capacity)), updated_at=now
        )


def state(account: Account, budgets: Sequence[Budget]) -> dict[str, float]:
    """Points available now per budget (for the admin and tests)."""
    now = timezone.now()
    result = {}
    for budget in budgets:
        bucket = PacingBucket.objects.filter(
            account=account, budget=budget.name
        ).first()
        result[budget.name] = (
            float(budget.capacity)
            if bucket is None
            else _available(bucket, budget, now)
        )
    return result
