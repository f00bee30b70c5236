"""Taking down what was derived from a source, inside the caller's transaction.

No network call happens here (an outage must never block a withdrawal): rows are
changed, and the dispatcher deletes remotely after commit, paced by the delete
budgets. A delivery in flight ("publishing"/"unconfirmed") is left to the
dispatcher, which locks the post before writing its outcome and, seeing the
take-down, turns a publication into a deletion (dispatch._finish_published).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import audit
from ..models import Account, Delivery, Post, PostText

if TYPE_CHECKING:
    from wagtail.models import Page

    from migrantscount.stories.models import Story, Submission

REASON_WITHDRAWN = "consent_withdrawn"
REASON_CONSENT_NARROWED = "consent_narrowed"
REASON_UNPUBLISHED = "unpublished"
REASON_SAFETY = "safety"


@dataclass(frozen=True)
class TakeDown:
    posts: int
    cancelled: int
    delete_pending: int


def take_down_derived(
    *,
    story: Story | None = None,
    page: Page | None = None,
    story_keys: Sequence[object] | None = None,
    source_uids: Sequence[UUID] | None = None,
    reason: str,
    delete_published: bool = True,
) -> TakeDown:
    """Cancel, blank and (with `delete_published`) mark for deletion every post made
    from `story` (all its translations), `page`, or the sources social knows only
    by their owners' ids (`source_uids`: an interview's announcements).

    Scheduled deliveries are cancelled, the posts' texts and links blanked, the posts
    cancelled; published deliveries become "delete pending". Runs in the caller's
    transaction (opens one if there is none) and calls no network.
    """
    keys = list(story_keys or [])
    if story is not None:
        keys.append(story.translation_key)
    condition = Q(pk__in=[])
    if keys:
        condition |= Q(story_key__in=keys)
    if story is not None:
        condition |= Q(story=story)
    if page is not None:
        condition |= Q(page=page)
    if source_uids:
        condition |= Q(source_uid__in=list(source_uids))
    with transaction.atomic():
        return _take_down(
            Post.objects.filter(condition),
            reason=reason,
            delete_published=delete_published,
        )


# The idempotency key of a take-down only a person can do (`record_manual_takedown`):
# a reconnection does not hand it back to the dispatcher.
MANUAL_ONLY_KEY_PREFIX = "manual-"


def record_manual_takedown(
    *,
    account: Account,
    remote_id: str,
    url: str,
    title: str,
    reason: str,
    source_kind: str = Post.SourceKind.INTERVIEW,
    source_uid: UUID | None = None,
    error: str = "",
) -> Delivery:
    """Something on a network that must come down and could not be deleted
    automatically (a Facebook live video's recording the API refused to delete):
    listed under Manual takedowns with its address, for a person to remove and mark
    done. A cancelled, blanked post carries it; nothing is sent."""
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            title=title[:200],
            source_kind=source_kind,
            source_uid=source_uid,
            status=Post.Status.CANCELLED,
            taken_down_at=now,
            takedown_reason=reason,
            takedown_deletes=True,
        )
        delivery = Delivery.objects.create(
            post=post,
            account=account,
            occurrence=now,
            language=account.language,
            due_at=now,
            not_after=now,
            status=Delivery.Status.MANUAL_TAKEDOWN,
            remote_id=remote_id[:200],
            remote_uri=remote_id[:500],
            remote_url=url[:500],
            published_at=now,
            delete_requested_at=now,
            takedown_reason=reason,
            last_error=error,
            idempotency_key=f"{MANUAL_ONLY_KEY_PREFIX}{remote_id}"[:100],
        )
        audit.log(audit.POST_TAKEN_DOWN, instance=post, data={"reason": reason})
    return delivery


def take_down_for_lost_consent(post: Post) -> TakeDown:
    """The dispatcher found, at publish time, that the post's story may no longer
    go to social networks (no hook told it): the post is taken down as a
    withdrawal does, so this occurrence and every later one (a repeating post's)
    are cancelled. Published occurrences are deleted when the consent was
    withdrawn or narrowed; a story only unpublished keeps them, as unpublishing
    does."""
    from migrantscount.stories.models import Scope

    story = post.story
    submission = story.original_submission() if story is not None else None
    if story is None or (submission is not None and submission.is_withdrawn):
        reason, delete = REASON_WITHDRAWN, True
    elif submission is not None and not submission.consent_allows(Scope.SOCIAL):
        reason, delete = REASON_CONSENT_NARROWED, True
    else:
        reason, delete = REASON_UNPUBLISHED, False
    with transaction.atomic():
        return _take_down(
            Post.objects.filter(pk=post.pk), reason=reason, delete_published=delete
        )


def take_down_for_submission(submission: Submission, *, reason: str) -> TakeDown:
    """Everything made from any story of this submission (consent withdrawn)."""
    from migrantscount.stories.models import Story

    keys = list(
        Story.objects.filter(submission=submission)
        .values_list("translation_key", flat=True)
        .distinct()
    )
    condition = Q(source_submission_id=submission.pk)
    if keys:
        condition |= Q(story_key__in=keys)
    with transaction.atomic():
        return _take_down(
            Post.objects.filter(condition), reason=reason, delete_published=True
        )


def _take_down(
    posts_query: QuerySet[Post], *, reason: str, delete_published: bool
) -> TakeDown:
    now = timezone.now()
    # Locking the posts first orders this against a dispatcher finishing a
    # publication of one of them (it locks the post too before writing).
    posts = list(
        Post.objects.select_for_update()
        .filter(pk__in=posts_query.values("pk"))
        .order_by("pk")
    )
    if not posts:
        return TakeDown(posts=0, cancelled=0, delete_pending=0)
    ids = [post.pk for post in posts]
    for post in posts:
        post.status = Post.Status.CANCELLED
        post.taken_down_at = post.taken_down_at or now
        post.takedown_reason = reason
        post.takedown_deletes = post.takedown_deletes or delete_published
        post.link = ""
        post.image = None
        post.save(
            update_fields=[
                "status",
                "taken_down_at",
                "takedown_reason",
                "takedown_deletes",
                "link",
                "image",
                "updated_at",
            ]
        )
    PostText.objects.filter(post_id__in=ids).update(body="", alt_text="")
    cancelled = Delivery.objects.filter(
        post_id__in=ids, status=Delivery.Status.SCHEDULED
    ).update(
        status=Delivery.Status.CANCELLED,
        takedown_reason=reason,
        sent_text="",
        updated_at=now,
    )
    delete_pending = 0
    if delete_published:
        delete_pending = Delivery.objects.filter(
            post_id__in=ids, status=Delivery.Status.PUBLISHED
        ).update(
            status=Delivery.Status.DELETE_PENDING,
            takedown_reason=reason,
            delete_requested_at=now,
            next_attempt_at=now,
            attempts=0,
            last_error="",
            updated_at=now,
        )
    for post in posts:
        audit.log(
            audit.POST_TAKEN_DOWN,
            instance=post,
            data={"reason": reason, "delete_published": delete_published},
        )
    if delete_pending:
        from . import dispatch

        transaction.on_commit(dispatch.wake)
    return TakeDown(
        posts=len(posts), cancelled=cancelled, delete_pending=delete_pending
    )
