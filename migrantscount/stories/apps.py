from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "migrantscount.stories"
    label = "stories"
    verbose_name = _("Migrants' stories")

    def ready(self) -> None:
        from . import (  # noqa: F401  (registers hooks)
            demo,
            page_cache,
            public,
            receivers,
            retention,
            sections,
            withdrawal_ledger,
        )
        from .services import erasure  # noqa: F401  (registers a hook)
