"""Per-address limit on public submissions, counted in the cache (never the database).

The cache key holds a keyed hash of the address, not the address. Fixed one-hour
windows: simple, and good enough against a script filling the form.
"""

from django.conf import settings
from django.core.cache import cache

from .services.submissions import hash_ip

WINDOW_SECONDS = 3600


def _key(ip_address: str, counter: str = "submissions") -> str:
    return f"stories:{counter}:{hash_ip(ip_address)}"


def is_limited(ip_address: str) -> bool:
    """Too many stories received, or too many attempts (refused forms included: each
    may carry a photo to decode), from this address this hour."""
    submissions = int(cache.get(_key(ip_address), 0))
    attempts = int(cache.get(_key(ip_address, "attempts"), 0))
    return (
        submissions >= settings.STORIES_SUBMISSIONS_PER_IP_PER_HOUR
        or attempts >= settings.STORIES_ATTEMPTS_PER_IP_PER_HOUR
    )


def record_attempt(ip_address: str) -> None:
    _count(_key(ip_address, "attempts"))


def record_submission(ip_address: str) -> None:
    _count(_key(ip_address))


def _count(key: str) -> None:
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        # The window expired between add() and incr().
        cache.set(key, 1, WINDOW_SECONDS)
