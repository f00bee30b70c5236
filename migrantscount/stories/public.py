"""Published stories in the sitemap, with every locale as an alternate."""

from collections import defaultdict

from django.conf import settings
from django.http import HttpRequest

from migrantscount.pages.sitemaps import SitemapEntry, register_sitemap_source

from .models import Story


def _absolute(request: HttpRequest | None, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"


@register_sitemap_source
def story_sitemap_entries(request: HttpRequest | None) -> list[SitemapEntry]:
    stories = Story.objects.public().select_related("locale").order_by("pk")
    entries: list[SitemapEntry] = []
    by_key: dict[object, list[SitemapEntry]] = defaultdict(list)
    for story in stories:
        entry = SitemapEntry(
            location=_absolute(request, story.get_absolute_url()),
            last_modified=(
                story.last_published_at.date().isoformat()
                if story.last_published_at
                else None
            ),
            language_code=story.language,
        )
        entries.append(entry)
        by_key[story.translation_key].append(entry)
    for group in by_key.values():
        alternates = sorted((entry.language_code, entry.location) for entry in group)
        for entry in group:
            entry.alternates = alternates if len(group) > 1 else []
    return entries
