"""Times entered in a named zone, and waves.

A time a person enters is a local date and time in an IANA zone (by default the
account audience's zone). The delivery keeps all three and its `due_at` is derived
from them with the tz database installed now; `rederive_local_times` derives it
again for deliveries not out yet, so a zone whose rules change (Paraguay kept
UTC-3 all year from October 2024) moves the instant and never the local time the
audience was told (the interviews do the same, `core.lib.timezones`).

A **wave** is one post (one story or fact, a text per language) sent to every
selected account, each at the same local time in its own audience's zone on the
same local date. The post is approved as one unit: its texts are what approvers
read, and a change to any of them or to a time sends the whole post back
(`posts.back_to_approval_if_approved`); an account that waives approval
(`Account.requires_approval`, an export-only channel) is cleared once submitted. Each
account's time is moved later, one pacing step at a time, while the account's
already scheduled deliveries would use up a budget of its network
(`platforms.<network>.BUDGETS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from migrantscount.core.lib import timezones

from ..models import Account, Delivery, Post, default_not_after
from . import accounts as account_services
from . import posts

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from migrantscount.stories.models import Story

# A wave gives up after moving an account's time this many times to fit its budget.
MAX_SPREAD_STEPS = 96


def local_due_at(local_date: date, local_time: time, zone_name: str) -> datetime:
    """The UTC instant of a local time; a time skipped by a clock change is refused
    rather than silently moved."""
    try:
        timezones.validate_time_zone(zone_name)
    except ValidationError as error:
        raise posts.PostError(error.messages) from error
    if not timezones.exists(local_date, local_time, zone_name):
        raise posts.PostError(
            _(
                "%(time)s does not exist on %(date)s in %(zone)s (the clocks jump "
                "forward): choose another time."
            )
            % {
                "time": local_time.strftime("%H:%M"),
                "date": local_date.isoformat(),
                "zone": zone_name,
            }
        )
    return timezones.to_utc(local_date, local_time, zone_name)


def _publish_steps(account: Account) -> list[tuple[timedelta, int]]:
    """(window, publications allowed in it) for each budget of the account's network."""
    from ..platforms.base import Action

    platform = account_services.platform_for(account.platform)
    costs = platform.cost(Action.PUBLISH, None)
    steps = []
    for budget in platform.BUDGETS:
        cost = costs.get(budget.name, 0)
        if cost > 0:
            steps.append((budget.window, max(budget.capacity // cost, 1)))
    return steps


def spread_due_at(
    account: Account, wanted: datetime, *, moving: Delivery | None = None
) -> datetime:
    """The first time from `wanted` on at which one more publication fits every
    budget of the account, counting its deliveries already scheduled (but not
    `moving`, the one being rescheduled)."""
    steps = _publish_steps(account)
    if not steps:
        return wanted
    widest = max(window for window, _allowed in steps)
    rows = Delivery.objects.filter(
        account=account,
        status__in=Delivery.UNDELIVERED,
        due_at__gt=wanted - widest,
        due_at__lt=wanted + widest * MAX_SPREAD_STEPS,
    )
    if moving is not None:
        rows = rows.exclude(pk=moving.pk)
    scheduled = sorted(rows.values_list("due_at", flat=True))
    candidate = wanted
    for _step in range(MAX_SPREAD_STEPS):
        later = candidate
        for window, allowed in steps:
            inside = [at for at in scheduled if candidate - window < at <= candidate]
            if len(inside) >= allowed:
                # The moment enough of them have left the window for one more.
                later = max(later, inside[len(inside) - allowed] + window)
        if later == candidate:
            return candidate
        candidate = later
    raise posts.PostError(
        _("%(account)s has no room in its network's limits near that time.")
        % {"account": str(account)}
    )


@transaction.atomic
def schedule_at_local_time(
    post: Post,
    *,
    accounts: Iterable[Account],
    local_date: date,
    local_time: time,
    time_zone: str = "",
    user: AbstractBaseUser | None = None,
    spread: bool = False,
    not_after_delay: timedelta | None = None,
) -> list[Delivery]:
    """One delivery per account at `local_time` on `local_date` in `time_zone`, or,
    when no zone is given, in each account audience's own zone. With `spread`, each
    account's time is moved later while its budgets are full (a wave). A delivery
    not out `not_after_delay` after its time expires (default: the setting)."""
    deliveries: list[Delivery] = []
    problems: list[str] = []
    adds_accounts = posts.already_scheduled(post)
    for account in accounts:
        zone_name = time_zone or account.time_zone
        try:
            wanted = local_due_at(local_date, local_time, zone_name)
            due_at = spread_due_at(account, wanted) if spread else wanted
            local = timezones.in_zone(due_at, zone_name)
            made = posts.schedule_post(
                post,
                accounts=[account],
                due_at=due_at,
                not_after=due_at + not_after_delay if not_after_delay else None,
                user=user,
                adds_accounts=adds_accounts,
            )
        except posts.PostError as error:
            problems += error.messages
            continue
        for delivery in made:
            delivery.local_date = local.date()
            delivery.local_time = local.time()
            delivery.time_zone = zone_name
            delivery.save(update_fields=["local_date", "local_time", "time_zone"])
        deliveries += made
    if problems:
        raise posts.PostError(problems)
    if post.repeats:
        from . import recurrence

        recurrence.materialise(post=post)
    return deliveries


def _wave_languages(accounts: Sequence[Account]) -> list[str]:
    return sorted({account.language for account in accounts})


@transaction.atomic
def create_wave(
    *,
    accounts: Sequence[Account],
    local_date: date,
    local_time: time,
    author: AbstractBaseUser | None,
    story: Story | None = None,
    fact_id: str = "",
    submit: bool = True,
) -> Post:
    """A post from a story (consent checked now, and again before each publication)
    or a data fact, in the accounts' languages, scheduled as a wave and submitted
    for approval. Everything or nothing: a problem for one account stops the wave."""
    if not accounts:
        raise posts.PostError(_("Choose at least one account."))
    languages = _wave_languages(accounts)
    if story is not None:
        post = posts.create_story_post(story, author=author, languages=languages)
    elif fact_id:
        post = posts.create_fact_post(fact_id, author=author, languages=languages)
    else:
        raise posts.PostError(_("Choose a story or a data fact."))
    schedule_at_local_time(
        post,
        accounts=accounts,
        local_date=local_date,
        local_time=local_time,
        user=author,
        spread=True,
    )
    if submit:
        post = posts.submit_for_approval(post, user=author)
    return post


@transaction.atomic
def reschedule_at_local_time(
    delivery: Delivery,
    *,
    local_date: date,
    local_time: time,
    time_zone: str,
    user: AbstractBaseUser | None,
) -> Delivery:
    """A new local time for a delivery not out yet. The budgets are checked again
    (the account's other deliveries may fill the new hour); `reschedule_delivery`
    sends an approved post back to approval (the time is part of what was approved)."""
    due_at = local_due_at(local_date, local_time, time_zone)
    account = delivery.account
    if spread_due_at(account, due_at, moving=delivery) != due_at:
        raise posts.PostError(
            _(
                "%(account)s already has as many posts near that time as its network "
                "allows: choose a later time."
            )
            % {"account": str(account)}
        )
    delivery = posts.reschedule_delivery(delivery, due_at=due_at, user=user)
    delivery.local_date = local_date
    delivery.local_time = local_time
    delivery.time_zone = time_zone
    delivery.save(update_fields=["local_date", "local_time", "time_zone"])
    return delivery


def rederive_local_times(now: datetime | None = None) -> int:
    """Derive `due_at` again from the local time and zone of every delivery not out
    yet; returns how many moved (a zone's rules changed in the tz database)."""
    moment = now or timezone.now()
    moved = 0
    rows = Delivery.objects.filter(
        status=Delivery.Status.SCHEDULED,
        local_date__isnull=False,
        local_time__isnull=False,
        due_at__gte=moment - timedelta(days=2),
    ).exclude(time_zone="")
    for delivery in rows.iterator():
        if delivery.local_date is None or delivery.local_time is None:
            continue
        due_at = timezones.to_utc(
            delivery.local_date, delivery.local_time, delivery.time_zone
        )
        if due_at == delivery.due_at:
            continue
        shift = due_at - delivery.due_at
        changed = Delivery.objects.filter(
            pk=delivery.pk, status=Delivery.Status.SCHEDULED, due_at=delivery.due_at
        ).update(
            due_at=due_at,
            next_attempt_at=due_at,
            not_after=max(delivery.not_after + shift, default_not_after(due_at)),
        )
        moved += changed
    return moved
