"""The dispatcher: claims due deliveries and publishes each exactly once.

`run_once(worker)` is one pass; `manage.py dispatch` calls it in a loop (polling at
most every SOCIAL_DISPATCH_POLL_SECONDS). Several dispatchers may run at once:

- **Claims** are atomic: `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, then a
  conditional UPDATE (status unchanged) that must change exactly one row; SQLite
  relies on the conditional UPDATE alone. Every later write is conditional on the
  row still being "publishing"/"deleting" and claimed by this worker.
- **Never twice**: `sent_at` is written before the first network call; the
  idempotency key was fixed when the delivery was created and is reused on every
  retry; after an ambiguous failure (timeout, 5xx, a killed worker) the delivery is
  "unconfirmed" and the next claim asks the network (`lookup`) before anything is
  sent again.
- **Re-checks at publish time**: global and account pause switches, the account's
  state, the post's approval, its source unchanged since it was recorded, the
  story's consent, `not_after`, the network's own validation.
- **Within the limits**: per-account token buckets (services/pacing.py) from each
  network's documented budgets; 429s and rate-limit headers put the whole account
  on hold until the time the network gave.
- **Recovery**: rows left "publishing" by a dead dispatcher (its process gone on
  this host, or claimed longer than SOCIAL_STUCK_PUBLISHING_SECONDS ago) become
  "unconfirmed" (or "scheduled" if nothing was ever sent); "deleting" rows go back
  to "delete pending" (deleting is idempotent).

Deletions (take-downs) and lookups go on while sending is paused: they put nothing
new out.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, close_old_connections, transaction
from django.db import connection as db_connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit
from ..models import (
    Account,
    Delivery,
    DispatchSwitch,
    HashtagRule,
    Post,
    PostText,
    VariantText,
)
from ..platforms import EXPORT_ONLY_NETWORKS
from . import accounts, consent, pacing, posts, spending, tokens

if TYPE_CHECKING:
    from ..platforms.base import Connection, Draft, Platform, RemoteRef

logger = logging.getLogger(__name__)

CHANNEL = "social_dispatch"
Status = Delivery.Status

# Accounts this process must not call before a time (a 429, headers at zero, or
# their lookup/delete tokens spent): all their rows are skipped by its claims.
_BLOCKED: dict[int, datetime] = {}
# Accounts whose publication tokens this process found spent, until when: the rest
# of a batch's publications of them are put back without a spend. (Other processes
# see the same hold in `Account.paced_until`.)
_PACED: dict[int, datetime] = {}
# Rows read per claimed row: the claim then spreads a batch over accounts.
CANDIDATES_PER_ROW = 3
# The last claim found due rows but claimed none (held by another dispatcher, or
# not payable): the loop looks again at once instead of waiting a poll.
_contended = False


@dataclass
class RunResult:
    """What one pass did (counts per outcome)."""

    claimed: int = 0
    published: int = 0
    unconfirmed: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0
    cancelled: int = 0
    expired: int = 0
    deleted: int = 0
    manual_takedown: int = 0
    swept: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def busy(self) -> bool:
        return bool(self.claimed or self.swept or self.expired)


@dataclass(frozen=True)
class Claim:
    delivery_id: int
    previous: str  # the status it was claimed from
    claimed_at: datetime


def forget_holds() -> None:
    """Drop this process's memory of account holds (tests; the database keeps its
    own: `rate_limited_until`, `paced_until`)."""
    _BLOCKED.clear()
    _PACED.clear()


def default_worker_id() -> str:
    """host:pid:nonce; the sweep recognises rows of a dead process on this host."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def wake() -> None:
    """Tell a waiting dispatcher to look now (PostgreSQL NOTIFY; elsewhere it polls)."""
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")


# --- One pass -----------------------------------------------------------------


def run_once(worker: str | None = None, *, limit: int | None = None) -> RunResult:
    """Sweep stuck rows, expire overdue ones, then claim and handle what is due."""
    worker = worker or default_worker_id()
    result = RunResult()
    result.swept = sweep_stuck()
    result.expired += expire_overdue()
    claims = claim_due(worker, limit=limit or settings.SOCIAL_DISPATCH_BATCH)
    result.claimed = len(claims)
    context = PassContext()
    for claim in claims:
        try:
            handle(claim, worker, result, context)
        except Exception as error:  # a bug must not stop the loop or lose the row
            logger.exception("Dispatch of delivery %s failed", claim.delivery_id)
            result.errors.append(f"{claim.delivery_id}: {error!r}")
            _release_after_crash(claim, worker, error)
    return result


def sweep_stuck(*, now: datetime | None = None) -> int:
    """Recover rows a dead dispatcher left "publishing"/"deleting"."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SOCIAL_STUCK_PUBLISHING_SECONDS)
    held = Delivery.objects.filter(status__in=[Status.PUBLISHING, Status.DELETING])
    stale = list(
        held.filter(claimed_at__lt=cutoff).values_list(
            "pk", "status", "claimed_at", "sent_at"
        )
    )
    host = socket.gethostname()
    seen = {row[0] for row in stale}
    for pk, status, claimed_at, sent_at, claimed_by in held.filter(
        claimed_by__startswith=f"{host}:"
    ).values_list("pk", "status", "claimed_at", "sent_at", "claimed_by"):
        if pk not in seen and not _process_alive(claimed_by):
            stale.append((pk, status, claimed_at, sent_at))
    swept = 0
    for pk, status, claimed_at, sent_at in stale:
        if status == Status.DELETING:
            values: dict[str, Any] = {"status": Status.DELETE_PENDING}
        elif sent_at is None:
            # Nothing was ever sent for it: it can simply be claimed again.
            values = {"status": Status.SCHEDULED}
        else:
            values = {
                "status": Status.UNCONFIRMED,
                "last_error": _(
                    "The dispatcher stopped during the call; the network is checked "
                    "before anything is sent again."
                ),
            }
        swept += Delivery.objects.filter(
            pk=pk, status=status, claimed_at=claimed_at
        ).update(
            claimed_by="",
            claimed_at=None,
            next_attempt_at=now,
            updated_at=now,
            **values,
        )
    if swept:
        logger.warning("Recovered %s deliveries left in flight by a dispatcher", swept)
    return swept


def _process_alive(claimed_by: str) -> bool:
    try:
        pid = int(claimed_by.split(":")[1])
    except (IndexError, ValueError):
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def expire_overdue(*, now: datetime | None = None) -> int:
    """Scheduled deliveries past their 'not after' time are expired, not sent."""
    now = now or timezone.now()
    # An export-only channel's delivery stays in its day's pack (posted by hand).
    rows = Delivery.objects.filter(status=Status.SCHEDULED, not_after__lt=now)
    return rows.exclude(account__platform__in=EXPORT_ONLY_NETWORKS).update(
        status=Status.EXPIRED,
        claimed_by="",
        claimed_at=None,
        sent_text="",
        updated_at=now,
    )


def _claimable(now: datetime, *, paused: bool) -> Q:
    not_limited = Q(account__rate_limited_until__isnull=True) | Q(
        account__rate_limited_until__lte=now
    )
    not_paced = Q(account__paced_until__isnull=True) | Q(account__paced_until__lte=now)
    usable = Q(account__status=Account.Status.ACTIVE) & not_limited
    lookups = Q(status=Status.UNCONFIRMED) & usable
    deletes = Q(status=Status.DELETE_PENDING) & (
        not_limited | ~Q(account__status=Account.Status.ACTIVE)
    )
    condition = lookups | deletes
    if not paused:
        condition |= (
            Q(
                status=Status.SCHEDULED,
                account__is_paused=False,
                not_after__gte=now,
            )
            & ~Q(account__platform__in=EXPORT_ONLY_NETWORKS)
            & posts.cleared_q()
            & usable
            & not_paced
        )
    return condition


def claim_due(worker: str, *, limit: int = 20) -> list[Claim]:
    """Claim up to `limit` due rows for this worker (atomically; see module doc).

    Unconfirmed rows first (their lookups stay short and cheap), then deletions,
    then publications, each oldest due first; accounts on hold (a rate limit, or
    their pacing tokens spent: `paced_until`) keep their rows out of the claim. The
    batch is spread over accounts and holds no more publications of an account
    than its pacing buckets can pay now, so rows are not claimed only to be put
    back.
    """
    now = timezone.now()
    for held in (_BLOCKED, _PACED):
        for account_id, until in list(held.items()):
            if until <= now:
                del held[account_id]
    priority = Case(
        When(status=Status.UNCONFIRMED, then=Value(0)),
        When(status=Status.DELETE_PENDING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    claimable = (
        Delivery.objects.filter(next_attempt_at__lte=now)
        .filter(_claimable(now, paused=accounts.dispatch_paused()))
        .exclude(account_id__in=list(_BLOCKED))
        .exclude(account_id__in=list(_PACED), status=Status.SCHEDULED)
    )
    # Round robin over accounts within each priority: every account's oldest row,
    # then every account's second, ... so a busy account's backlog never fills the
    # window ahead of another account's due row.
    ranked = (
        claimable.annotate(claim_priority=priority)
        .annotate(
            claim_rank=Window(
                RowNumber(),
                partition_by=[F("account_id"), F("claim_priority")],
                order_by=[F("next_attempt_at").asc(), F("pk").asc()],
            )
        )
        .order_by("claim_priority", "claim_rank", "next_attempt_at", "pk")
    )
    fields = ("pk", "status", "account_id", "account__platform")
    rows = list(ranked.values_list(*fields)[: limit * CANDIDATES_PER_ROW])
    global _contended
    _contended = False
    if not rows:
        return []
    if db_connection.vendor == "postgresql":
        with transaction.atomic():
            locked = set(
                claimable.filter(pk__in=[row[0] for row in rows])
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", flat=True)
            )
            claims = _claim_rows(
                _pick([row for row in rows if row[0] in locked], limit, now),
                worker,
                now,
            )
    else:
        claims = _claim_rows(_pick(rows, limit, now), worker, now)
    # Another dispatcher held the rows this one wanted: look again at once.
    _contended = not claims
    return claims


def _pick(
    rows: list[tuple[int, str, int, str]], limit: int, now: datetime
) -> list[tuple[int, str]]:
    """Up to `limit` of the candidate rows (in their order): first a fair share per
    account, then the rest; publications no more than the account can pay now."""
    from ..platforms.base import Action

    room: dict[int, int] = {}
    by_platform: dict[str, set[int]] = {}
    for _pk, status, account_id, platform_key in rows:
        if status == Status.SCHEDULED:
            by_platform.setdefault(platform_key, set()).add(account_id)
    for platform_key, account_ids in by_platform.items():
        try:
            platform = accounts.platform_for(platform_key)
        except ValidationError:
            continue
        affordable = pacing.affordable(
            sorted(account_ids),
            platform.cost(Action.PUBLISH, None),
            platform.BUDGETS,
            now=now,
        )
        for account_id, (count, wait) in affordable.items():
            room[account_id] = count
            if count == 0 and wait > 0:
                _pace(account_id, now + timedelta(seconds=wait))
    share = -(-limit // max(len({row[2] for row in rows}), 1))
    taken: dict[int, int] = {}
    publications: dict[int, int] = {}
    chosen: set[int] = set()
    for fair in (True, False):
        for pk, status, account_id, _platform in rows:
            if len(chosen) >= limit:
                break
            if pk in chosen or (fair and taken.get(account_id, 0) >= share):
                continue
            if status == Status.SCHEDULED:
                if publications.get(account_id, 0) >= room.get(account_id, limit):
                    continue
                publications[account_id] = publications.get(account_id, 0) + 1
            taken[account_id] = taken.get(account_id, 0) + 1
            chosen.add(pk)
    return [(pk, status) for pk, status, _account, _platform in rows if pk in chosen]


def _claim_rows(rows: list[tuple[int, str]], worker: str, now: datetime) -> list[Claim]:
    """One conditional UPDATE per status claimed from (rows locked on PostgreSQL:
    it changes them all; on SQLite a row another dispatcher took meanwhile is not
    changed, and only the rows this claim did change are returned)."""
    new_status: dict[str, str] = {
        Status.SCHEDULED: Status.PUBLISHING,
        Status.UNCONFIRMED: Status.PUBLISHING,
        Status.DELETE_PENDING: Status.DELETING,
    }
    claimed: set[int] = set()
    for status in {status for _pk, status in rows}:
        group = [pk for pk, row_status in rows if row_status == status]
        changed = Delivery.objects.filter(pk__in=group, status=status).update(
            status=new_status[status], claimed_by=worker, claimed_at=now, updated_at=now
        )
        if changed == len(group):
            claimed.update(group)
        elif changed:
            claimed.update(
                Delivery.objects.filter(
                    pk__in=group,
                    status=new_status[status],
                    claimed_by=worker,
                    claimed_at=now,
                ).values_list("pk", flat=True)
            )
    return [Claim(pk, status, now) for pk, status in rows if pk in claimed]


def run_forever(
    worker: str | None = None,
    *,
    poll: float | None = None,
    stop: Callable[[], bool] = lambda: False,
    until_idle: bool = False,
) -> None:
    """Pass after pass: at once while there is work, otherwise after `poll` seconds
    (at most SOCIAL_DISPATCH_POLL_SECONDS) or a PostgreSQL NOTIFY, until `stop()`."""
    worker = worker or default_worker_id()
    limit = float(settings.SOCIAL_DISPATCH_POLL_SECONDS)
    poll = min(poll if poll is not None else limit, limit)
    listening = False
    while not stop():
        try:
            result = run_once(worker)
        except DatabaseError:
            logger.exception("Dispatcher pass failed; retrying")
            close_old_connections()
            listening = False
            time.sleep(poll)
            continue
        if until_idle and not result.busy:
            return
        if result.claimed:
            continue
        if _contended:
            time.sleep(0.01)
            continue
        listening = _wait(_idle_seconds(poll), listening)


def _idle_seconds(poll: float) -> float:
    """How long an idle dispatcher may wait: `poll`, or less when a row becomes due
    or an account's hold ends sooner (so a due delivery does not wait a full poll)."""
    now = timezone.now()
    try:
        due = (
            Delivery.objects.filter(
                status__in=[
                    Status.SCHEDULED,
                    Status.UNCONFIRMED,
                    Status.DELETE_PENDING,
                ],
                next_attempt_at__gt=now,
            )
            .order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        ends = Account.objects.filter(
            Q(paced_until__gt=now) | Q(rate_limited_until__gt=now)
        ).aggregate(paced=Min("paced_until"), limited=Min("rate_limited_until"))
    except DatabaseError:
        close_old_connections()
        return poll
    moments = [
        moment
        for moment in (due, ends["paced"], ends["limited"])
        if moment is not None and moment > now
    ]
    if not moments:
        return poll
    return max(0.01, min(poll, (min(moments) - now).total_seconds() + 0.005))


def _wait(poll: float, listening: bool) -> bool:
    """Sleep up to `poll` seconds, less when PostgreSQL notifies `CHANNEL`."""
    if db_connection.vendor != "postgresql":
        time.sleep(poll)
        return False
    try:
        if not listening:
            with db_connection.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
        raw = db_connection.connection
        if raw is None:
            time.sleep(poll)
            return False
        for _notice in raw.notifies(timeout=poll, stop_after=1):
            pass
        return True
    except DatabaseError:
        close_old_connections()
        time.sleep(poll)
        return False


# --- Handling one claimed row -------------------------------------------------


def _mine(claim: Claim, worker: str, status: str = Status.PUBLISHING) -> Any:
    return Delivery.objects.filter(
        pk=claim.delivery_id, status=status, claimed_by=worker
    )


def _release(
    claim: Claim, worker: str, *, to: str, held: str = Status.PUBLISHING, **values: Any
) -> bool:
    now = timezone.now()
    if to not in (Status.PUBLISHING, Status.DELETING):
        values.setdefault("claimed_by", "")
        values.setdefault("claimed_at", None)
    if to in (
        Status.PUBLISHED,
        Status.FAILED,
        Status.EXPIRED,
        Status.CANCELLED,
        Status.DELETED,
        Status.MANUAL_TAKEDOWN,
    ):
        values.setdefault("sent_text", "")
    return bool(_mine(claim, worker, held).update(status=to, updated_at=now, **values))


def _release_after_crash(claim: Claim, worker: str, error: Exception) -> None:
    """An unexpected exception: the outcome is unknown, so check before resending."""
    message = _("Internal error: %(error)s") % {"error": type(error).__name__}
    retry = timezone.now() + backoff(1)
    if claim.previous == Status.DELETE_PENDING:
        _release(
            claim,
            worker,
            to=Status.DELETE_PENDING,
            held=Status.DELETING,
            next_attempt_at=retry,
            last_error=message,
        )
        return
    row = Delivery.objects.filter(pk=claim.delivery_id).values("sent_at").first()
    target = Status.SCHEDULED if row and row["sent_at"] is None else Status.UNCONFIRMED
    _release(claim, worker, to=target, next_attempt_at=retry, last_error=message)


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with jitter: base · 2^(n-1), capped, in [½, 1] of it."""
    base = float(settings.SOCIAL_RETRY_BASE_SECONDS)
    cap = float(settings.SOCIAL_RETRY_MAX_SECONDS)
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=delay / 2 + random.uniform(0, delay / 2))  # noqa: S311


class PassContext:
    """What one pass reads once for all its rows: the hashtag rules and the
    audience languages of each account (content, not a publish-time check)."""

    def __init__(self) -> None:
        self._rules: list[HashtagRule] | None = None
        self._languages: dict[int, set[str]] = {}

    def hashtag(self, account: Account, language: str) -> str:
        if self._rules is None:
            self._rules = list(HashtagRule.objects.all())
        if account.pk not in self._languages:
            self._languages[account.pk] = posts.audience_languages(account)
        return posts.hashtag_for(
            account,
            language,
            rules=self._rules,
            country_languages=self._languages[account.pk],
        )


def _load(delivery_id: int) -> Delivery:
    """The row with its post, account and text, and the global pause switch, in one
    query: read after the claim, so every check below sees the state of now."""
    text = PostText.objects.filter(
        post_id=OuterRef("post_id"), language=OuterRef("language")
    )
    own = VariantText.objects.filter(
        post_id=OuterRef("post_id"), account_id=OuterRef("account_id")
    )
    return (
        Delivery.objects.select_related("post", "post__image", "post__story", "account")
        .annotate(
            dispatch_paused=Exists(DispatchSwitch.objects.filter(pk=1, is_paused=True)),
            text_pk=Subquery(text.values("pk")[:1]),
            text_body=Subquery(text.values("body")[:1]),
            text_alt=Subquery(text.values("alt_text")[:1]),
            own_body=Subquery(own.values("body")[:1]),
            own_alt=Subquery(own.values("alt_text")[:1]),
        )
        .get(pk=delivery_id)
    )


def _texts(delivery: Delivery) -> list[PostText]:
    """The delivery's text as `_load` read it: the account's own text if it has
    one (services/overrides.py), else its language's (none: no text)."""
    if getattr(delivery, "own_body", None) is not None:
        return [
            PostText(
                post_id=delivery.post_id,
                language=delivery.language,
                body=getattr(delivery, "own_body", "") or "",
                alt_text=getattr(delivery, "own_alt", "") or "",
            )
        ]
    if getattr(delivery, "text_pk", None) is None:
        return []
    return [
        PostText(
            pk=getattr(delivery, "text_pk"),  # noqa: B009 (an annotation)
            post_id=delivery.post_id,
            language=delivery.language,
            body=getattr(delivery, "text_body", "") or "",
            alt_text=getattr(delivery, "text_alt", "") or "",
        )
    ]


def handle(
    claim: Claim, worker: str, result: RunResult, context: PassContext | None = None
) -> None:
    delivery = _load(claim.delivery_id)
    if claim.previous == Status.DELETE_PENDING:
        _delete(delivery, claim, worker, result)
    else:
        _publish(delivery, claim, worker, result, context or PassContext())


def _after_call(
    account: Account, connection: Connection, platform: Platform, now: datetime
) -> None:
    """Keep refreshed tokens and rate-limit headers; honour "0 remaining"."""
    account.store_connection(connection)
    limit = connection.rate_limit
    if (
        limit is not None
        and limit.remaining is not None
        and limit.remaining <= 0
        and limit.reset_at is not None
        and limit.reset_at > now
    ):
        _hold_account(account, limit.reset_at)


def _hold_account(account: Account, until: datetime) -> None:
    """Nothing more to this account until `until` (the network said so)."""
    Account.objects.filter(pk=account.pk).filter(
        Q(rate_limited_until__isnull=True) | Q(rate_limited_until__lt=until)
    ).update(rate_limited_until=until)
    _BLOCKED[account.pk] = max(until, _BLOCKED.get(account.pk, until))


def _account_held_until(account: Account, now: datetime) -> datetime | None:
    """When the account may be called again, if not now (a 429, headers at zero,
    or this process found its pacing tokens spent)."""
    limits = [
        until
        for until in (account.rate_limited_until, _BLOCKED.get(account.pk))
        if until is not None and until > now
    ]
    return max(limits) if limits else None


def _spend(
    delivery: Delivery, platform: Platform, action: Any, draft: Draft | None
) -> tuple[float, dict[str, int]]:
    from ..platforms.base import Action

    costs = platform.cost(action, draft)
    wait = pacing.try_spend(delivery.account_id, costs, platform.BUDGETS)
    if wait > 0:
        until = timezone.now() + timedelta(seconds=wait)
        if action == Action.PUBLISH:
            _pace(delivery.account_id, until)
        else:
            _BLOCKED[delivery.account_id] = until
    return wait, costs


def _pace(account_id: int, until: datetime) -> None:
    """No publication of this account is claimed (by any dispatcher) before
    `until`, when its pacing tokens are back."""
    Account.objects.filter(pk=account_id).filter(
        Q(paced_until__isnull=True) | Q(paced_until__lt=until)
    ).update(paced_until=until)
    _PACED[account_id] = max(until, _PACED.get(account_id, until))


def _paced_until(account: Account, now: datetime) -> datetime | None:
    limits = [
        until
        for until in (account.paced_until, _PACED.get(account.pk))
        if until is not None and until > now
    ]
    return max(limits) if limits else None


def _draft(delivery: Delivery, context: PassContext, *, with_media: bool) -> Draft:
    return posts.draft_for(
        delivery,
        with_media=with_media,
        texts=_texts(delivery),
        hashtag=context.hashtag(delivery.account, delivery.language),
    )


def _lookup_draft(delivery: Delivery, context: PassContext) -> Draft:
    from ..platforms.base import Draft

    draft = _draft(delivery, context, with_media=False)
    if delivery.sent_text:
        return Draft(
            text=delivery.sent_text,
            language=delivery.language,
            link=draft.link if draft.link in delivery.sent_text else "",
            hashtags=tuple(
                tag for tag in draft.hashtags if f"#{tag}" in delivery.sent_text
            ),
            limit_replies=draft.limit_replies,
        )
    return draft


def _hold_reason(delivery: Delivery, now: datetime) -> tuple[str, str] | None:
    """Why this delivery must not go out now: (status to set, message), or None.

    "scheduled" keeps the schedule (it goes out when the hold ends, unless past
    'not after'); "cancelled"/"expired" end it.
    """
    post = delivery.post
    account = delivery.account
    if post.taken_down_at is not None or post.status == Post.Status.CANCELLED:
        return Status.CANCELLED, _("The post was cancelled or taken down.")
    if now > delivery.not_after:
        return Status.EXPIRED, _("Not sent before its 'not after' time.")
    paused = getattr(delivery, "dispatch_paused", None)
    if paused is None:
        paused = accounts.dispatch_paused()
    if paused:
        return Status.SCHEDULED, _("All sending is paused.")
    if account.status != Account.Status.ACTIVE:
        return Status.SCHEDULED, account.status_message or _(
            "The account is not connected."
        )
    if account.is_paused:
        return Status.SCHEDULED, _("The account is paused.")
    if not posts.is_cleared(post, account):
        return Status.SCHEDULED, _("The post is not approved.")
    if post.source_changed():
        posts.send_back_to_approval(post, reason="source changed")
        return Status.SCHEDULED, _(
            "Its source changed since approval: the post went back for approval."
        )
    if post.source_kind == Post.SourceKind.STORY:
        story = post.story
        if story is None or not posts.story_allows_social(story):
            # This occurrence and every later one are cancelled, published ones
            # taken down as a withdrawal does (a repeating post's too).
            consent.take_down_for_lost_consent(post)
            return Status.CANCELLED, _(
                "The story is no longer published or its consent no longer covers "
                "social networks."
            )
    return None


def _publish(
    delivery: Delivery,
    claim: Claim,
    worker: str,
    result: RunResult,
    context: PassContext,
) -> None:
    from ..platforms.base import Action, PlatformError

    account = delivery.account
    platform = accounts.platform_for(account.platform)
    # An OAuth token about to expire is renewed first (services/tokens.py).
    connection = tokens.fresh_connection(account)
    now = timezone.now()
    held_until = _account_held_until(account, now)
    if held_until is not None:
        # Another row of this batch ran into the account's rate limit.
        _release(claim, worker, to=claim.previous, next_attempt_at=held_until)
        result.deferred += 1
        return

    if claim.previous == Status.UNCONFIRMED:
        draft = _lookup_draft(delivery, context)
        wait, _costs = _spend(delivery, platform, Action.LOOKUP, draft)
        if wait > 0:
            _release(
                claim,
                worker,
                to=Status.UNCONFIRMED,
                next_attempt_at=now + timedelta(seconds=wait),
            )
            result.deferred += 1
            return
        try:
            ref = platform.lookup(
                connection,
                draft,
                idempotency_key=delivery.idempotency_key,
                sent_at=delivery.sent_at or delivery.created_at,
            )
        except PlatformError as error:
            _after_call(account, connection, platform, timezone.now())
            if error.needs_reconnect:
                accounts.mark_needs_reconnect(account, message=error.message)
            retry = timezone.now() + backoff(delivery.attempts or 1)
            if error.retry_at is not None:
                _hold_account(account, error.retry_at)
                retry = max(retry, error.retry_at)
            _release(
                claim,
                worker,
                to=Status.UNCONFIRMED,
                next_attempt_at=retry,
                last_error=error.message,
            )
            result.unconfirmed += 1
            return
        _after_call(account, connection, platform, timezone.now())
        spending.record(account, action=Action.LOOKUP, delivery=delivery)
        if ref is not None:
            # The lost answer's post is there: the network charged for it too.
            spending.record(
                account, action=Action.PUBLISH, draft=draft, delivery=delivery
            )
            _finish_published(delivery, claim, worker, ref, result)
            return
        # Not on the network: it may be sent again, after the same checks as any.

    hold = _hold_reason(delivery, timezone.now())
    if hold is not None:
        status, message = hold
        _release(claim, worker, to=status, last_error=message)
        if status == Status.CANCELLED:
            result.cancelled += 1
        elif status == Status.EXPIRED:
            result.expired += 1
        else:
            result.deferred += 1
        return

    paced = _paced_until(delivery.account, timezone.now())
    if paced is not None:
        # Its publication tokens are spent (seen by this or another dispatcher).
        _release(claim, worker, to=Status.SCHEDULED, next_attempt_at=paced)
        result.deferred += 1
        return
    draft = _draft(delivery, context, with_media=True)
    if not draft.text:
        _release(claim, worker, to=Status.CANCELLED, last_error=_("The text is empty."))
        result.cancelled += 1
        return
    problems = platform.validate(draft, connection)
    if problems:
        _release(claim, worker, to=Status.FAILED, last_error=" ".join(problems))
        result.failed += 1
        return
    wait, costs = _spend(delivery, platform, Action.PUBLISH, draft)
    if wait > 0:
        _release(
            claim,
            worker,
            to=Status.SCHEDULED,
            next_attempt_at=timezone.now() + timedelta(seconds=wait),
        )
        result.deferred += 1
        return

    # Written before the call: a crash from here on leaves a row the sweep turns
    # into "unconfirmed", so it is looked up before any resend.
    sent = timezone.now()
    if not _mine(claim, worker).update(
        sent_at=Coalesce(F("sent_at"), sent),
        sent_text=draft.text,
        attempts=F("attempts") + 1,
        updated_at=sent,
    ):
        pacing.refund(delivery.account_id, costs, platform.BUDGETS)
        return
    attempts = delivery.attempts + 1
    try:
        ref = platform.publish(
            connection, draft, idempotency_key=delivery.idempotency_key
        )
    except PlatformError as error:
        _after_call(account, connection, platform, timezone.now())
        _publish_failed(delivery, claim, worker, error, attempts, result)
        return
    _after_call(account, connection, platform, timezone.now())
    spending.record(account, action=Action.PUBLISH, draft=draft, delivery=delivery)
    _finish_published(delivery, claim, worker, ref, result)


def _publish_failed(
    delivery: Delivery,
    claim: Claim,
    worker: str,
    error: Any,
    attempts: int,
    result: RunResult,
) -> None:
    account = delivery.account
    now = timezone.now()
    if error.retry_at is not None:
        _hold_account(account, error.retry_at)
    if error.ambiguous:
        retry = now + backoff(attempts)
        if error.retry_at is not None:
            retry = max(retry, error.retry_at)
        _release(
            claim,
            worker,
            to=Status.UNCONFIRMED,
            next_attempt_at=retry,
            last_error=error.message,
        )
        result.unconfirmed += 1
        return
    if error.needs_reconnect:
        # The credential, not the post, was refused: the delivery waits for the
        # reconnection like the account's others (issue 17), not a failed attempt.
        accounts.mark_needs_reconnect(account, message=error.message)
        _release(
            claim,
            worker,
            to=Status.SCHEDULED,
            attempts=F("attempts") - 1,
            last_error=error.message,
        )
        result.deferred += 1
        return
    if error.permanent:
        _release(claim, worker, to=Status.FAILED, last_error=error.message)
        audit.log(
            audit.DELIVERY_FAILED,
            instance=delivery.post,
            data={"delivery": delivery.pk, "message": error.message},
        )
        result.failed += 1
        return
    if error.retry_at is not None:
        # Refused for the rate limit: not a failed attempt.
        _release(
            claim,
            worker,
            to=Status.SCHEDULED,
            next_attempt_at=error.retry_at,
            attempts=F("attempts") - 1,
            last_error=error.message,
        )
        result.deferred += 1
        return
    if attempts >= settings.SOCIAL_MAX_ATTEMPTS:
        message = _("Gave up after %(n)s attempts: %(message)s") % {
            "n": attempts,
            "message": error.message,
        }
        _release(claim, worker, to=Status.FAILED, last_error=message)
        result.failed += 1
        return
    _release(
        claim,
        worker,
        to=Status.SCHEDULED,
        next_attempt_at=now + backoff(attempts),
        last_error=error.message,
    )
    result.retried += 1


def _finish_published(
    delivery: Delivery, claim: Claim, worker: str, ref: RemoteRef, result: RunResult
) -> None:
    """Record the remote post; if the post was taken down meanwhile, it is to be
    deleted at once. The post row is locked first, so a concurrent take-down is
    either seen here or sees this row as published."""
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=delivery.post_id)
        values: dict[str, Any] = {
            "remote_id": ref.remote_id,
            "remote_uri": ref.uri,
            "remote_url": ref.url,
            "published_at": now,
            "last_error": "",
            "claimed_by": "",
            "claimed_at": None,
            "sent_text": "",
            "updated_at": now,
        }
        if post.takedown_deletes:
            values.update(
                status=Status.DELETE_PENDING,
                next_attempt_at=now,
                delete_requested_at=now,
                takedown_reason=post.takedown_reason,
                attempts=0,
            )
        else:
            values.update(status=Status.PUBLISHED, next_attempt_at=None)
        changed = _mine(claim, worker).update(**values)
        if not changed:
            # Swept while we were calling: record it unless another worker holds it
            # (its lookup will find the post).
            changed = Delivery.objects.filter(
                pk=delivery.pk, status=Status.UNCONFIRMED
            ).update(**values)
    if changed:
        result.published += 1
    else:
        logger.warning(
            "Delivery %s published as %s after its claim was lost",
            delivery.pk,
            ref.uri,
        )


# --- Deletions ----------------------------------------------------------------


def _delete(delivery: Delivery, claim: Claim, worker: str, result: RunResult) -> None:
    from ..platforms.base import Action, PlatformError, RemoteRef

    held = Status.DELETING
    account = delivery.account
    platform = accounts.platform_for(account.platform)
    if not platform.CAN_DELETE or account.status != Account.Status.ACTIVE:
        message = (
            _("%(network)s cannot delete posts: take it down by hand.")
            % {"network": platform.NAME}
            if not platform.CAN_DELETE
            else _("The account is not connected: take the post down by hand.")
        )
        _release(
            claim, worker, to=Status.MANUAL_TAKEDOWN, held=held, last_error=message
        )
        result.manual_takedown += 1
        return
    if not delivery.remote_id:
        _release(
            claim,
            worker,
            to=Status.MANUAL_TAKEDOWN,
            held=held,
            last_error=_(
                "No remote reference was recorded: find and delete it by hand."
            ),
        )
        result.manual_takedown += 1
        return
    now = timezone.now()
    held_until = _account_held_until(account, now)
    if held_until is not None:
        _release(
            claim,
            worker,
            to=Status.DELETE_PENDING,
            held=held,
            next_attempt_at=held_until,
        )
        result.deferred += 1
        return
    wait, _costs = _spend(delivery, platform, Action.DELETE, None)
    if wait > 0:
        _release(
            claim,
            worker,
            to=Status.DELETE_PENDING,
            held=held,
            next_attempt_at=now + timedelta(seconds=wait),
        )
        result.deferred += 1
        return
    connection = tokens.fresh_connection(account)
    ref = RemoteRef(
        remote_id=delivery.remote_id, uri=delivery.remote_uri, url=delivery.remote_url
    )
    _mine(claim, worker, held).update(attempts=F("attempts") + 1)
    attempts = delivery.attempts + 1
    try:
        platform.delete(connection, ref)
    except PlatformError as error:
        _after_call(account, connection, platform, timezone.now())
        if error.needs_reconnect:
            accounts.mark_needs_reconnect(account, message=error.message)
        if error.permanent:
            _release(
                claim,
                worker,
                to=Status.MANUAL_TAKEDOWN,
                held=held,
                last_error=error.message,
            )
            result.manual_takedown += 1
            return
        retry = timezone.now() + backoff(attempts)
        if error.retry_at is not None:
            _hold_account(account, error.retry_at)
            retry = error.retry_at
        _release(
            claim,
            worker,
            to=Status.DELETE_PENDING,
            held=held,
            next_attempt_at=retry,
            last_error=error.message,
        )
        result.retried += 1
        return
    _after_call(account, connection, platform, timezone.now())
    spending.record(account, action=Action.DELETE, delivery=delivery)
    _release(
        claim,
        worker,
        to=Status.DELETED,
        held=held,
        deleted_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
    )
    result.deleted += 1


# --- Health -------------------------------------------------------------------


def dispatch_lag_seconds(*, now: datetime | None = None) -> float:
    """Age of the oldest delivery that is due and nothing holds back (0: none):
    how far behind the dispatchers are. Paused accounts, unapproved posts and
    accounts needing reconnection are holds, not lag."""
    now = now or timezone.now()
    if accounts.dispatch_paused():
        return 0.0
    oldest = (
        Delivery.objects.filter(
            posts.cleared_q(),
            status__in=[Status.SCHEDULED, Status.PUBLISHING, Status.UNCONFIRMED],
            next_attempt_at__lte=now,
            not_after__gte=now,
            account__status=Account.Status.ACTIVE,
            account__is_paused=False,
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if oldest is None:
        return 0.0
    return round(max((now - oldest).total_seconds(), 0.0), 1)
