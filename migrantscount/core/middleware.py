from collections.abc import Callable
from urllib.parse import urlencode

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device

from . import client_ip
from .lib.html import compact_whitespace
from .services import security

EXEMPT_URL_NAMES = (
    "core_two_factor_setup",
    "core_two_factor_verify",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_javascript_catalog",
)


class RequireTwoFactorMiddleware:
    """Sends members of sensitive roles to enrol or verify a TOTP device.

    Needs django_otp's OTPMiddleware before it. Only /admin/ is guarded: the public
    site has no signed-in features.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_verify(request):
            if user_has_device(request.user):
                target = reverse("core_two_factor_verify")
            else:
                target = reverse("core_two_factor_setup")
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{target}?{query}")
        return self.get_response(request)

    def _must_verify(self, request: HttpRequest) -> bool:
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return False
        user = request.user
        if not security.two_factor_required(user) or user.is_verified():  # type: ignore[union-attr]
            return False
        return request.path not in {reverse(name) for name in EXEMPT_URL_NAMES}


class StaffSessionExpiryMiddleware:
    """Signs out staff who can read personal data after an idle period and at the
    end of a working day (core.services.security.staff_session_expired).

    Needs the session and authentication middleware before it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if security.staff_session_expired(
            request.session, now=timezone.now(), user=request.user
        ):
            logout(request)
            if request.path.startswith(reverse("wagtailadmin_home")):
                return redirect_to_login(
                    request.get_full_path(), reverse("wagtailadmin_login")
                )
        return self.get_response(request)


class TrustedProxySchemeMiddleware:
    """HTTPS as a trusted reverse proxy reports it in `X-Forwarded-Proto`.

    Only a connection from `MIGRANTSCOUNT_TRUSTED_PROXIES` may say the client used
    TLS; from anyone else the header is dropped, so a direct request never counts
    as secure. Goes first (replaces Django's SECURE_PROXY_SSL_HEADER, which
    believes any client).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proto = request.META.pop("HTTP_X_FORWARDED_PROTO", "")
        if proto and client_ip.from_trusted_proxy(request):
            scheme = proto.split(",")[0].strip().lower()
            if scheme in ("http", "https"):
                request.META["wsgi.url_scheme"] = scheme
                request.META["HTTP_X_FORWARDED_PROTO"] = scheme
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (`CONTENT_SECURITY_POLICY`: public pages, no inline
    script, no third-party origin, no nonce, as their bodies are cached and shared)
    and, under /admin/, `MIGRANTSCOUNT_ADMIN_CONTENT_SECURITY_POLICY` (Wagtail's
    admin still has inline scripts and styles). Adds `Permissions-Policy`."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and _is_admin(request):
            parts.config = settings.MIGRANTSCOUNT_ADMIN_CONTENT_SECURITY_POLICY[
                "DIRECTIVES"
            ]
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        response.headers.setdefault(
            "Permissions-Policy", settings.MIGRANTSCOUNT_PERMISSIONS_POLICY
        )
        return response


class CompactHtmlMiddleware:
    """Whitespace-compacted HTML (core/lib/html.py) for every page outside the
    admin, before the page cache keeps it: a cached answer has the same bytes as an
    uncached one, and a long page (a country profile) costs the web server a quarter
    less to send. The admin is Wagtail's own markup and is never cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponse)
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Encoding")
            and not _is_admin(request)
        ):
            response.content = compact_whitespace(response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


def _is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("wagtailadmin_home"))
