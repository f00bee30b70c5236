"""The interviews' place in menus, the sitemap (see pages.sections, pages.sitemaps)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from migrantscount.core.lib.languages import language_codes
from migrantscount.pages.sections import register_site_section
from migrantscount.pages.sitemaps import SitemapEntry, register_sitemap_source

from .models import Interview


@register_site_section("interviews", _("Live interviews"))
def interviews_url() -> str:
    return reverse("events:index")


def _absolute(request: HttpRequest | None, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"


@register_sitemap_source
def interview_sitemap_entries(request: HttpRequest | None) -> list[SitemapEntry]:
    codes = list(language_codes())
    entries: list[SitemapEntry] = []
    for interview in Interview.objects.order_by("pk"):
        urls = {code: _absolute(request, interview.url_in(code)) for code in codes}
        alternates = list(urls.items())
        entries.extend(
            SitemapEntry(
                location=url,
                last_modified=interview.updated_at.date().isoformat(),
                language_code=code,
                alternates=alternates,
            )
            for code, url in urls.items()
        )
    for code in codes:
        with translation.override(code):
            index = _absolute(request, reverse("events:index"))
        entries.append(
            SitemapEntry(location=index, last_modified=None, language_code=code)
        )
    return entries
