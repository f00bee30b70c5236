"""Factories for a minimal page tree: home, news index and a press release, translated."""

import datetime

import factory
from django.conf import settings
from wagtail.models import Locale, Page, Site

from migrantscount.core.wagtail_tree import ensure_wagtail_root
from migrantscount.pages.demo.localize import translate_instance
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


def ensure_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


class HomePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomePage

    title = factory.Sequence(lambda n: f"Home {n}")
    slug = factory.Sequence(lambda n: f"home-{n}")
    intro = "Migrants contribute to development in their countries of origin."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        root = ensure_wagtail_root()
        page = model_class(*args, **kwargs)
        root.add_child(instance=page)
        page.save_revision().publish()
        return page


def add_child_page(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_site_tree(*, translate: bool = True) -> dict[str, Page]:
    """English home → news index → press release, plus an about page; translated to
    es/fr/pt through wagtail-localize, with a menu, branding and footer per language."""
    locales = ensure_locales()
    Page.objects.filter(depth=2).exclude(content_type__model__in=["homepage"]).delete()
    home = HomePageFactory(title="Migrants Count", slug="home", locale=locales["en"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Migrants Count",
        },
    )
    about = add_child_page(
        home,
        StandardPage(
            title="Who we are",
            slug="who-we-are",
            intro="We count migrants' contributions.",
            body=[("paragraph", "<p>An about page.</p>")],
        ),
    )
    news = add_child_page(
        home, NewsIndexPage(title="News", slug="news", intro="Press releases.")
    )
    release = add_child_page(
        news,
        NewsPage(
            title="Campaign launched",
            slug="campaign-launched",
            date=datetime.date(2026, 11, 20),
            dateline_city="Washington, D.C.",
            intro="The OAS and IOM launch Migrants Count.",
            body=[("paragraph", "<p>Body of the release.</p>")],
            contact_name="Press office",
            contact_phone="+1 202 555 0100",
            contact_email="press@example.org",
        ),
    )
    pages: dict[str, Page] = {
        "home": home,
        "about": about,
        "news": news,
        "release": release,
    }
    Branding.objects.create(
        locale=locales["en"],
        organisation_name="OAS · IOM",
        site_name="Migrants Count",
        logo_alt_text="Migrants Count home",
    )
    Footer.objects.create(locale=locales["en"], text="<p>Footer text.</p>")
    menu = NavigationMenu(locale=locales["en"], name="Main menu")
    menu.items = [
        NavigationItem(label="Who we are", page=about),
        NavigationItem(label="News", page=news),
    ]
    menu.save()
    if translate:
        for code in ("es", "fr", "pt"):
            translate_tree(pages, locales[code])
    return pages


def translate_tree(pages: dict[str, Page], locale: Locale) -> None:
    code = locale.language_code
    suffix = f" [{code}]"
    strings = {
        "Migrants Count": f"Migrants Count{suffix}",
        "home": f"home-{code}",
        "Migrants contribute to development in their countries of origin.": f"Intro{suffix}",
        "Who we are": f"Who we are{suffix}",
        "who-we-are": f"who-we-are-{code}",
        "We count migrants' contributions.": f"About intro{suffix}",
        "An about page.": f"An about page{suffix}.",
        "News": f"News{suffix}",
        "news": f"news-{code}",
        "Press releases.": f"Press releases{suffix}.",
        "Campaign launched": f"Campaign launched{suffix}",
        "campaign-launched": f"campaign-launched-{code}",
        "Washington, D.C.": "Washington, D.C.",
        "The OAS and IOM launch Migrants Count.": f"Lead{suffix}",
        "Body of the release.": f"Body{suffix}.",
        "Press office": f"Press office{suffix}",
        "OAS · IOM": f"OAS · IOM{suffix}",
        "Migrants Count home": f"Home{suffix}",
        "Footer text.": f"Footer text{suffix}.",
        "Main menu": f"Main menu{suffix}",
    }
    for key in ("home", "about", "news", "release"):
        translate_instance(pages[key], locale, strings)
    for snippet in (
        Branding.objects.get(locale__language_code="en"),
        Footer.objects.get(locale__language_code="en"),
        NavigationMenu.objects.get(locale__language_code="en"),
    ):
        translate_instance(snippet, locale, strings)
