"""The Americas overview (map, ranking, links to every country profile) as a site
section, so menus built before the country pages exist can still point at it."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from migrantscount.pages.sections import register_site_section

from .models import AmericasPage


@register_site_section("country_data", _("Country data (the Americas overview)"))
def americas_overview_url() -> str | None:
    pages = AmericasPage.objects.live().filter(
        locale__language_code=translation.get_language()
    )
    page = pages.order_by("path").first()
    return page.url if page is not None else None
