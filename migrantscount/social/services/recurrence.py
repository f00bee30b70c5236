"""Recurring (evergreen) posts: "repeat every N weeks until DATE".

    rule_problems(*, every_weeks, until, today=None) -> list[str]
    set_repeat_rule(post, *, every_weeks, until, user) -> Post
    stop_repeating(post, *, user) -> Post
    materialise(*, post=None, now=None) -> int

The rule lives on the post (`Post.repeat_every_weeks`, `Post.repeat_until`). Each
delivery a person scheduled (a *first occurrence*: `repeat_of` empty) is repeated
for its account at the same local time in its zone (its `local_time` and
`time_zone`, else its due time read in the account audience's zone), every N weeks
on local dates up to the until date, so 18:00 stays 18:00 across daylight saving.
Each repeat is its own `Delivery` row (`repeat_of` the first occurrence,
`repeat_number` 2, 3, ..., `occurrence` its planned instant), made ahead of time by
`materialise` (the periodic job `materialise_repeats`) over a rolling horizon: the
next `AHEAD` repeats and every one due within `HORIZON`. Rows are made with the
unique (post, account, occurrence) constraint as the arbiter, so two schedulers
running at once make each repeat once. Being rows, repeats are on the calendar and
in export packs, checked against the network and the monthly budget when made, and
paced, approved and re-checked for consent by the dispatcher like any delivery.

The rule is part of what approvers approve: setting or changing it sends an
approved post back (`posts.back_to_approval_if_approved`). Removing it, like
cancelling, only stops posts: repeats not out yet are cancelled, published ones
stay. Networks that refuse the same text twice (X; LinkedIn for a while) are
refused a repeating post: see docs/social.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from migrantscount.core.lib import timezones

from .. import audit
from ..models import MAX_REPEAT_WEEKS, Account, Delivery, Post
from . import posts, spending
from .accounts import platform_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)

# The rolling horizon: every repeat due within HORIZON, and at least the next AHEAD.
HORIZON = timedelta(days=30)
AHEAD = 2
# Networks that refuse a text the account already posted (X: 403 "duplicate
# content"; LinkedIn: 422 DUPLICATE_POST for a while): no repeat rule on them.
REFUSES_REPEATS = ("x", "linkedin")
# Marks repeats cancelled because the rule changed or was removed (not by a person):
# a later rule that plans the same date brings them back.
RULE_CHANGED = "repeat_rule_changed"
# Not out yet, and so replaced or cancelled when the rule changes.
PENDING = (Delivery.Status.SCHEDULED, Delivery.Status.FAILED, Delivery.Status.EXPIRED)


@dataclass(frozen=True)
class Planned:
    number: int  # 2 for the first repeat
    local_date: date
    local_time: time
    time_zone: str
    due_at: datetime


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def rule_problems(
    *, every_weeks: int | None, until: date | None, today: date | None = None
) -> list[str]:
    """Why a rule cannot be kept (empty: it can)."""
    today = today or timezone.localdate()
    problems = []
    if every_weeks is None or not 1 <= every_weeks <= MAX_REPEAT_WEEKS:
        problems.append(
            _("Repeat every 1 to %(max)s weeks.") % {"max": MAX_REPEAT_WEEKS}
        )
    if until is None:
        problems.append(_("Give the last date on which the post may be repeated."))
    elif until <= today:
        problems.append(
            _("The until date must be after today (%(today)s).")
            % {"today": today.isoformat()}
        )
    elif until > one_year_after(today):
        problems.append(
            _("The until date can be at most a year ahead (%(last)s).")
            % {"last": one_year_after(today).isoformat()}
        )
    return problems


def network_problems(post: Post, accounts: list[Account]) -> list[str]:
    """A repeating post cannot go to a network that refuses the same text twice."""
    if not post.repeats:
        return []
    return [
        _(
            "%(account)s: %(network)s refuses a text the account already posted, so "
            "a post that repeats cannot go to it. Schedule a separate post with its "
            "own text for each date instead."
        )
        % {"account": str(account), "network": account.get_platform_display()}
        for account in accounts
        if account.platform in REFUSES_REPEATS
    ]


def _first_occurrences(post: Post) -> QuerySet[Delivery]:
    # A first occurrence a person cancelled ends that account's series.
    return (
        post.deliveries.filter(repeat_of__isnull=True)
        .exclude(status=Delivery.Status.CANCELLED)
        .select_related("account", "post")
    )


def _anchor_local(anchor: Delivery) -> tuple[date, time, str]:
    """The first occurrence's planned local date (from `occurrence`, which a
    reschedule does not move, so the dates already made stay the series' dates),
    and its local time (as entered, which a zone's rule change does not move)."""
    zone_name = anchor.time_zone or anchor.account.time_zone
    planned = timezones.in_zone(anchor.occurrence, zone_name)
    local_time = anchor.local_time or planned.time().replace(tzinfo=None)
    return planned.date(), local_time, zone_name


def plan(anchor: Delivery, post: Post) -> list[Planned]:
    """Every repeat of a first occurrence the post's rule makes (none without one)."""
    if post.repeat_every_weeks is None or post.repeat_until is None:
        return []
    first_date, local_time, zone_name = _anchor_local(anchor)
    step = timedelta(weeks=post.repeat_every_weeks)
    planned = []
    day, number = first_date + step, 2
    while day <= post.repeat_until:
        due_at = timezones.to_utc(day, local_time, zone_name)
        planned.append(Planned(number, day, local_time, zone_name, due_at))
        day, number = day + step, number + 1
    return planned


def _planned_date(delivery: Delivery, zone_name: str) -> date:
    return timezones.in_zone(delivery.occurrence, zone_name).date()


def _within_horizon(planned: list[Planned], now: datetime) -> list[Planned]:
    late = timedelta(hours=settings.SOCIAL_NOT_AFTER_HOURS)
    future = [item for item in planned if item.due_at + late >= now]
    return [
        item
        for index, item in enumerate(future)
        if index < AHEAD or item.due_at <= now + HORIZON
    ]


def _new_repeat(
    anchor: Delivery, item: Planned, *, made: list[Delivery]
) -> tuple[Delivery, list[str]]:
    """The repeat's row and what stops it (the network's rules, the monthly budget
    with the account's other deliveries and the repeats `made` in this run)."""
    account = anchor.account
    platform = platform_for(account.platform)
    delivery = Delivery(
        post=anchor.post,
        account=account,
        occurrence=item.due_at,
        repeat_of=anchor,
        repeat_number=item.number,
        language=anchor.language,
        due_at=item.due_at,
        local_date=item.local_date,
        local_time=item.local_time,
        time_zone=item.time_zone,
        not_after=item.due_at + (anchor.not_after - anchor.due_at),
        next_attempt_at=item.due_at,
        idempotency_key=platform.new_idempotency_key(),
    )
    # The same checks as scheduling: the network's rules now, the monthly budget.
    draft = posts.draft_for(delivery, with_media=account.platform == "instagram")
    problems = [
        f"{account}: {problem}"
        for problem in platform.validate(draft, account.connection())
    ]
    images = int(anchor.post.image_id is not None or posts._has_story_card(anchor.post))
    delivery.cost = spending.delivery_price(account, draft, images=images)
    if delivery.cost is not None:
        costs = [(row.due_at, row.cost) for row in made if row.cost is not None]
        problems += spending.budget_problems(
            account, [*costs, (delivery.due_at, delivery.cost)]
        )
    return delivery, problems


def _materialise_post(post: Post, now: datetime) -> tuple[int, list[str]]:
    made = 0
    problems: list[str] = []
    if not post.repeats or post.status == Post.Status.CANCELLED:
        return 0, []
    if post.taken_down_at is not None:
        return 0, []
    for anchor in _first_occurrences(post):
        if anchor.account.platform in REFUSES_REPEATS:
            continue
        zone_name = _anchor_local(anchor)[2]
        known = {
            _planned_date(row, zone_name)
            for row in Delivery.objects.filter(repeat_of=anchor)
        }
        new: list[Delivery] = []
        for item in _within_horizon(plan(anchor, post), now):
            if item.local_date in known:
                continue
            delivery, found = _new_repeat(anchor, item, made=new)
            if found:
                problems += found
                continue
            new.append(delivery)
        # Two schedulers at once: the unique (post, account, occurrence) keeps one.
        before = Delivery.objects.filter(repeat_of=anchor).count()
        Delivery.objects.bulk_create(new, ignore_conflicts=True)
        made += Delivery.objects.filter(repeat_of=anchor).count() - before
    return made, problems


def materialise(*, post: Post | None = None, now: datetime | None = None) -> int:
    """Make the repeats due within the horizon (of one post, or of every post that
    repeats); returns how many rows were made. A repeat the network or the budget
    would refuse is not made (logged; tried again next time)."""
    now = now or timezone.now()
    rows = Post.objects.filter(
        repeat_every_weeks__isnull=False, taken_down_at__isnull=True
    ).exclude(status=Post.Status.CANCELLED)
    if post is not None:
        rows = rows.filter(pk=post.pk)
    made = 0
    for item in rows.iterator():
        with transaction.atomic():
            count, problems = _materialise_post(item, now)
        made += count
        for problem in problems:
            logger.warning("Repeat of post %s not made: %s", item.pk, problem)
    return made


def _reconcile(post: Post, now: datetime) -> None:
    """After a rule change: repeats not out yet keep their row when the new rule
    plans their date (renumbered), are cancelled otherwise; repeats the old rule
    change had cancelled come back when the new rule plans their date again."""
    for anchor in _first_occurrences(post):
        zone_name = _anchor_local(anchor)[2]
        wanted = {item.local_date: item for item in plan(anchor, post)}
        for row in Delivery.objects.filter(repeat_of=anchor):
            item = wanted.get(_planned_date(row, zone_name))
            if row.status in PENDING and row.due_at > now and item is None:
                _cancel(row, now)
            elif item is not None and row.repeat_number != item.number:
                row.repeat_number = item.number
                row.save(update_fields=["repeat_number", "updated_at"])
            if (
                item is not None
                and row.status == Delivery.Status.CANCELLED
                and row.takedown_reason == RULE_CHANGED
                and row.due_at > now
            ):
                Delivery.objects.filter(pk=row.pk).update(
                    status=Delivery.Status.SCHEDULED,
                    takedown_reason="",
                    last_error="",
                    attempts=0,
                    next_attempt_at=row.due_at,
                    updated_at=now,
                )


def _cancel(row: Delivery, now: datetime) -> None:
    Delivery.objects.filter(pk=row.pk, status=row.status).update(
        status=Delivery.Status.CANCELLED,
        takedown_reason=RULE_CHANGED,
        sent_text="",
        updated_at=now,
    )


@transaction.atomic
def set_repeat_rule(
    post: Post,
    *,
    every_weeks: int | None,
    until: date | None,
    user: AbstractBaseUser | None,
) -> Post:
    """Set or change the post's rule and make its first repeats now. An approved
    post goes back to approval (the rule is part of what was approved)."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status == Post.Status.CANCELLED:
        raise posts.PostError(_("A cancelled post cannot be changed."))
    problems = rule_problems(every_weeks=every_weeks, until=until)
    if problems:
        raise posts.PostError(problems)
    if (post.repeat_every_weeks, post.repeat_until) == (every_weeks, until):
        return post
    previous = _rule_data(post)
    post.repeat_every_weeks = every_weeks
    post.repeat_until = until
    accounts = [anchor.account for anchor in _first_occurrences(post)]
    problems = network_problems(post, list({a.pk: a for a in accounts}.values()))
    if problems:
        raise posts.PostError(problems)
    post.save(update_fields=["repeat_every_weeks", "repeat_until", "updated_at"])
    now = timezone.now()
    _reconcile(post, now)
    posts.back_to_approval_if_approved(post, user=user, reason="repeat changed")
    audit.log(
        audit.POST_REPEAT_SET,
        instance=post,
        user=user,
        data={**_rule_data(post), "previous": previous},
    )
    _count, problems = _materialise_post(post, now)
    if problems:
        raise posts.PostError(problems)
    return post


@transaction.atomic
def stop_repeating(post: Post, *, user: AbstractBaseUser | None) -> Post:
    """Remove the rule: repeats not out yet are cancelled, published ones stay."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.repeats:
        return post
    previous = _rule_data(post)
    post.repeat_every_weeks = None
    post.repeat_until = None
    post.save(update_fields=["repeat_every_weeks", "repeat_until", "updated_at"])
    now = timezone.now()
    cancelled = Delivery.objects.filter(
        post=post, repeat_of__isnull=False, status__in=PENDING
    ).update(
        status=Delivery.Status.CANCELLED,
        takedown_reason=RULE_CHANGED,
        sent_text="",
        updated_at=now,
    )
    audit.log(
        audit.POST_REPEAT_STOPPED,
        instance=post,
        user=user,
        data={"previous": previous, "cancelled": cancelled},
    )
    return post


def _rule_data(post: Post) -> dict[str, object]:
    return {
        "every_weeks": post.repeat_every_weeks,
        "until": post.repeat_until.isoformat() if post.repeat_until else None,
    }
