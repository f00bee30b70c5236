"""The URLs a page's publication, unpublication, move or deletion purges from a
reverse proxy or CDN (docs/operations.md "A reverse-proxy cache").

This host's own page caches are emptied whole by the site chrome's receivers
(`chrome.purge_pages`). A proxy is told by URL, through Wagtail's frontend cache,
once the change commits: the page, the pages that list it or lead to it (its
ancestors: index pages, the home page's teasers), the pages that show it in their
breadcrumbs (its descendants) and the sitemap; before and after a move, both places.
Wagtail translates each URL into every language. A page in a menu shows on every
page, and so does a tree too large to name: then every proxy is emptied
(`core.proxy_cache.purge_everything`).
"""

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.urls import reverse
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from migrantscount.core import proxy_cache

from .models import NavigationItem

# Past this many pages around a change, empty the proxy rather than name them.
MAX_PAGES = 100


def page_urls(page: Page) -> list[str]:
    url = page.get_full_url()
    if not url:
        return []
    return [
        url + path.lstrip("/") for path in page.specific_deferred.get_cached_paths()
    ]


def in_menu(page: Page) -> bool:
    return NavigationItem.objects.filter(
        page__translation_key=page.translation_key
    ).exists()


def urls_around(page: Page) -> list[str] | None:
    """What shows this page, or None when every page may (a menu, a large tree)."""
    if in_menu(page):
        return None
    pages = [
        *page.get_ancestors().filter(depth__gt=1),
        page,
        *page.get_descendants()[: MAX_PAGES + 1],
    ]
    if len(pages) > MAX_PAGES:
        return None
    urls = {str(settings.SITE_URL) + reverse("sitemap")}
    for each in pages:
        urls.update(page_urls(each))
    return sorted(urls)


def purge_around(page: Page) -> None:
    """After commit: purge from every proxy the URLs that show this page."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = urls_around(page)
    if urls is None:
        transaction.on_commit(proxy_cache.purge_everything)
    else:
        transaction.on_commit(partial(purge_urls_from_cache, urls))


def purge_on_change(sender: type, instance: Page, **kwargs: Any) -> None:
    purge_around(instance)


def purge_on_delete(sender: type, instance: Page, **kwargs: Any) -> None:
    # Before the rows go, while the page still has its place and URL. Its
    # descendants are deleted with it and each comes here too.
    parent = instance.get_parent()
    if parent is None or in_menu(instance):
        transaction.on_commit(proxy_cache.purge_everything)
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = [
        str(settings.SITE_URL) + reverse("sitemap"),
        *page_urls(instance),
        *page_urls(parent),
    ]
    transaction.on_commit(partial(purge_urls_from_cache, urls))


def connect_signals() -> None:
    # pre_page_move purges the old place, post_page_move the new one.
    for signal in (page_published, page_unpublished, pre_page_move, post_page_move):
        signal.connect(purge_on_change, dispatch_uid=f"proxy-purge-{signal!r}")
    pre_delete.connect(purge_on_delete, sender=Page, dispatch_uid="proxy-purge-delete")
