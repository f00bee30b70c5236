"""Where a post comes from, for sources social does not know (social never imports
events): the owning app registers a describer for its source kind.

    @register_source_describer("interview")
    def describe_interview(post: Post) -> PostSource | None: ...

`describe_source(post)` gives the label and admin/public link the composer and the
post's page show, or None when no describer knows the post.

A source the composer can start a post from registers its choices and how its
texts are made (`register_composer_source`); social reads only what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import Post


@dataclass(frozen=True)
class PostSource:
    label: str
    url: str = ""


SourceDescriber = Callable[["Post"], PostSource | None]

SOURCE_DESCRIBERS: dict[str, SourceDescriber] = {}


def register_source_describer(
    kind: str,
) -> Callable[[SourceDescriber], SourceDescriber]:
    def decorator(describer: SourceDescriber) -> SourceDescriber:
        SOURCE_DESCRIBERS[kind] = describer
        return describer

    return decorator


def describe_source(post: Post) -> PostSource | None:
    describer = SOURCE_DESCRIBERS.get(post.source_kind)
    return describer(post) if describer is not None else None


# --- Sources a post can be composed from (the composer's "Made from") ---------------


@dataclass(frozen=True)
class ComposedTexts:
    """What a registered source offers for a post: a text per language it has (its
    own translations only), the languages asked for that it lacks, and its link."""

    texts: dict[str, str]
    missing: list[str]
    link: str = ""


Compose = Callable[[str, list[str]], ComposedTexts | None]


@dataclass(frozen=True)
class ComposerSource:
    """A source the composer offers: `choices()` lists (uid, label) pairs and
    `compose(uid, languages)` gives the texts, or None for an unknown uid."""

    kind: str
    label: str | Promise
    choices: Callable[[], list[tuple[str, str]]]
    compose: Compose


COMPOSER_SOURCES: dict[str, ComposerSource] = {}


def register_composer_source(
    kind: str, *, label: str | Promise, choices: Callable[[], list[tuple[str, str]]]
) -> Callable[[Compose], Compose]:
    def decorator(compose: Compose) -> Compose:
        COMPOSER_SOURCES[kind] = ComposerSource(kind, label, choices, compose)
        return compose

    return decorator
