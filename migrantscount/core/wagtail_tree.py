"""The parts of the tree Wagtail's migrations create, recreated where they are missing.

A fresh database has them; a test database flushed by a transactional test, or a
database restored from an incomplete dump, may not.
"""

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from wagtail.models import Collection, Locale, Page


def ensure_wagtail_root() -> Page:
    """The root page, with the default locale and the root collection beside it."""
    language = get_supported_language_variant(settings.LANGUAGE_CODE)
    locale, _created = Locale.objects.get_or_create(language_code=language)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root
