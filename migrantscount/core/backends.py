from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .services import security


class ThrottledModelBackend(ModelBackend):
    """Refuses to check passwords for a username+IP that failed too often lately."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username and security.is_login_throttled(
            username=username, ip_address=security.client_ip(request)
        ):
            # PermissionDenied stops Django trying the remaining backends.
            raise PermissionDenied
        return super().authenticate(request, username, password, **kwargs)
