"""The social engine's figures in /healthz."""

from django.conf import settings

from migrantscount.core.services.health import on_health_check


@on_health_check
def social_health() -> dict[str, object]:
    from .services import accounts, dispatch

    lag = dispatch.dispatch_lag_seconds()
    return {
        "social_dispatch_lag_s": lag,
        "social_dispatch_ok": lag <= settings.SOCIAL_DISPATCH_LAG_WARN_SECONDS,
        "social_accounts_needing_reconnection": accounts.accounts_needing_reconnection(),
    }
