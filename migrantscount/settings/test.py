"""Tests: fast hashing, local memory cache, immediate tasks unless a test says otherwise."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import STORAGES, database_from_url

DEBUG = False
SECRET_KEY = "test-only-key-0123456789abcdef0123456789abcdef0123456789"  # noqa: S105
# A fixed key for tests only; real keys come from the environment.
MIGRANTSCOUNT_ENCRYPTION_KEYS = ["7n3pQ0y3s9bAqP1rJ7Sx2m8o4kWvT6uYcLdEhZgFiXk="]
MIGRANTSCOUNT_BACKUP_PASSPHRASE = "test-only-backup-passphrase"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Page cache purges (core.page_cache) go to a log of this test run's own.
MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG = os.path.join(
    tempfile.gettempdir(), f"migrantscount-page-cache-{os.getpid()}.log"
)
# No test server to warm pages on (a test of warming turns it on).
MIGRANTSCOUNT_PAGE_WARM_REQUESTS = 0
# No flushing thread: a test writes the reach counts itself (analytics.counting.flush).
MIGRANTSCOUNT_REACH_FLUSH_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Static files straight from the apps' folders (nothing is collected for tests), which
# also keeps whitenoise from warning about a missing STATIC_ROOT on every request.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set
# (make test starts a throwaway cluster and sets it).
_test_url = os.environ.get("TEST_DATABASE_URL")
if _test_url:
    DATABASES = {"default": database_from_url(_test_url)}
