from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import TokenForm
from .services import health, security


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/admin/"


def _qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_inline(scale=4, title=_("QR code"))


def _base32_secret(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if not security.may_add_device(
        request.user,
        session_verified=request.user.is_verified(),  # type: ignore[union-attr]
    ):
        verify = reverse("core_two_factor_verify")
        return redirect(f"{verify}?{urlencode({'next': _next_url(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="authenticator", confirmed=False
        )
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        security.confirm_device(device)
        otp_login(request, device)
        messages.success(request, _("Two-factor authentication is now on."))
        return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "core/two_factor_setup.html",
        {
            "form": form,
            "otpauth_url": device.config_url,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _base32_secret(device),
            "next": _next_url(request),
        },
    )


@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = next(iter(devices_for_user(request.user, confirmed=True)), None)
    if device is None:
        return redirect("core_two_factor_setup")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "core/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    report = health.check_health()
    status = 200 if report.healthy else 503
    return JsonResponse(
        report.as_dict(), status=status, json_dumps_params={"indent": None}
    )


@require_safe
def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Files under MEDIA_ROOT that are public by nature (image renditions, share
    cards); data-import uploads, documents (served by Wagtail with their privacy) and
    original uploads are not, and private media live outside MEDIA_ROOT."""
    folder = path.split("/", 1)[0]
    public = settings.MIGRANTSCOUNT_PUBLIC_MEDIA_DIRS
    if not any(path.startswith(f"{prefix}/") for prefix in public) or ".." in path:
        raise Http404(folder)
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    patch_cache_control(
        response, public=True, max_age=settings.MIGRANTSCOUNT_MEDIA_MAX_AGE_SECONDS
    )
    # A rendition is never a page: no scripts, even for a crafted file.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
