"""Where a post comes from, for sources social does not know (social never imports
events): the owning app registers a describer for its source kind.

    @register_source_describer("interview")
    def describe_interview(post: Post) -> PostSource | None: ...

`describe_source(post)` gives the label and admin/public link the composer and the
post's page show, or None when no describer knows the post.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
