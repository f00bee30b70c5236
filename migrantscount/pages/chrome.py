"""The site chrome (branding, main menu, footer) built once per language and kept in the
cache until something it shows changes.

Every page view needs it, and building the menu alone costs a query per item (each
item's page in the reader's language). The cache key carries a version that any
publish, unpublish, move or deletion of a page, or any change to a chrome snippet or a
locale, replaces. The version lives in the shared cache, so every web process sees it;
an hour's timeout bounds anything a signal could miss.
"""

from collections.abc import Callable
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache

T = TypeVar("T")

VERSION_KEY = "site-chrome:version"
TIMEOUT_SECONDS = 60 * 60
_MISSING = object()


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return str(version)


def invalidate(**kwargs: object) -> None:
    """Signal receiver: every cached piece of chrome is stale from now on."""
    cache.set(VERSION_KEY, uuid4().hex, None)


def purge_pages(**kwargs: object) -> None:
    """Signal receiver: every page shows the chrome and may list the page that changed
    (menus, index pages, home teasers), so the whole page cache goes once the change
    is committed (core.page_cache; the changed page's own URLs reach a proxy through
    Wagtail's frontend cache)."""
    from django.db import transaction

    from migrantscount.core import page_cache

    transaction.on_commit(page_cache.purge_all)


def purge_everywhere(**kwargs: object) -> None:
    """Signal receiver: branding, menu, footer and locales show on every page, so every
    cache goes once the change is committed: this host's page caches and every
    reverse proxy (core.proxy_cache; a page's own changes reach a proxy by URL,
    pages/page_cache.py)."""
    from django.db import transaction

    from migrantscount.core import proxy_cache

    transaction.on_commit(proxy_cache.purge_everything)


def cached(name: str, language: str, build: Callable[[], T]) -> T:
    key = f"site-chrome:{_version()}:{name}:{language}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Locale, Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from . import page_cache
    from .models import Branding, Footer, NavigationItem, NavigationMenu

    for receiver, name in ((invalidate, "site-chrome"), (purge_pages, "page-cache")):
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(receiver, dispatch_uid=f"{name}-{signal!r}")
        post_delete.connect(receiver, sender=Page, dispatch_uid=f"{name}-page-delete")
    for receiver, name in (
        (invalidate, "site-chrome"),
        (purge_everywhere, "page-cache"),
    ):
        for model in (Branding, Footer, NavigationMenu, NavigationItem, Locale):
            for signal in (post_save, post_delete):
                signal.connect(
                    receiver,
                    sender=model,
                    dispatch_uid=f"{name}-{model.__name__}-{signal!r}",
                )
    page_cache.connect_signals()
