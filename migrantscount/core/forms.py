from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from .services import security


class ThrottledLoginForm(LoginForm):
    """Wagtail's sign-in form, refusing further attempts after repeated failures."""

    error_messages = {
        **LoginForm.error_messages,
        "throttled": _(
            "Too many failed sign-in attempts. For your security, sign-in is "
            "blocked for 15 minutes. Please try again later."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip_address = security.client_ip(self.request)
        if username and security.is_login_throttled(
            username=username, ip_address=ip_address
        ):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        cleaned = super().clean()
        security.clear_login_failures(username=username, ip_address=ip_address)
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args: Any, device: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip().replace(" ", "")
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise ValidationError(
                _("Too many wrong codes. Wait a minute, then try again."),
                code="throttled",
            )
        if not token.isdigit() or not self.device.verify_token(token):
            raise ValidationError(
                _("That code is not valid. Check your device's clock and try again."),
                code="invalid_token",
            )
        return token
