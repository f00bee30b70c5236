"""Render again, after a purge, the pages it dropped (core.page_cache), so no reader
waits for a cold render: a task GETs each one from the site as an anonymous reader.

Each path is requested `MIGRANTSCOUNT_PAGE_WARM_REQUESTS` times (default 2, one per web
worker of `make run`) on new connections; the server hands connections to its workers
in turn, so each usually renders it once. Behind a proxy, SITE_URL goes through it and
fills its cache too.
"""

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def warm(urls: Iterable[str]) -> int:
    """GET each URL's path from SITE_URL; returns how many answers were 200."""
    base = str(settings.SITE_URL).rstrip("/")
    requests = int(settings.MIGRANTSCOUNT_PAGE_WARM_REQUESTS)
    warmed = 0
    for path in sorted({_path(url) for url in urls}):
        for _ in range(requests):
            request = urllib.request.Request(  # noqa: S310 (our own SITE_URL)
                base + path, headers={"Accept-Encoding": "gzip", "Connection": "close"}
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    response.read()
                    warmed += response.status == 200
            except urllib.error.HTTPError as error:
                # A page unpublished or moved since its purge: nothing to warm.
                level = logging.DEBUG if error.code in (404, 410) else logging.INFO
                logger.log(level, "page warming: %s: %s", path, error)
                break
            except (urllib.error.URLError, OSError) as error:
                logger.info("page warming: %s: %s", path, error)
                break
    return warmed
