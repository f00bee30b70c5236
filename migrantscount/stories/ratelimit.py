"""Per-address limit on public submissions, counted in the cache (never the database).

The cache key holds a keyed hash of the address, not the address. Fixed one-hour
windows: simple, and good enough against a script filling the form.
"""

from django.conf import settings
from django.core.cache import cache

from .services import hash_ip

WINDOW_SECONDS = 3600


def _key(ip_address: str) -> str:
    return f"stories:submissions:{hash_ip(ip_address)}"


def is_limited(ip_address: str) -> bool:
    limit = settings.STORIES_SUBMISSIONS_PER_IP_PER_HOUR
    return int(cache.get(_key(ip_address), 0)) >= limit


def record_submission(ip_address: str) -> None:
    key = _key(ip_address)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        # The window expired between add() and incr().
        cache.set(key, 1, WINDOW_SECONDS)
