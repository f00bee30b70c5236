from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "migrantscount.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks, signals  # noqa: F401

        signals.connect()
        # Each app may register periodic jobs in its own periodic.py.
        autodiscover_modules("periodic")
