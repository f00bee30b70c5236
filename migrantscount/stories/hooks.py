"""The `on_withdrawal` hook: other apps erase what they derived from a submission.

When a person withdraws consent, `services.withdraw_submission` calls every
registered function with the submission, inside the withdrawal's transaction and
before the submission's own content is erased (so a hook can still find what it
made from it, by `submission.pk`). A hook must delete or cancel, never copy:

    # social/stories.py (imported from the app's ready())
    from migrantscount.stories.hooks import on_withdrawal

    @on_withdrawal
    def cancel_posts_for_submission(submission: Submission) -> None:
        Post.objects.filter(submission_id=submission.pk).update(status=CANCELLED)

A hook that raises rolls the whole withdrawal back: nothing is half-erased and the
person can try again.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Submission

WithdrawalHook = Callable[["Submission"], object]

WITHDRAWAL_HOOKS: list[WithdrawalHook] = []


def on_withdrawal(hook: WithdrawalHook) -> WithdrawalHook:
    if hook not in WITHDRAWAL_HOOKS:
        WITHDRAWAL_HOOKS.append(hook)
    return hook


def run_withdrawal_hooks(submission: "Submission") -> None:
    for hook in list(WITHDRAWAL_HOOKS):
        hook(submission)
