from dataclasses import dataclass

from babel import Locale as BabelLocale
from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Locale, Page
from wagtail.templatetags.wagtailcore_tags import richtext

from migrantscount.pages import chrome, sections
from migrantscount.pages.models import Branding, Footer, NavigationMenu
from migrantscount.pages.translations import (
    LanguageLink,
    hreflang_alternates,
    language_links,
)

register = template.Library()


def _active_locale() -> Locale | None:
    return Locale.objects.filter(language_code=translation.get_language()).first()


def _for_locale(model, locale: Locale | None):
    """The snippet row of the reader's language, falling back to the default language."""
    if locale is not None:
        row = model.objects.filter(locale=locale).first()
        if row is not None:
            return row
    return model.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@register.simple_tag
def site_branding() -> Branding | None:
    return chrome.cached(
        "branding", _language(), lambda: _for_locale(Branding, _active_locale())
    )


@dataclass(frozen=True)
class RenderedFooter:
    html: str
    copyright_line: str


def _build_footer() -> RenderedFooter | None:
    footer = _for_locale(Footer, _active_locale())
    if footer is None:
        return None
    # Page links in the rich text resolve to URLs here, once per language.
    return RenderedFooter(
        html=str(richtext(footer.text)), copyright_line=footer.copyright_line
    )


@register.simple_tag
def site_footer() -> RenderedFooter | None:
    footer = chrome.cached("footer", _language(), _build_footer)
    if footer is None:
        return None
    # Wagtail's own rich text rendering, cached as a plain string.
    html = mark_safe(footer.html)  # noqa: S308
    return RenderedFooter(html=html, copyright_line=footer.copyright_line)


@register.simple_tag
def site_section_url(key: str) -> str | None:
    return sections.site_section_url(key)


def _build_menu_links() -> list[dict[str, str]]:
    locale = _active_locale()
    menu = _for_locale(NavigationMenu, locale)
    links: list[dict[str, str]] = []
    if menu is None:
        return links
    for item in menu.items.select_related("page").all():
        if item.page is None:
            url = sections.site_section_url(item.section)
            if url is None:
                continue
        else:
            target = item.page.specific_deferred
            if locale is not None:
                target = target.get_translation_or_none(locale) or target
            if not target.live:
                continue
            url = target.url
        links.append({"label": item.label, "url": url})
    return links


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict:
    request = context.get("request")
    path = request.path if request is not None else ""
    items = [
        # The page or section being read, or anything below it.
        {**link, "is_current": bool(path and path.startswith(link["url"]))}
        for link in chrome.cached("menu", _language(), _build_menu_links)
    ]
    return {"items": items, "request": request}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict:
    page = context.get("page")
    request = context.get("request")
    if isinstance(page, Page):
        links = language_links(page, request)
    else:
        links = _view_language_links(request)
    return {"links": links}


def _view_language_links(request: HttpRequest | None) -> list[LanguageLink]:
    """Views that are not Wagtail pages (stories, corridors, chart embeds, the share
    form, the status page): the same view and query in each language. A URL that does
    not resolve in another language falls back to that language's home page, marked
    as not exact."""
    current = translation.get_language()
    path = request.get_full_path() if request is not None else "/"
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code) if request is not None else path
        exact = url != path or code == current
        links.append(
            LanguageLink(
                language_code=code,
                language_name=name,
                url=url if exact else f"/{code}/",
                is_current=code == current,
                is_exact=exact,
            )
        )
    return links


@register.simple_tag(takes_context=True)
def alternates(context: template.Context) -> list[tuple[str, str]]:
    page = context.get("page")
    if not isinstance(page, Page):
        return []
    return hreflang_alternates(page, context.get("request"))


@register.simple_tag
def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


@register.simple_tag(takes_context=True)
def untranslated_notice(context: template.Context) -> dict[str, str] | None:
    """Language names for the fallback notice, or None without a valid ?untranslated=.

    The language switcher adds ?untranslated=<code of the page left behind> when it
    links to the nearest translated ancestor instead of the page itself.
    """
    request = context.get("request")
    code = request.GET.get("untranslated", "") if request is not None else ""
    current = translation.get_language()
    if code not in dict(settings.LANGUAGES) or code == current:
        return None
    # CLDR names are cased for use inside a sentence ("en inglés", "in English").
    names = BabelLocale.parse(current).languages
    return {"source": names[code], "current": names[current]}


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    return settings.SITE_URL + path if path.startswith("/") else path
