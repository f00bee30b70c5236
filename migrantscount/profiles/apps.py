"""Country profiles, charts, the Americas map, corridors and data facts.

This app holds the Wagtail pages and the presentation built on `migrantscount.data`.
STYLE.md places `CountryPage` in `data`; it lives here instead so that two engineers
never write migrations into one app at the same time. `data` owns models, importers
and provenance; `profiles` only reads them.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "migrantscount.profiles"
    label = "profiles"
    verbose_name = _("Country profiles")

    def ready(self) -> None:
        # Registers the overview as a site section and the pages as a demo step.
        from . import demo, sections  # noqa: F401
