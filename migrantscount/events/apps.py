from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "migrantscount.events"
    label = "events"
    verbose_name = _("Live interviews")

    def ready(self) -> None:
        from . import demo, periodic, public, receivers  # noqa: F401  (registers hooks)
