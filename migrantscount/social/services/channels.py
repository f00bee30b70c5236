"""Export-only channels (`platforms.EXPORT_ONLY_NETWORKS`: WhatsApp channels): an
account without credentials whose deliveries a person posts by hand from the day's
export pack (services/export.py)."""

from __future__ import annotations

from django.db import transaction

from ..models import Account
from ..platforms import EXPORT_ONLY_NETWORKS
from .accounts import _check_time_zone, platform_for


@transaction.atomic
def add_export_channel(
    *,
    platform: str,
    handle: str,
    language: str,
    time_zone: str,
    display_name: str = "",
    base_url: str = "https://www.whatsapp.com/channel/",
) -> Account:
    """The channel (created once per platform and handle); posts to it still need
    approval like any other account's."""
    if platform not in EXPORT_ONLY_NETWORKS:
        raise ValueError(f"{platform} has a publishing API: connect it instead.")
    platform_for(platform)
    _check_time_zone(time_zone)
    account, _created = Account.objects.get_or_create(
        platform=platform,
        handle=handle,
        defaults={
            "base_url": base_url,
            "display_name": display_name,
            "language": language,
            "time_zone": time_zone,
        },
    )
    return account
