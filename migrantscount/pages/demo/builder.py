"""Build the demo campaign site from the parallel texts in the content modules.

A page spec is a dict whose translatable values are {language_code: text} mappings:
the source language's text is written to the page, the other languages become the
{source: target} string mapping that wagtail-localize needs. Rich text is segmented
with wagtail-localize's own `extract_strings`, so segments match exactly.

Every step looks for what already exists (pages by locale, slug and parent; snippets
by locale; translations by translation key) and skips it. `build_demo` runs it once
per database (`site_demo_step`, recorded like the other apps' steps, see pages.demo);
only the removal of stray redirects (`remove_stray_redirects`) runs every time.
"""

import datetime
import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.conf import settings
from django.db import models, transaction
from wagtail.models import Locale, Page, Site
from wagtail_localize.strings import extract_strings

from migrantscount.core.lib.languages import language_codes
from migrantscount.core.redirects import remove_translation_redirects
from migrantscount.core.wagtail_tree import ensure_wagtail_root
from migrantscount.pages.models import (
    Branding,
    Footer,
    HomePage,
    NavigationItem,
    NavigationMenu,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)

from . import content_pages, content_press, content_snippets
from .localize import translate_instance
from .texts import Spec, Texts

PAGE_TYPES: dict[str, type[Page]] = {
    "home": HomePage,
    "standard": StandardPage,
    "news_index": NewsIndexPage,
    "news": NewsPage,
}
TEXT_FIELDS = ("title", "slug", "intro", "dateline_city", "contact_name")
PLAIN_FIELDS = ("date", "contact_phone", "contact_email")
PAGE_LINK = re.compile(r"\{page:([a-z0-9_]+)\}")


@dataclass
class Summary:
    created: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    removed_redirects: int = 0

    def count(self, what: str, *, created: bool) -> None:
        bucket = self.created if created else self.skipped
        bucket[what] = bucket.get(what, 0) + 1

    def lines(self) -> list[str]:
        kinds = sorted(set(self.created) | set(self.skipped))
        lines = [
            f"{kind}: {self.created.get(kind, 0)} created, "
            f"{self.skipped.get(kind, 0)} already there"
            for kind in kinds
        ]
        if self.removed_redirects:
            lines.append(f"stray redirects removed: {self.removed_redirects}")
        return lines


# Strings: from parallel texts to wagtail-localize segments -----------------------


def rich_text_segments(value: str) -> list[str]:
    """The string segments wagtail-localize extracts from a rich text value."""
    _template, strings = extract_strings(value)
    return [string.data for string, _attrs in strings]


def _segment_target(data: str) -> str:
    # translate_instance escapes targets without markup; give it plain text then.
    return data if "<" in data else html.unescape(data)


def add_rich_text(strings: dict[str, str], texts: Texts, source: str, target: str):
    source_segments = rich_text_segments(texts[source])
    target_segments = rich_text_segments(texts[target])
    if len(source_segments) != len(target_segments):
        raise ValueError(
            f"{target} rich text has {len(target_segments)} segments, "
            f"{source} has {len(source_segments)}: {texts[source][:80]!r}"
        )
    for source_text, target_text in zip(source_segments, target_segments, strict=True):
        add_string(strings, source_text, _segment_target(target_text))


def add_string(strings: dict[str, str], source_text: str, target_text: str) -> None:
    key = " ".join(html.unescape(source_text).split())
    if strings.get(key, target_text) != target_text:
        raise ValueError(f"Two translations for {source_text!r}")
    strings[key] = target_text


def block_strings(
    blocks: Iterable[tuple[str, Any]], source: str, target: str
) -> dict[str, str]:
    strings: dict[str, str] = {}
    for block_type, value in blocks:
        if block_type == "heading":
            add_string(strings, value[source], value[target])
        elif block_type == "paragraph":
            add_rich_text(strings, value, source, target)
        elif block_type in ("quote", "call_to_action"):
            for texts in value.values():
                if isinstance(texts, Mapping) and texts.get(source):
                    add_string(strings, texts[source], texts[target])
    return strings


def page_strings(spec: Spec, source: str, target: str) -> dict[str, str]:
    strings = block_strings(spec.get("body", []), source, target)
    for name in TEXT_FIELDS:
        if name in spec and spec[name][source]:
            add_string(strings, spec[name][source], spec[name][target])
    return strings


# Values in one language ------------------------------------------------------------


class PageLinks:
    """Page keys of the content modules → pages, for links and calls to action."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}

    def menu_target(self, key: str) -> dict[str, Any]:
        """`section:<key>` names a registered site section; any other key a page."""
        if key.startswith("section:"):
            return {"section": key.removeprefix("section:")}
        return {"page": self.pages[key]}

    def rich_text(self, value: str) -> str:
        return PAGE_LINK.sub(lambda match: str(self.pages[match.group(1)].pk), value)


def block_value(
    blocks: Iterable[tuple[str, Any]], language: str, links: PageLinks
) -> list[tuple[str, Any]]:
    values: list[tuple[str, Any]] = []
    for block_type, value in blocks:
        if block_type == "heading":
            values.append((block_type, value[language]))
        elif block_type == "paragraph":
            values.append((block_type, links.rich_text(value[language])))
        elif block_type == "quote":
            values.append(
                (
                    block_type,
                    {name: texts[language] for name, texts in value.items()},
                )
            )
        elif block_type == "call_to_action":
            values.append(
                (
                    block_type,
                    {
                        "title": value["title"][language],
                        "text": value.get("text", {}).get(language, ""),
                        "page": links.pages[value["page"]] if "page" in value else None,
                        "section": value.get("section", ""),
                        "button_label": value["button_label"][language],
                    },
                )
            )
        else:
            raise ValueError(f"Unknown block type {block_type!r}")
    return values


def page_fields(spec: Spec, language: str) -> dict[str, Any]:
    values = {name: spec[name][language] for name in TEXT_FIELDS if name in spec}
    values.update({name: spec[name] for name in PLAIN_FIELDS if name in spec})
    if isinstance(values.get("date"), str):
        values["date"] = datetime.date.fromisoformat(values["date"])
    return values


# The builder -----------------------------------------------------------------------


class DemoBuilder:
    def __init__(self) -> None:
        self.summary = Summary()
        self.links = PageLinks()
        self.locales: dict[str, Locale] = {}

    def ensure_locales(self) -> None:
        for code in language_codes():
            locale, created = Locale.objects.get_or_create(language_code=code)
            self.locales[code] = locale
            self.summary.count("locales", created=created)

    # Home page and site ----------------------------------------------------------

    def ensure_home(self, spec: Spec) -> HomePage:
        root = ensure_wagtail_root()
        english = self.locales["en"]
        home = (
            HomePage.objects.child_of(root)
            .filter(locale=english)
            .order_by("pk")
            .first()
        )
        if home is None:
            # Wagtail's migrations leave a plain "Welcome" page that owns the slug.
            root.get_children().filter(
                content_type__app_label="wagtailcore", content_type__model="page"
            ).delete()
            home = HomePage(locale=english, live=False, **page_fields(spec, "en"))
            root.add_child(instance=home)
        self.ensure_site(home)
        return home

    def ensure_site(self, home: HomePage) -> None:
        url = urlsplit(settings.SITE_URL)
        wanted = {
            "hostname": url.hostname or "localhost",
            "port": url.port or (443 if url.scheme == "https" else 80),
            "root_page_id": home.pk,
            "site_name": "Migrants Count",
            "is_default_site": True,
        }
        site = Site.objects.filter(is_default_site=True).first() or Site()
        if all(getattr(site, name) == value for name, value in wanted.items()):
            return
        for name, value in wanted.items():
            setattr(site, name, value)
        site.save()

    # Source pages ----------------------------------------------------------------

    def find_child(self, parent: Page, slug: str, locale: Locale) -> Page | None:
        return parent.get_children().filter(slug=slug, locale=locale).specific().first()

    def ensure_draft(self, spec: Spec) -> Page:
        """Create the source page unpublished, so pages can link to each other."""
        if spec["type"] == "home":
            page: Page = self.ensure_home(spec)
            self.links.pages[spec["key"]] = page
            return page
        source = spec.get("source", "en")
        locale = self.locales[source]
        parent = self.links.pages[spec["parent"]]
        if parent.locale_id != locale.pk:
            parent = parent.get_translation(locale)
        page = self.find_child(parent, spec["slug"][source], locale)
        if page is None:
            page = PAGE_TYPES[spec["type"]](
                locale=locale, live=False, **page_fields(spec, source)
            )
            if spec["type"] == "news":
                # A press release's body is required; it links only to built pages.
                page.body = block_value(spec["body"], source, self.links)
            parent.add_child(instance=page)
        self.links.pages[spec["key"]] = page
        return page

    def publish_source(self, spec: Spec, page: Page) -> None:
        if page.live:
            self.summary.count("pages", created=False)
            return
        source = spec.get("source", "en")
        for name, value in page_fields(spec, source).items():
            setattr(page, name, value)
        if "body" in spec:
            page.body = block_value(spec["body"], source, self.links)
        page.save_revision().publish()
        self.summary.count("pages", created=True)

    def build_pages(self, specs: Iterable[Spec]) -> list[Spec]:
        """Create and publish the source pages of a tree (parents listed first)."""
        specs = list(specs)
        drafts = [(spec, self.ensure_draft(spec)) for spec in specs]
        for spec, page in drafts:
            self.publish_source(spec, page)
        return specs

    # Translations ----------------------------------------------------------------

    def translate(
        self, instance: models.Model, strings: dict[str, str], language: str
    ) -> models.Model:
        locale = self.locales[language]
        existing = instance.get_translation_or_none(locale)  # type: ignore[attr-defined]
        kind = "page translations" if isinstance(instance, Page) else "snippets"
        if existing is not None and getattr(existing, "alias_of_id", None) is None:
            self.summary.count(kind, created=False)
            return existing
        translation = translate_instance(instance, locale, strings)
        self.summary.count(kind, created=True)
        return translation

    def translate_page(self, spec: Spec) -> None:
        source = spec.get("source", "en")
        page = self.links.pages[spec["key"]]
        for language in language_codes():
            if language != source:
                self.translate(page, page_strings(spec, source, language), language)

    # Snippets ----------------------------------------------------------------------

    def ensure_snippet(
        self,
        model: type[models.Model],
        build: Callable[[Locale], models.Model],
        strings: Callable[[str], dict[str, str]],
    ) -> None:
        english = self.locales["en"]
        source = model.objects.filter(locale=english).first()  # type: ignore[attr-defined]
        self.summary.count("snippets", created=source is None)
        if source is None:
            source = build(english)
        for language in language_codes():
            if language != "en":
                self.translate(source, strings(language), language)

    def build_branding(self, spec: Spec) -> None:
        def build(locale: Locale) -> Branding:
            return Branding.objects.create(
                locale=locale, **{name: texts["en"] for name, texts in spec.items()}
            )

        def strings(language: str) -> dict[str, str]:
            mapping: dict[str, str] = {}
            for texts in spec.values():
                add_string(mapping, texts["en"], texts[language])
            return mapping

        self.ensure_snippet(Branding, build, strings)

    def build_footer(self, spec: Spec) -> None:
        def build(locale: Locale) -> Footer:
            return Footer.objects.create(
                locale=locale,
                text=self.links.rich_text(spec["text"]["en"]),
                copyright_line=spec["copyright_line"]["en"],
            )

        def strings(language: str) -> dict[str, str]:
            mapping: dict[str, str] = {}
            add_rich_text(mapping, spec["text"], "en", language)
            add_string(
                mapping, spec["copyright_line"]["en"], spec["copyright_line"][language]
            )
            return mapping

        self.ensure_snippet(Footer, build, strings)

    def build_menu(self, spec: Spec) -> None:
        def build(locale: Locale) -> NavigationMenu:
            menu = NavigationMenu(locale=locale, name=spec["name"]["en"])
            menu.items = [
                NavigationItem(label=item["label"]["en"], **self.links.menu_target(key))
                for key, item in spec["items"]
            ]
            menu.save()
            return menu

        def strings(language: str) -> dict[str, str]:
            mapping: dict[str, str] = {}
            add_string(mapping, spec["name"]["en"], spec["name"][language])
            for _key, item in spec["items"]:
                add_string(mapping, item["label"]["en"], item["label"][language])
            return mapping

        self.ensure_snippet(NavigationMenu, build, strings)

    # Redirects ---------------------------------------------------------------------

    def remove_translation_redirects(self) -> None:
        """41 redirects on a fresh build, from slugs the translations never had live."""
        keys = {page.translation_key for page in self.links.pages.values()}
        self.summary.removed_redirects += remove_translation_redirects(keys)


def demo_translation_keys() -> set[UUID]:
    """The translation keys of the demo's pages that are still there, found as the
    builder finds them (locale, slug and parent); nothing is created."""
    root = Page.get_first_root_node()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    if root is None or "en" not in locales:
        return set()
    pages: dict[str, Page] = {}
    for spec in [*content_pages.PAGES, *content_press.PAGES]:
        page: Page | None
        if spec["type"] == "home":
            page = (
                HomePage.objects.child_of(root)
                .filter(locale=locales["en"])
                .order_by("pk")
                .first()
            )
        else:
            locale = locales.get(spec.get("source", "en"))
            parent = pages.get(spec["parent"])
            if parent is not None and locale is not None:
                if parent.locale_id != locale.pk:
                    parent = parent.get_translation_or_none(locale)
            page = None
            if parent is not None and locale is not None:
                slug = spec["slug"][locale.language_code]
                page = parent.get_children().filter(slug=slug, locale=locale).first()
        if page is not None:
            pages[spec["key"]] = page
    return {page.translation_key for page in pages.values()}


def remove_stray_redirects() -> int:
    """Remove the redirects wagtail-localize's renames left on the demo's pages (also
    those of builds by earlier versions); run by every `build_demo`, on commit."""
    return remove_translation_redirects(demo_translation_keys())


def site_demo_step() -> str:
    """The site tree, menu, branding and footer: the first step of `build_demo`."""
    return "\n".join(build_demo().lines()) or "Site tree: nothing to do."


def build_demo() -> Summary:
    builder = DemoBuilder()
    builder.ensure_locales()
    for tree in (content_pages.PAGES, content_press.PAGES):
        for spec in builder.build_pages(tree):
            builder.translate_page(spec)
    builder.build_branding(content_snippets.BRANDING)
    builder.build_menu(content_snippets.MENU)
    builder.build_footer(content_snippets.FOOTER)
    # After the on-commit callbacks that create the redirects (queued earlier).
    transaction.on_commit(builder.remove_translation_redirects)
    return builder.summary
