"""Network modules, one per network, behind the interface in `base`.

`PLATFORMS` maps `Account.platform` to its module; nothing else chooses a network.
"""

from . import bluesky, facebook, instagram, linkedin, mastodon, threads, whatsapp, x
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
    facebook.KEY: facebook,
    instagram.KEY: instagram,
    threads.KEY: threads,
    x.KEY: x,
    linkedin.KEY: linkedin,
    whatsapp.KEY: whatsapp,
}
# Networks without a publishing API: their deliveries go into the export pack only.
EXPORT_ONLY_NETWORKS: tuple[str, ...] = (whatsapp.KEY,)

__all__ = [
    "EXPORT_ONLY_NETWORKS",
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
