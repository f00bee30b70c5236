"""Export-only channels (`platforms.EXPORT_ONLY_NETWORKS`: WhatsApp channels): an
account without credentials whose deliveries a person posts by hand from the day's
export pack (services/export.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from .. import audit
from ..models import Account
from ..platforms import EXPORT_ONLY_NETWORKS
from .accounts import _check_time_zone, platform_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from migrantscount.data.models import Country


@transaction.atomic
def add_export_channel(
    *,
    platform: str,
    handle: str,
    language: str,
    time_zone: str,
    display_name: str = "",
    base_url: str = "https://www.whatsapp.com/channel/",
    countries: Iterable[Country] | None = None,
    user: AbstractBaseUser | None = None,
) -> Account:
    """The channel (created once per platform and handle; its audience countries,
    which the hashtag rules read, set when it is created); posts to it still need
    approval like any other account's."""
    if platform not in EXPORT_ONLY_NETWORKS:
        raise ValueError(f"{platform} has a publishing API: connect it instead.")
    platform_for(platform)
    _check_time_zone(time_zone)
    account, created = Account.objects.get_or_create(
        platform=platform,
        handle=handle,
        defaults={
            "base_url": base_url,
            "display_name": display_name,
            "language": language,
            "time_zone": time_zone,
            "connected_by": user,
            "connected_at": timezone.now(),
        },
    )
    if created:
        account.full_clean(exclude=["platform"])
        account.countries.set(list(countries or []))
        audit.log(
            audit.ACCOUNT_CONNECTED,
            instance=account,
            user=user,
            data={"platform": platform, "handle": account.handle, "export_only": True},
        )
    return account
