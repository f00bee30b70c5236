"""Rendered figures and fragments are cached until the next import changes a vintage."""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from .queries.vintages import vintage_key

T = TypeVar("T")
# Raise when what is cached changes shape or look (a chart's axis, a new key in a
# page's context): the cache outlives a deploy, and a vintage key changes only on
# an import.
RENDER_VERSION = 3


def cached(parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """`build()` once per vintage key; an import makes a new key, so no invalidation."""
    key = ":".join(["profiles", f"r{RENDER_VERSION}", vintage_key(), *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, None)
    return value
