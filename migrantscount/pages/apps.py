from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "migrantscount.pages"
    label = "pages"

    def ready(self) -> None:
        from .chrome import connect_signals

        connect_signals()
