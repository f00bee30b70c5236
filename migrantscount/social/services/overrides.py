"""Per-account text: one account's own text (and image description) for a post.

A post's text is per language (`PostText`); an officer may give one account its own
text without changing the others (`VariantText`). The preview, the check before
scheduling and what goes out all read it through `text_for`, so the variant's
count comes from the same `limits.measure` call as every other variant. An
over-long text is kept (nothing typed is lost) and reported on its variant; it
cannot be scheduled until it fits. Removing the override returns the variant to
the proposed text. Any change after approval sends the post back to approval.

A story's name form cannot be changed here: a story post's override must keep
the name its consent allows (or "Anonymous"), and may not contain a word of the
person's own name, or their guardian's, that the allowed form leaves out (a
surname, or any name when the story is anonymous).

    text_for(post, account) -> (body, alt_text, is_override)
    set_variant_text(post, *, account, body, alt_text, user) -> VariantText
    clear_variant_text(post, *, account, user) -> Post
    name_problems(post, body) -> list[str]
"""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import audit
from ..models import Account, Post, PostText, VariantText
from .posts import PostError, back_to_approval_if_approved, story_name

MAX_LENGTH = 70_000  # beyond every network's limit (Facebook 63,206)


def text_for(post: Post, account: Account) -> tuple[str, str, bool]:
    """The body and image description this account gets, and whether they are the
    account's own (an override) rather than its language's text."""
    override = VariantText.objects.filter(post=post, account=account).first()
    if override is not None:
        return override.body, override.alt_text, True
    text = PostText.objects.filter(post=post, language=account.language).first()
    if text is None:
        return "", "", False
    return text.body, text.alt_text, False


def _words(value: str) -> set[str]:
    return {word.casefold() for word in re.findall(r"\w{2,}", value)}


def name_problems(post: Post, body: str) -> list[str]:
    """Whether a story post's text names the person as their consent allows."""
    if post.source_kind != Post.SourceKind.STORY or post.story is None:
        return []
    story = post.story
    with translation.override(story.language):
        allowed = story_name(story) or _("Anonymous")
    problems: list[str] = []
    if allowed.casefold() not in body.casefold():
        problems.append(
            _(
                "The text must keep the name the person's consent allows: "
                "“%(name)s”. It cannot be changed here."
            )
            % {"name": allowed}
        )
    submission = story.original_submission()
    if submission is not None:
        hidden = (
            _words(f"{submission.name} {submission.guardian_name}")
            - _words(allowed)
            - _words(story.quote)
            - _words(story.title)
        )
        if hidden & _words(body):
            problems.append(
                _(
                    "The text names the person in a way their consent does not "
                    "allow. Use only “%(name)s”."
                )
                % {"name": allowed}
            )
    return problems


@transaction.atomic
def set_variant_text(
    post: Post,
    *,
    account: Account,
    body: str,
    alt_text: str = "",
    user: AbstractBaseUser | None,
) -> VariantText:
    """Give one account its own text; refused (nothing saved) only when it is
    empty, far too long or names a story's person otherwise than allowed."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status == Post.Status.CANCELLED:
        raise PostError(_("A cancelled post cannot be changed."))
    body = body.strip()
    alt_text = alt_text.strip()
    if not body:
        raise PostError(
            _("The text for this account is empty: remove the override instead.")
        )
    if len(body) > MAX_LENGTH or len(alt_text) > MAX_LENGTH:
        raise PostError(
            _("The text is longer than any network accepts (%(max)s characters).")
            % {"max": f"{MAX_LENGTH:,}"}
        )
    problems = name_problems(post, body)
    if problems:
        raise PostError(problems)
    override, _created = VariantText.objects.update_or_create(
        post=post,
        account=account,
        defaults={
            "body": body,
            "alt_text": alt_text,
            "edited_by_id": user.pk if user is not None else None,
            "edited_at": timezone.now(),
        },
    )
    back_to_approval_if_approved(post, user=user, reason="variant edited")
    audit.log(
        audit.POST_VARIANT_CHANGED,
        instance=post,
        user=user,
        data={"account": account.pk, "account_name": str(account)},
    )
    return override


@transaction.atomic
def clear_variant_text(
    post: Post, *, account: Account, user: AbstractBaseUser | None
) -> Post:
    """The account gets its language's proposed text again."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    deleted, _rows = VariantText.objects.filter(post=post, account=account).delete()
    if deleted:
        back_to_approval_if_approved(post, user=user, reason="variant reset")
        audit.log(
            audit.POST_VARIANT_RESET,
            instance=post,
            user=user,
            data={"account": account.pk, "account_name": str(account)},
        )
    return post
