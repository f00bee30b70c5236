import os

from django.apps import AppConfig


def ensure_upload_temp_dir() -> None:
    """FILE_UPLOAD_TEMP_DIR (var/tmp by default) is made when missing, private to the
    site's user, so a fresh var/ neither fails the check nor an admin upload."""
    from django.conf import settings

    if settings.FILE_UPLOAD_TEMP_DIR:
        os.makedirs(settings.FILE_UPLOAD_TEMP_DIR, mode=0o700, exist_ok=True)


class CoreConfig(AppConfig):
    name = "migrantscount.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks, signals  # noqa: F401

        ensure_upload_temp_dir()
        signals.connect()
        # Each app may register periodic jobs in its own periodic.py.
        autodiscover_modules("periodic")
