"""A sitemap of every live public page in every locale, with hreflang alternates."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from wagtail.models import Page


@dataclass
class SitemapEntry:
    location: str
    last_modified: str | None
    language_code: str
    alternates: list[tuple[str, str]] = field(default_factory=list)


# Other apps add public URLs that are not Wagtail pages (e.g. published stories):
# each source returns its entries, alternates included, for every locale.
SitemapSource = Callable[[HttpRequest | None], list[SitemapEntry]]
SITEMAP_SOURCES: list[SitemapSource] = []


def register_sitemap_source(source: SitemapSource) -> SitemapSource:
    if source not in SITEMAP_SOURCES:
        SITEMAP_SOURCES.append(source)
    return source


def sitemap_entries(request: HttpRequest | None = None) -> list[SitemapEntry]:
    entries = page_entries(request)
    for source in list(SITEMAP_SOURCES):
        entries.extend(source(request))
    return entries


def page_entries(request: HttpRequest | None = None) -> list[SitemapEntry]:
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .select_related("locale")
        .order_by("path")
    )
    entries: list[SitemapEntry] = []
    by_key: dict[object, list[SitemapEntry]] = defaultdict(list)
    for page in pages.specific():
        url = page.get_full_url(request=request)
        if not url:
            continue
        entry = SitemapEntry(
            location=url,
            last_modified=(
                page.last_published_at.date().isoformat()
                if page.last_published_at
                else None
            ),
            language_code=page.locale.language_code,
        )
        entries.append(entry)
        by_key[page.translation_key].append(entry)
    for group in by_key.values():
        alternates = sorted((entry.language_code, entry.location) for entry in group)
        for entry in group:
            entry.alternates = alternates if len(group) > 1 else []
    return entries
