from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .lib import crypto


@checks.register(checks.Tags.security)
def check_encryption_keys(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.conf import settings

    if not settings.MIGRANTSCOUNT_ENCRYPTION_KEYS:
        return [
            checks.Warning(
                "MIGRANTSCOUNT_ENCRYPTION_KEYS is empty: personal data cannot be stored.",
                id="core.W001",
            )
        ]
    try:
        crypto.check_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="core.E001")]
    return []


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    from .client_ip import trusted_proxies

    try:
        trusted_proxies()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="core.E002")]
    return []
