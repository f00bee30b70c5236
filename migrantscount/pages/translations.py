"""Which translation of a page to link to, for the language switcher and hreflang."""

from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Locale, Page


@dataclass(frozen=True)
class LanguageLink:
    language_code: str
    language_name: str
    url: str
    is_current: bool
    is_exact: (
        bool  # False when the page is untranslated and the link goes to an ancestor
    )


def _live_translation(page: Page, locale: Locale) -> Page | None:
    if page.locale_id == locale.pk:
        return page if page.live else None
    return (
        Page.objects.live()
        .public()
        .filter(translation_key=page.translation_key, locale=locale)
        .first()
    )


def nearest_live_translation(page: Page, locale: Locale) -> tuple[Page | None, bool]:
    """The page's live translation, else the nearest ancestor that has one."""
    translation = _live_translation(page, locale)
    if translation is not None:
        return translation, True
    for ancestor in page.get_ancestors(inclusive=False).filter(depth__gt=1).reverse():
        translation = _live_translation(ancestor, locale)
        if translation is not None:
            return translation, False
    return None, False


def language_links(page: Page, request=None) -> list[LanguageLink]:
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    links = []
    for code, name in settings.LANGUAGES:
        locale = locales.get(code)
        if locale is None:
            continue
        target, exact = nearest_live_translation(page, locale)
        if target is None:
            continue
        url = target.get_url(request=request)
        if not url:
            continue
        if not exact:
            url = f"{url}?untranslated={page.locale.language_code}"
        links.append(
            LanguageLink(
                language_code=code,
                language_name=name,
                url=url,
                is_current=page.locale_id == locale.pk,
                is_exact=exact,
            )
        )
    return links


def hreflang_alternates(page: Page, request=None) -> list[tuple[str, str]]:
    """(language, absolute URL) for every live translation, the page itself included."""
    alternates = []
    translations = (
        Page.objects.live()
        .public()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
    )
    for translation in translations:
        url = translation.get_full_url(request=request)
        if url:
            alternates.append((translation.locale.language_code, url))
    return sorted(alternates)
