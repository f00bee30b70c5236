"""Who is told about a post's approval, by e-mail in their admin language.

One mail per person per post event, after the transaction commits (a rolled-back
change tells nobody): when a post starts waiting for approval (submitted, or sent
back to approval by a change) every active Campaign approver with an address who
did not write it and did not make the change; when an approver sends a post back,
its author, with the comment. A post already waiting that changes again tells
nobody again (its approvers were told when it started waiting). The dashboard
panel (`awaiting_for`) lists the same posts for each approver.

    on_awaiting_approval(post, *, user) -> None
    on_sent_back(post, *, user) -> None
    approvers_for(post, *, exclude=()) -> list[User]
    awaiting_for(user) -> list[Post]
    send_awaiting_approval(post_id, *, actor_id=None) -> int
    send_sent_back(post_id) -> int
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from wagtail.users.models import UserProfile

from migrantscount.core.services.mail import send_templated_mail
from migrantscount.core.services.roles import CAMPAIGN_APPROVERS

from ..models import Post

logger = logging.getLogger(__name__)


def on_awaiting_approval(post: Post, *, user: AbstractBaseUser | None) -> None:
    actor_id = user.pk if user is not None else None
    transaction.on_commit(partial(send_awaiting_approval, post.pk, actor_id=actor_id))


def on_sent_back(post: Post, *, user: AbstractBaseUser | None) -> None:
    transaction.on_commit(partial(send_sent_back, post.pk))


def approvers_for(post: Post, *, exclude: Iterable[Any] = ()) -> list[Any]:
    """Active Campaign approvers with an address, never the post's author."""
    skip = {pk for pk in [post.author_id, *exclude] if pk is not None}
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CAMPAIGN_APPROVERS)
        .exclude(email="")
        .exclude(pk__in=skip)
        .distinct()
        .order_by("pk")
    )
    return list(users)


def awaiting_for(user: Any) -> list[Post]:
    """Posts waiting for approval that this user may approve (not their own)."""
    if not user.is_active:
        return []
    if not (user.is_superuser or user.groups.filter(name=CAMPAIGN_APPROVERS).exists()):
        return []
    return list(
        Post.objects.filter(status=Post.Status.AWAITING_APPROVAL)
        .filter(~Q(author_id=user.pk) | Q(author_id__isnull=True))
        .select_related("author")
        .order_by("updated_at", "pk")
    )


def _post_url(post: Post) -> str:
    return str(settings.SITE_URL) + reverse("social_admin:post", args=[post.pk])


def _send(user: Any, post: Post, *, kind: str) -> None:
    language = UserProfile.get_for_user(user).get_preferred_language()
    send_templated_mail(
        to=[user.email],
        template_prefix=f"social/emails/{kind}",
        context={
            "post": str(post),
            "post_url": _post_url(post),
            "author": post.author.get_username() if post.author else "",
            "note": post.review_note,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
        language=language,
    )


def send_awaiting_approval(post_id: int, *, actor_id: int | None = None) -> int:
    """One mail to each approver who may approve the post; returns how many."""
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None or post.status != Post.Status.AWAITING_APPROVAL:
        return 0
    users = approvers_for(post, exclude=[actor_id])
    for user in users:
        _send(user, post, kind="awaiting_approval")
    logger.info("Told %s approvers that post %s awaits approval", len(users), post_id)
    return len(users)


def send_sent_back(post_id: int) -> int:
    """One mail to the author of a post sent back, with the approver's comment."""
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None or post.status != Post.Status.REJECTED or post.author is None:
        return 0
    if not post.author.is_active or not post.author.email:
        return 0
    _send(post.author, post, kind="sent_back")
    return 1
