"""Rendered figures and fragments are cached until the next import changes a vintage."""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from .queries.vintages import vintage_key

T = TypeVar("T")


def cached(parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """`build()` once per vintage key; an import makes a new key, so no invalidation."""
    key = ":".join(["profiles", vintage_key(), *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, None)
    return value
