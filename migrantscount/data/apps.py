from django.apps import AppConfig


class DataConfig(AppConfig):
    name = "migrantscount.data"
    label = "data"

    def ready(self) -> None:
        from . import periodic  # noqa: F401  (registers the periodic jobs)
