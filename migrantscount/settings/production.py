"""Production: everything sensitive comes from the environment; refuses to start without it."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY_MIN_LENGTH, SITE_URL
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters long."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

# Behind a TLS-terminating proxy the site is served over HTTPS; the local
# `make run` server on 127.0.0.1 is plain HTTP, so these follow SITE_URL.
_https = SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _https)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _https)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
# No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from any
# client. core.middleware.TrustedProxySchemeMiddleware believes it only from
# MIGRANTSCOUNT_TRUSTED_PROXIES.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# E-mail comes from EMAIL_URL (see base.py); console output when unset.

MIGRANTSCOUNT_REQUIRE_2FA = env_bool("MIGRANTSCOUNT_REQUIRE_2FA", True)
MIGRANTSCOUNT_ENCRYPTION_KEYS = env_list("MIGRANTSCOUNT_ENCRYPTION_KEYS")
if not MIGRANTSCOUNT_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "Set MIGRANTSCOUNT_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first)."
    )
