"""Editorial pages for country profiles; every number comes from `data` at render time."""

from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from migrantscount.pages.models import BasePage

from . import facts
from .caching import cached
from .charts.americas import MAP_INDICATORS, map_context
from .charts.lines import COUNTRY_CHARTS, chart_context
from .queries.indicators import (
    RANKABLE,
    SDG_AVERAGE_TARGET,
    SDG_CORRIDOR_CEILING,
    STOCK,
)
from .queries.profile import CountryProfile, country_profile
from .queries.ranking import oas_ranking


class AmericasPage(BasePage):
    """The overview of the 35 OAS member states: a map and a ranking."""

    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    subpage_types = ["profiles.CountryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Americas overview page")

    def get_context(self, request: HttpRequest, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        code = request.GET.get("indicator", "")
        if code not in MAP_INDICATORS:
            code = STOCK
        year, rows = oas_ranking(code)
        pages = {
            page.country_id: page
            for page in CountryPage.objects.live()
            .child_of(self)
            .only("pk", "url_path", "country_id")
        }
        context.update(
            indicator=code,
            indicator_name=RANKABLE[code],
            indicators=[(key, RANKABLE[key]) for key in MAP_INDICATORS],
            year=year,
            rows=[(row, pages.get(row.country.pk)) for row in rows],
            map=map_context(code, translation.get_language() or "en"),
        )
        return context


class CountryPage(BasePage):
    """One OAS member state; intro and body are editorial, the figures are queried."""

    country = models.ForeignKey(
        "data.Country",
        on_delete=models.PROTECT,
        related_name="profile_pages",
        verbose_name=_("country"),
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("country"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    override_translatable_fields = [SynchronizedField("country")]
    parent_page_types = ["profiles.AmericasPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("country profile page")

    def profile(self) -> CountryProfile:
        return cached(
            ("profile", self.country_id), lambda: country_profile(self.country)
        )

    def get_context(self, request: HttpRequest, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language()

        def build() -> dict:
            return {
                "profile": country_profile(self.country),
                "charts": [
                    chart_context(self.country, name, language)
                    for name in COUNTRY_CHARTS
                ],
                "facts": facts.country_facts(self.country, language=language)[:3],
            }

        # One cache read per request: figures, rendered charts and facts together.
        context.update(cached(("country-page-v2", self.country_id, language), build))
        context.update(
            sdg_average=SDG_AVERAGE_TARGET,
            sdg_ceiling=SDG_CORRIDOR_CEILING,
        )
        return context
