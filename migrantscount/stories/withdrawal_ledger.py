"""Withdrawals and narrowed consent in the erasure ledger (core.services.ledger), so
that restoring a backup made before them cannot bring a story, or a use the person
took back (social networks, press, interviews), back.

Each withdrawal, once committed, appends the submission's id, the time and the route
and reason codes (no content) to the ledger; after a restore, the replay withdraws
again every listed submission the restored database still holds unwithdrawn. Each
narrowing appends one entry per use removed (kind `stories.consent_narrowed.<use>`,
the submission's id, the time and the route); the replay removes that use again,
through `submissions.narrow_consent`, so its hooks take down what the use made.
"""

from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.db import transaction

from migrantscount.core.services import ledger

from . import hooks
from .models import Scope, Submission

KIND = "stories.withdrawal"
NARROWED_KIND = "stories.consent_narrowed"


@hooks.on_withdrawal
def record_withdrawal(submission: Submission) -> None:
    transaction.on_commit(partial(_record, submission.pk))


def _record(submission_id: int) -> None:
    row = (
        Submission.objects.filter(pk=submission_id, status=Submission.Status.WITHDRAWN)
        .values("withdrawn_at", "withdrawal_route", "withdrawal_reason")
        .first()
    )
    if row is None or row["withdrawn_at"] is None:
        return
    ledger.record_erasure(
        KIND,
        submission_id,
        erased_at=row["withdrawn_at"],
        route=row["withdrawal_route"],
        reason=row["withdrawal_reason"],
    )


@ledger.register_replay(KIND)
def withdraw_again(entry: ledger.LedgerEntry) -> bool:
    # A cycle: services.submissions records narrowings through this module.
    from .services import submissions

    submission = Submission.objects.filter(pk=entry.record_id).first()
    if submission is None or submission.is_withdrawn:
        return False
    submissions.withdraw_submission(
        submission,
        route=entry.details.get("route") or Submission.WithdrawalRoute.SELF,
        reason=entry.details.get("reason", ""),
    )
    Submission.objects.filter(pk=entry.record_id).update(
        withdrawn_at=datetime.fromisoformat(entry.erased_at)
    )
    return True


def narrowed_kind(scope: Scope) -> str:
    return f"{NARROWED_KIND}.{scope.value}"


def record_narrowing(
    submission_id: int, scopes: Iterable[Scope], *, route: str, narrowed_at: datetime
) -> None:
    """After the commit of submissions.narrow_consent: one entry per use removed."""
    scopes = list(scopes)

    def record() -> None:
        for scope in scopes:
            ledger.record_erasure(
                narrowed_kind(scope), submission_id, erased_at=narrowed_at, route=route
            )

    transaction.on_commit(record)


def _narrow_again(scope: Scope, entry: ledger.LedgerEntry) -> bool:
    # A cycle: services.submissions records narrowings through this module.
    from .services import submissions

    submission = Submission.objects.filter(pk=entry.record_id).first()
    if submission is None or not submission.consent_allows(scope):
        return False
    submissions.narrow_consent(
        submission,
        scopes=[scope],
        route=entry.details.get("route") or Submission.WithdrawalRoute.SELF,
    )
    return True


# A replay for every use; only those submissions.NARROWABLE_SCOPES allows are recorded.
for _scope in Scope:
    ledger.register_replay(narrowed_kind(_scope))(partial(_narrow_again, _scope))
