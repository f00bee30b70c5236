"""Sign-in throttling and the two-factor requirement."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from ..client_ip import client_ip as proxied_client_ip
from ..models import LoginFailure
from .roles import CAMPAIGN_APPROVERS, STORY_MODERATORS

TWO_FACTOR_GROUPS = (STORY_MODERATORS, CAMPAIGN_APPROVERS)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return proxied_client_ip(request) or None


def _normalise(username: str) -> str:
    return username.strip().lower()[:150]


def _window_start() -> Any:
    return timezone.now() - timedelta(
        minutes=settings.MIGRANTSCOUNT_LOGIN_FAILURE_WINDOW_MINUTES
    )


def record_login_failure(
    *, credentials: dict[str, Any], request: HttpRequest | None
) -> LoginFailure | None:
    username = credentials.get("username")
    if not username:
        return None
    return LoginFailure.objects.create(
        username=_normalise(str(username)), ip_address=client_ip(request)
    )


def is_login_throttled(*, username: str, ip_address: str | None) -> bool:
    failures = LoginFailure.objects.filter(
        username=_normalise(username),
        ip_address=ip_address,
        failed_at__gte=_window_start(),
    )
    return failures.count() >= settings.MIGRANTSCOUNT_LOGIN_FAILURE_LIMIT


def clear_login_failures(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.filter(
        username=_normalise(username), ip_address=ip_address
    ).delete()


def prune_login_failures() -> int:
    deleted, _ = LoginFailure.objects.filter(failed_at__lt=_window_start()).delete()
    return deleted


def two_factor_required(user: Any) -> bool:
    if not settings.MIGRANTSCOUNT_REQUIRE_2FA or not user.is_authenticated:
        return False
    if user.get_username() in settings.MIGRANTSCOUNT_2FA_EXEMPT_USERS:
        return False
    return bool(
        user.is_superuser or user.groups.filter(name__in=TWO_FACTOR_GROUPS).exists()
    )


def reset_two_factor(user: Any) -> int:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted
