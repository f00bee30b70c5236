from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "migrantscount.analytics"
    label = "analytics"
    verbose_name = _("Campaign analytics")

    def ready(self) -> None:
        from migrantscount.core import page_cache

        from . import checks, counting  # noqa: F401  (checks register themselves)
        from .surveys import demo, public  # noqa: F401  (demo step, section, purges)

        # Views the page cache answers from memory never reach CountingMiddleware.
        page_cache.on_served(counting.count_served)
