"""Sign-in throttling and the two-factor requirement."""

import ipaddress
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from wagtail.users.models import UserProfile

from ..client_ip import client_ip as proxied_client_ip
from ..models import LoginFailure
from . import audit
from .mail import send_templated_mail

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

ADMIN_ACCESS = "wagtailadmin.access_admin"
PERSONAL_DATA_PERMISSION = "stories.view_submission"
SESSION_STARTED_KEY = "migrantscount_staff_started_at"
SESSION_LAST_SEEN_KEY = "migrantscount_staff_last_seen_at"


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


def _network(ip_address: str | None) -> str | None:
    """The unit a client controls: an IPv4 address, or the /64 of an IPv6 one."""
    if not ip_address:
        return None
    address = ipaddress.ip_address(ip_address)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _failures_from(
    username: str, ip_address: str | None, *, recent_only: bool = True
) -> list[LoginFailure]:
    """Failures for `username` from the same address (IPv6: same /64)."""
    network = _network(ip_address)
    failures = LoginFailure.objects.filter(username=_normalise(username))
    if recent_only:
        failures = failures.filter(failed_at__gte=_window_start())
    return [failure for failure in failures if _network(failure.ip_address) == network]


def is_login_throttled(*, username: str, ip_address: str | None) -> bool:
    """Too many recent failures for this account from this address (or /64), or
    for this account from everywhere (MIGRANTSCOUNT_LOGIN_FAILURE_ACCOUNT_LIMIT)."""
    account = LoginFailure.objects.filter(
        username=_normalise(username), failed_at__gte=_window_start()
    )
    if account.count() >= settings.MIGRANTSCOUNT_LOGIN_FAILURE_ACCOUNT_LIMIT:
        return True
    limit = settings.MIGRANTSCOUNT_LOGIN_FAILURE_LIMIT
    return len(_failures_from(username, ip_address)) >= limit


def clear_login_failures(*, username: str, ip_address: str | None) -> None:
    """After a good password: forget this address's (or /64's) failures only, so
    failures from elsewhere still count towards the account limit."""
    failures = _failures_from(username, ip_address, recent_only=False)
    LoginFailure.objects.filter(pk__in=[failure.pk for failure in failures]).delete()


def prune_login_failures() -> int:
    deleted, _ = LoginFailure.objects.filter(failed_at__lt=_window_start()).delete()
    return deleted


def two_factor_required(user: Any) -> bool:
    if not settings.MIGRANTSCOUNT_REQUIRE_2FA or not user.is_authenticated:
        return False
    if user.get_username() in settings.MIGRANTSCOUNT_2FA_EXEMPT_USERS:
        return False
    # Every role that reaches the admin: editors and translators can change what the
    # public reads, data officers the figures, the others personal data.
    return bool(user.is_superuser or user.has_perm(ADMIN_ACCESS))


def reads_personal_data(user: Any) -> bool:
    """Staff whose sessions open decrypted submissions (idle expiry applies)."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_perm(PERSONAL_DATA_PERMISSION))
    )


def staff_session_expired(session: Any, *, now: datetime, user: Any) -> bool:
    """Idle longer than MIGRANTSCOUNT_STAFF_IDLE_MINUTES, or signed in longer than
    MIGRANTSCOUNT_STAFF_SESSION_MAX_HOURS, for staff who read personal data.
    Records this request as the latest activity otherwise."""
    if not reads_personal_data(user):
        return False
    stamp = now.timestamp()
    started = session.setdefault(SESSION_STARTED_KEY, stamp)
    last_seen = session.get(SESSION_LAST_SEEN_KEY, stamp)
    idle = timedelta(minutes=settings.MIGRANTSCOUNT_STAFF_IDLE_MINUTES)
    longest = timedelta(hours=settings.MIGRANTSCOUNT_STAFF_SESSION_MAX_HOURS)
    if stamp - last_seen > idle.total_seconds() or stamp - started > (
        longest.total_seconds()
    ):
        return True
    session[SESSION_LAST_SEEN_KEY] = stamp
    return False


def may_add_device(user: Any, *, session_verified: bool) -> bool:
    """A first device may be set up with the password alone; adding another needs a
    session already verified with a code (else a stolen password adds its own)."""
    from django_otp import user_has_device

    return session_verified or not user_has_device(user, confirmed=True)


def _notify_device_change(user: Any, *, change: str) -> None:
    if not user.email:
        return
    profile = UserProfile.get_for_user(user)
    send_templated_mail(
        to=[user.email],
        template_prefix=f"core/emails/two_factor_{change}",
        context={"user": user, "site_name": settings.WAGTAIL_SITE_NAME},
        language=profile.get_preferred_language(),
    )


@transaction.atomic
def confirm_device(device: "TOTPDevice") -> "TOTPDevice":
    """The person typed a valid code from a new device: it counts from now on."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.log_platform_event(
        audit.TWO_FACTOR_ENROLLED,
        data={"device": device.name},
        user=device.user,
        instance=device.user,
    )
    transaction.on_commit(lambda: _notify_device_change(device.user, change="added"))
    return device


@transaction.atomic
def reset_two_factor(user: Any, *, by: Any = None) -> int:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    deleted: int
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit.log_platform_event(
            audit.TWO_FACTOR_RESET, data={"devices": deleted}, user=by, instance=user
        )
        transaction.on_commit(lambda: _notify_device_change(user, change="removed"))
    return deleted
