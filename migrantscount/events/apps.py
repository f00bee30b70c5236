from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "migrantscount.events"
    label = "events"
    verbose_name = _("Live interviews")

    def ready(self) -> None:
        from . import (  # noqa: F401  (registers hooks)
            demo,
            page_cache,
            periodic,
            public,
            receivers,
            social_sources,
        )
