"""Withdrawals in the erasure ledger (core.services.ledger), so that restoring a
backup made before a withdrawal cannot bring the story back.

Each withdrawal, once committed, appends the submission's id, the time and the route
and reason codes (no content) to the ledger; after a restore, the replay withdraws
again every listed submission the restored database still holds unwithdrawn.
"""

from datetime import datetime
from functools import partial

from django.db import transaction

from migrantscount.core.services import ledger

from . import hooks
from .models import Submission

KIND = "stories.withdrawal"


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
    from . import services

    submission = Submission.objects.filter(pk=entry.record_id).first()
    if submission is None or submission.is_withdrawn:
        return False
    services.withdraw_submission(
        submission,
        route=entry.details.get("route") or Submission.WithdrawalRoute.SELF,
        reason=entry.details.get("reason", ""),
    )
    Submission.objects.filter(pk=entry.record_id).update(
        withdrawn_at=datetime.fromisoformat(entry.erased_at)
    )
    return True
