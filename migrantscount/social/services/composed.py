"""Posts made from a source another app registers (`sources.register_composer_source`,
e.g. a live interview): social reads only the texts the source gives, one per
language it has, never a translation made here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from migrantscount.core.lib.languages import language_codes

from ..models import Post
from ..sources import COMPOSER_SOURCES
from . import posts

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@transaction.atomic
def create_source_post(
    kind: str,
    uid: str,
    *,
    author: AbstractBaseUser | None,
    languages: Sequence[str] | None = None,
    title: str = "",
) -> tuple[Post, list[str]]:
    """The draft post and the languages asked for that the source has no text in
    (accounts in those languages cannot be scheduled: `schedule_post` refuses)."""
    source = COMPOSER_SOURCES.get(kind)
    if source is None:
        raise posts.PostError(_("Choose what the post is made from."))
    made = source.compose(uid, list(languages or language_codes()))
    if made is None:
        raise posts.PostError(_("That source is no longer there: choose another."))
    if not made.texts:
        raise posts.PostError(
            _("It has no text in the languages chosen (%(languages)s).")
            % {"languages": ", ".join(made.missing)}
        )
    post = posts.create_post(
        author=author,
        texts=made.texts,
        source_kind=kind,
        link=made.link,
        title=title,
    )
    post.source_uid = uid
    post.full_clean()
    post.save(update_fields=["source_uid", "updated_at"])
    return post, made.missing
