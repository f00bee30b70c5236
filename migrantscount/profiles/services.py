"""Build the Americas overview and one profile page per OAS member state, idempotently."""

from dataclasses import dataclass, field

from babel import Locale as BabelLocale
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from migrantscount.core.lib.languages import language_codes
from migrantscount.core.redirects import remove_translation_redirects
from migrantscount.data.models import Country
from migrantscount.pages.demo.localize import translate_instance

from .models import AmericasPage, CountryPage

AMERICAS_REGION = "019"  # UN M49 / CLDR territory code of the Americas


@dataclass
class BuildReport:
    created: list[str] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)


def cldr_name(code: str, language: str) -> str:
    """A territory's name in `language`, from CLDR (ISO alpha-2 or M49 region code)."""
    return str(BabelLocale.parse(language).territories[code])


def _titles(code: str) -> dict[str, str]:
    return {language: cldr_name(code, language) for language in language_codes()}


def _translate(
    page: Page, titles: dict[str, str], locales: dict[str, Locale], report: BuildReport
) -> None:
    source = page.locale.language_code
    for language, locale in locales.items():
        if language == source or page.has_translation(locale):
            continue
        strings = {
            titles[source]: titles[language],
            page.slug: slugify(titles[language]),
        }
        translate_instance(page, locale, strings)
        report.translated.append(f"{page.slug} [{language}]")


def _ensure_child(
    parent: Page, page_class: type[Page], *, report: BuildReport, **fields: object
) -> Page:
    existing = (
        page_class.objects.child_of(parent)
        .filter(**{key: value for key, value in fields.items() if key != "title"})
        .first()
    )
    if existing is not None:
        return existing
    page = parent.add_child(instance=page_class(locale=parent.locale, **fields))
    page.save_revision().publish()
    report.created.append(str(fields["slug"]))
    return page


@transaction.atomic
def build_country_pages(*, home: Page | None = None) -> BuildReport:
    report = BuildReport()
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code in language_codes()
    }
    source_language = settings.LANGUAGE_CODE
    if home is None:
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.get_translation(locales[source_language])
    members = list(Country.objects.oas_members().order_by("name_en"))
    if not members:
        raise ValueError("No OAS member states: run `manage.py import_data` first.")

    overview_titles = _titles(AMERICAS_REGION)
    overview = _ensure_child(
        home,
        AmericasPage,
        report=report,
        title=overview_titles[source_language],
        slug=slugify(overview_titles[source_language]),
    )
    _translate(overview, overview_titles, locales, report)
    keys = {overview.translation_key}
    for country in members:
        titles = _titles(country.iso2)
        page = _ensure_child(
            overview,
            CountryPage,
            report=report,
            title=titles[source_language],
            slug=slugify(titles[source_language]),
            country=country,
        )
        _translate(page, titles, locales, report)
        keys.add(page.translation_key)
    # wagtail-localize renames each new translation after saving it under the source
    # slug; Wagtail records those renames as redirects (on commit) from paths that
    # never served anything. Remove them once they exist.
    transaction.on_commit(lambda: remove_translation_redirects(keys))
    return report
