"""Registries through which other apps follow what happens to a story.

Stories never import those apps: each registers a function here, and stories call
every registered function at the right moment. All registries share one shape (a
module-level list, a decorator that registers and returns the function, a `run_*`
helper), and every hook runs **inside the caller's transaction**: it only changes
rows (cancel, blank, mark for deletion) and never calls a network; remote work
happens after commit, from those rows. A hook that raises rolls the caller's whole
action back.

- `on_withdrawal(submission)`: consent withdrawn; erase what was derived from it.
- `on_consent_narrowed(submission)`: the person removed a use (e.g. social
  networks) but kept the rest; take down what the removed use made (ask
  `submission.consent_allows(Scope.SOCIAL)`).
- `on_unpublished(story, delete_published)`: a story went offline; stop what is
  planned with it, and when a moderator asks for a safety reason, also take down
  what was already published from it.

When a person withdraws consent, `services.submissions.withdraw_submission` calls every
`on_withdrawal` function with the submission, before the submission's own content is
erased (so a hook can still find what it made from it, by `submission.pk`). A hook
must delete or cancel, never copy:

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
    from .models import Story, Submission

WithdrawalHook = Callable[["Submission"], object]
ConsentNarrowedHook = Callable[["Submission"], object]
UnpublishedHook = Callable[["Story", bool], object]

WITHDRAWAL_HOOKS: list[WithdrawalHook] = []
CONSENT_NARROWED_HOOKS: list[ConsentNarrowedHook] = []
UNPUBLISHED_HOOKS: list[UnpublishedHook] = []


def on_withdrawal(hook: WithdrawalHook) -> WithdrawalHook:
    if hook not in WITHDRAWAL_HOOKS:
        WITHDRAWAL_HOOKS.append(hook)
    return hook


def run_withdrawal_hooks(submission: "Submission") -> None:
    for hook in list(WITHDRAWAL_HOOKS):
        hook(submission)


def on_consent_narrowed(hook: ConsentNarrowedHook) -> ConsentNarrowedHook:
    """Register `hook(submission)`, called when a person removes a use.

    Called by `services.submissions.narrow_consent` inside its transaction, after the
    submission's consent ticks have changed (so `submission.consent_allows(scope)`
    is already False for every removed scope) and before it commits. The hook must
    only change rows and never call a network.
    """
    if hook not in CONSENT_NARROWED_HOOKS:
        CONSENT_NARROWED_HOOKS.append(hook)
    return hook


def run_consent_narrowed_hooks(submission: "Submission") -> None:
    for hook in list(CONSENT_NARROWED_HOOKS):
        hook(submission)


def on_unpublished(hook: UnpublishedHook) -> UnpublishedHook:
    """Register `hook(story, delete_published)`.

    Called inside the transaction that unpublishes a story (Wagtail's unpublish of
    the Story snippet), with `delete_published=False`: cancel what is planned. When
    a moderator asks to take down what was already published for a safety reason
    (`moderation.take_down_published_copies`), it is called again with
    `delete_published=True`. The hook must only change rows and never call a
    network.
    """
    if hook not in UNPUBLISHED_HOOKS:
        UNPUBLISHED_HOOKS.append(hook)
    return hook


def run_unpublished_hooks(story: "Story", *, delete_published: bool) -> None:
    for hook in list(UNPUBLISHED_HOOKS):
        hook(story, delete_published)
