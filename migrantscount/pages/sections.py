"""Site sections that are not Wagtail pages of this app.

The stories index and the share form are Django views; the Americas overview is a page
built by the profiles app. Menus and calls to action link to them by key, and the link
is resolved in the reader's language at render time. Apps register their sections in
``AppConfig.ready()`` with the `register_site_section` decorator; this app does not
import them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

SectionURL = Callable[[], str | None]


@dataclass(frozen=True)
class SiteSection:
    key: str
    label: str | Promise
    # The section's URL in the active language, or None when it is not available
    # (for example a page that is not live in that language).
    url: SectionURL


SITE_SECTIONS: dict[str, SiteSection] = {}


def register_site_section(
    key: str, label: str | Promise
) -> Callable[[SectionURL], SectionURL]:
    """Register the decorated function as the URL of section `key`.

    The key is what menus and calls to action store, so it never changes once used.
    """

    def decorator(url: SectionURL) -> SectionURL:
        SITE_SECTIONS[key] = SiteSection(key=key, label=label, url=url)
        return url

    return decorator


def site_section_choices() -> list[tuple[str, str | Promise]]:
    return [(section.key, section.label) for section in SITE_SECTIONS.values()]


def site_section_url(key: str) -> str | None:
    """The URL of a registered section in the active language; None if unknown."""
    section = SITE_SECTIONS.get(key)
    return section.url() if section is not None else None
