from babel import Locale as BabelLocale
from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page

from migrantscount.pages import sections
from migrantscount.pages.models import Branding, Footer, NavigationMenu
from migrantscount.pages.translations import hreflang_alternates, language_links

register = template.Library()


def _active_locale() -> Locale | None:
    return Locale.objects.filter(language_code=translation.get_language()).first()


def _for_locale(model, locale: Locale | None):  # type: ignore[no-untyped-def]
    """The snippet row of the reader's language, falling back to the default language."""
    if locale is not None:
        row = model.objects.filter(locale=locale).first()
        if row is not None:
            return row
    return model.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()


@register.simple_tag
def site_branding() -> Branding | None:
    return _for_locale(Branding, _active_locale())


@register.simple_tag
def site_footer() -> Footer | None:
    return _for_locale(Footer, _active_locale())


@register.simple_tag
def site_section_url(key: str) -> str | None:
    return sections.site_section_url(key)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict:
    locale = _active_locale()
    menu = _for_locale(NavigationMenu, locale)
    current = context.get("page")
    request = context.get("request")
    items = []
    if menu is not None:
        for item in menu.items.select_related("page").all():
            if item.page is None:
                url = sections.site_section_url(item.section)
                if url is None:
                    continue
                is_current = bool(request and request.path.startswith(url))
            else:
                target = item.page.specific_deferred
                if locale is not None:
                    target = target.get_translation_or_none(locale) or target
                if not target.live:
                    continue
                url = target.url
                is_current = bool(
                    current
                    and isinstance(current, Page)
                    and (current.pk == target.pk or current.is_descendant_of(target))
                )
            items.append({"label": item.label, "url": url, "is_current": is_current})
    return {"items": items, "request": request}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict:
    page = context.get("page")
    request = context.get("request")
    if isinstance(page, Page):
        links = language_links(page, request)
    else:
        current = translation.get_language()
        links = [
            {
                "language_code": code,
                "language_name": name,
                "url": f"/{code}/",
                "is_current": code == current,
                "is_exact": True,
            }
            for code, name in settings.LANGUAGES
        ]
    return {"links": links}


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
