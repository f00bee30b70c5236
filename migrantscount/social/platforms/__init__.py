"""Network modules, one per network, behind the interface in `base`.

`PLATFORMS` maps `Account.platform` to its module; nothing else chooses a network.
"""

from . import bluesky, mastodon
from .base import (
    Action,
    Budget,
    Connection,
    Draft,
    Identity,
    Media,
    Metrics,
    MetricsPlatform,
    OAuthClient,
    OAuthPlatform,
    Platform,
    PlatformError,
    PricedPlatform,
    RateLimit,
    RemoteRef,
    TokenSet,
)

PLATFORMS: dict[str, Platform] = {
    bluesky.KEY: bluesky,
    mastodon.KEY: mastodon,
}

__all__ = [
    "PLATFORMS",
    "Action",
    "Budget",
    "Connection",
    "Draft",
    "Identity",
    "Media",
    "Metrics",
    "MetricsPlatform",
    "OAuthClient",
    "OAuthPlatform",
    "Platform",
    "PlatformError",
    "PricedPlatform",
    "RateLimit",
    "RemoteRef",
    "TokenSet",
]
