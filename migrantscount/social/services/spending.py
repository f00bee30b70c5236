"""Pay-per-use networks (X): prices, monthly budgets and what was spent.

A network module that charges per call provides `price(action, draft) -> Decimal`
(`PricedPlatform`; the prices are settings of that module). Then:

- scheduling fixes each delivery's `cost` (a post with a URL is dearer than one
  without) and refuses, with the figures, a schedule that would take an account's
  month beyond its `monthly_budget`; the month counts what was spent (`Spend`
  rows: posts, deletions, lookups before a retry, metrics reads) plus the cost of
  its deliveries still to go out that month (calendar months in UTC);
- the dispatcher and the metrics job record a `Spend` row per call that costs;
- a metrics read that the month's budget cannot pay is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Account, Delivery, Spend
from . import accounts

if TYPE_CHECKING:
    from ..platforms.base import Action, Draft, Platform, PricedPlatform

ZERO = Decimal("0")


def priced(platform: Platform) -> PricedPlatform | None:
    if callable(getattr(platform, "price", None)):
        return cast("PricedPlatform", platform)
    return None


def is_priced(account: Account) -> bool:
    return priced(accounts.platform_for(account.platform)) is not None


def price(account: Account, action: Action, draft: Draft | None) -> Decimal | None:
    """What the call costs in US dollars; None on a network that charges nothing."""
    platform = priced(accounts.platform_for(account.platform))
    if platform is None:
        return None
    return Decimal(platform.price(action, draft))


def delivery_price(account: Account, draft: Draft, *, images: int) -> Decimal | None:
    """What publishing a delivery costs, its images counted even when the draft
    was made without them (scheduling does not load the image files)."""
    from ..platforms.base import Action, Media

    if images and not draft.media:
        placeholder = Media(b"", "image/png", "", 1, 1)
        draft = replace(draft, media=(placeholder,) * images)
    return price(account, Action.PUBLISH, draft)


def month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    start = moment.astimezone(UTC).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    if start.month == 12:
        end = start.replace(year=start.year + 1, month=1)
    else:
        end = start.replace(month=start.month + 1)
    return start, end


def spent(account: Account, moment: datetime) -> Decimal:
    start, end = month_bounds(moment)
    total = Spend.objects.filter(account=account, at__gte=start, at__lt=end).aggregate(
        total=Sum("amount")
    )["total"]
    return Decimal(total or ZERO)


def committed(account: Account, moment: datetime) -> Decimal:
    """The cost of the account's deliveries still to go out in that month."""
    start, end = month_bounds(moment)
    total = (
        Delivery.objects.undelivered()
        .filter(account=account, due_at__gte=start, due_at__lt=end)
        .aggregate(total=Sum("cost"))["total"]
    )
    return Decimal(total or ZERO)


def month_total(account: Account, moment: datetime) -> Decimal:
    return spent(account, moment) + committed(account, moment)


def _money(amount: Decimal) -> str:
    return "$" + formats.number_format(amount.quantize(Decimal("0.01")), 2)


def budget_problems(
    account: Account, costs: Iterable[tuple[datetime, Decimal]]
) -> list[str]:
    """Why scheduling deliveries of these (due time, cost) would break the
    account's monthly budget; empty when it holds (or there is no budget)."""
    if account.monthly_budget is None:
        return []
    by_month: dict[datetime, Decimal] = {}
    for due_at, cost in costs:
        start, _end = month_bounds(due_at)
        by_month[start] = by_month.get(start, ZERO) + cost
    problems = []
    for start, new in sorted(by_month.items()):
        already = month_total(account, start)
        if already + new > account.monthly_budget:
            problems.append(
                _(
                    "%(account)s: this would take %(month)s's spending to %(total)s, "
                    "beyond its monthly budget of %(budget)s (already spent or "
                    "scheduled: %(already)s; these deliveries: %(new)s). Raise the "
                    "budget on the account, or schedule fewer deliveries to it."
                )
                % {
                    "account": str(account),
                    "month": formats.date_format(start, "YEAR_MONTH_FORMAT"),
                    "total": _money(already + new),
                    "budget": _money(account.monthly_budget),
                    "already": _money(already),
                    "new": _money(new),
                }
            )
    return problems


def can_afford(
    account: Account, amount: Decimal, *, now: datetime | None = None
) -> bool:
    if account.monthly_budget is None:
        return True
    return (
        month_total(account, now or timezone.now()) + amount <= account.monthly_budget
    )


def record(
    account: Account,
    *,
    action: Action,
    draft: Draft | None = None,
    delivery: Delivery | None = None,
) -> Spend | None:
    """Keep what one call to a paying network cost (nothing on a free network)."""
    amount = price(account, action, draft)
    if amount is None or amount <= 0:
        return None
    return Spend.objects.create(
        account=account,
        delivery=delivery,
        kind=str(action),
        amount=amount,
        at=timezone.now(),
    )


def summary(
    account: Account, *, now: datetime | None = None
) -> dict[str, Decimal | None]:
    """This month's figures for the admin: spent, scheduled, budget."""
    now = now or timezone.now()
    return {
        "spent": spent(account, now),
        "scheduled": committed(account, now),
        "budget": account.monthly_budget,
    }
