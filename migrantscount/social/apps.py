from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "migrantscount.social"
    label = "social"
    verbose_name = _("Social networks")

    def ready(self) -> None:
        from . import demo, health, periodic, receivers  # noqa: F401  (registers hooks)
