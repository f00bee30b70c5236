"""System checks of the reach settings: a known counting mode, and a tracker only
from the organisation's own server (never a third-party CDN or a hosted service)."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from . import beacon, counting

# Hosted services and public CDNs: their script would come from a third party.
THIRD_PARTY_HOSTS = (
    "plausible.io",
    "matomo.cloud",
    "innocraft.cloud",
    "jsdelivr.net",
    "unpkg.com",
    "cdnjs.cloudflare.com",
    "googleapis.com",
    "gstatic.com",
)


@register()
def reach_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.MIGRANTSCOUNT_REACH_COUNTING not in counting.MODES:
        errors.append(
            Error(
                "MIGRANTSCOUNT_REACH_COUNTING must be one of "
                + ", ".join(counting.MODES),
                id="analytics.E001",
            )
        )
    kind = settings.MIGRANTSCOUNT_TRACKER
    if not kind:
        return errors
    if kind not in (beacon.MATOMO, beacon.PLAUSIBLE):
        errors.append(
            Error(
                "MIGRANTSCOUNT_TRACKER must be matomo or plausible", id="analytics.E002"
            )
        )
    parts = urlsplit(str(settings.MIGRANTSCOUNT_TRACKER_URL))
    host = (parts.hostname or "").lower()
    if (
        parts.scheme != "https"
        or not host
        or not settings.MIGRANTSCOUNT_TRACKER_SITE_ID
    ):
        errors.append(
            Error(
                "A tracker needs MIGRANTSCOUNT_TRACKER_URL (https, the organisation's "
                "own server) and MIGRANTSCOUNT_TRACKER_SITE_ID",
                id="analytics.E003",
            )
        )
    elif any(host == name or host.endswith(f".{name}") for name in THIRD_PARTY_HOSTS):
        errors.append(
            Error(
                f"MIGRANTSCOUNT_TRACKER_URL points at a third party ({host}): "
                "self-host the tracker or serve it from the organisation's own server",
                id="analytics.E004",
            )
        )
    return errors
