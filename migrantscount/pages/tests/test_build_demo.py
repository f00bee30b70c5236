import io

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import Translation, TranslationSource

from migrantscount.pages.demo import content_pages, content_press
from migrantscount.pages.demo.builder import add_rich_text
from migrantscount.pages.demo.texts import lang
from migrantscount.pages.models import (
    Branding,
    Footer,
    HomePage,
    NavigationItem,
    NavigationMenu,
    NewsPage,
)

LANGUAGES = {"en", "es", "fr", "pt"}


@pytest.fixture
def build(db, django_capture_on_commit_callbacks):
    def run() -> None:
        # wagtail-localize publishes translations on commit; tests run in a transaction.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("build_demo", stdout=io.StringIO())

    return run


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "sources": TranslationSource.objects.count(),
        "branding": Branding.objects.count(),
        "footers": Footer.objects.count(),
        "menus": NavigationMenu.objects.count(),
        "menu items": NavigationItem.objects.count(),
        "redirects": Redirect.objects.count(),
    }


def test_second_run_changes_nothing(build):
    build()
    first = counts()
    build()
    assert counts() == first
    assert first["branding"] == first["footers"] == first["menus"] == 4
    # wagtail-localize renames each new translation once; no redirect may remain.
    assert first["redirects"] == 0


def test_build_removes_stray_redirects_of_earlier_builds_only(build):
    build()
    spanish = Page.objects.get(locale__language_code="es", slug="quienes-somos")
    stray = Redirect.objects.create(
        old_path="/es/who-we-are", redirect_page=spanish, automatically_created=True
    )
    renamed_by_editor = Redirect.objects.create(
        old_path="/es/quienes-somos-antes",
        redirect_page=spanish,
        automatically_created=True,
    )
    by_hand = Redirect.objects.create(
        old_path="/es/who-we-are-2", redirect_page=spanish
    )
    build()
    remaining = set(Redirect.objects.values_list("pk", flat=True))
    assert remaining == {renamed_by_editor.pk, by_hand.pk}
    assert stray.pk not in remaining


def assert_every_page_is_live_in_all_four_languages() -> None:
    specs = content_pages.PAGES + content_press.PAGES
    for spec in specs:
        source = spec.get("source", "en")
        page = Page.objects.get(slug=spec["slug"][source], locale__language_code=source)
        translations = Page.objects.filter(translation_key=page.translation_key)
        by_language = {p.locale.language_code: p for p in translations}
        assert set(by_language) == LANGUAGES, spec["key"]
        for code, translation in by_language.items():
            assert translation.live, (spec["key"], code)
            assert translation.alias_of_id is None
            assert translation.title == spec["title"][code]
            assert translation.slug == spec["slug"][code]
    # Only the campaign's pages: root, plus each spec in four languages.
    assert Page.objects.count() == 1 + 4 * len(specs)


def assert_press_release_was_written_in_french() -> None:
    french = NewsPage.objects.get(
        locale__language_code="fr", slug=content_press.LAUNCH["slug"]["fr"]
    )
    source = TranslationSource.objects.get(object_id=french.translation_key)
    assert source.locale.language_code == "fr"
    assert french.title.startswith("L’OEA et l’OIM lancent")
    translations = NewsPage.objects.filter(translation_key=french.translation_key)
    assert {page.locale.language_code for page in translations} == LANGUAGES
    for page in translations:
        assert page.contact_email == "press@example.org"
        assert page.contact_phone == "+1 202 555 0100"
        assert str(page.date) == "2026-11-20"
    english = translations.get(locale__language_code="en")
    assert "Washington, D.C." in english.intro
    assert english.get_parent().locale.language_code == "en"


def assert_french_home_page_is_served(client) -> None:
    response = client.get("/fr/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Les migrants comptent dans les Amériques</h1>" in html
    assert '<html lang="fr"' in html
    # Menu and footer come from the French snippets and link to French pages.
    assert 'href="/fr/qui-sommes-nous/"' in html
    assert ">Qui sommes-nous</a>" in html
    assert 'href="/fr/avis-de-confidentialite/"' in html


def assert_default_site_points_at_english_home() -> None:
    home = HomePage.objects.get(locale__language_code="en")
    site = home.get_site()
    assert site.is_default_site
    assert site.site_name == "Migrants Count"
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()
    assert set(Locale.objects.values_list("language_code", flat=True)) == LANGUAGES


def test_demo_site_is_complete_in_four_languages(build, client):
    # One build for several checks: each build takes seconds.
    build()
    assert_every_page_is_live_in_all_four_languages()
    assert_press_release_was_written_in_french()
    assert_french_home_page_is_served(client)
    assert_default_site_points_at_english_home()


def test_rich_text_with_a_missing_paragraph_is_refused() -> None:
    texts = lang(
        en="<p>One.</p><p>Two.</p>",
        es="<p>Uno.</p><p>Dos.</p>",
        fr="<p>Un. Deux.</p>",
        pt="<p>Um.</p><ul><li>Dois.</li></ul>",
    )
    strings: dict[str, str] = {}
    add_rich_text(strings, texts, "en", "pt")
    assert strings == {"One.": "Um.", "Two.": "Dois."}
    with pytest.raises(ValueError, match="segments"):
        add_rich_text({}, texts, "en", "fr")


def test_other_apps_add_their_demo_content_as_steps() -> None:
    from migrantscount.pages.demo import DEMO_STEPS

    names = {step.__name__ for step in DEMO_STEPS}
    assert {"country_pages_demo_step", "example_stories_demo_step"} <= names


def test_build_demo_runs_each_registered_step(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    calls: list[str] = []

    def step() -> str:
        calls.append("ran")
        return "Example step done."

    monkeypatch.setattr("migrantscount.pages.demo.DEMO_STEPS", [step])
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_demo", stdout=output)
    assert calls == ["ran"]
    assert "Example step done." in output.getvalue()


def demo_page(key: str, language: str = "en") -> Page:
    spec = next(s for s in content_pages.PAGES + content_press.PAGES if s["key"] == key)
    source = Page.objects.get(
        slug=spec["slug"][spec.get("source", "en")],
        locale__language_code=spec.get("source", "en"),
    )
    return source.get_translation(Locale.objects.get(language_code=language))


def test_a_later_build_leaves_editors_changes_alone(build):
    from migrantscount.stories.models import Story

    build()
    edited = demo_page("our_work").specific
    edited.title = "Our work, as the editor wrote it"
    edited.save_revision().publish()
    unpublished = demo_page("partnerships")
    unpublished.specific.unpublish()
    deleted_key = demo_page("accessibility").translation_key
    for page in Page.objects.filter(translation_key=deleted_key):
        page.delete()
    assert Story.objects.filter(slug="example-nurse-toronto").delete()[0]
    before = counts()
    stories = Story.objects.count()

    build()

    assert Page.objects.get(pk=edited.pk).title == "Our work, as the editor wrote it"
    assert not Page.objects.get(pk=unpublished.pk).live
    assert not Page.objects.filter(translation_key=deleted_key).exists()
    assert not Page.objects.filter(slug="accessibility").exists()
    assert not Story.objects.filter(slug="example-nurse-toronto").exists()
    assert Story.objects.count() == stories
    assert counts() == before


def test_databases_built_by_earlier_versions_count_as_built(build):
    """The migration records the steps every earlier build_demo ran."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from migrantscount.pages.demo import step_name
    from migrantscount.pages.demo.builder import site_demo_step
    from migrantscount.pages.models import DemoStepRun
    from migrantscount.profiles.demo import country_pages_demo_step
    from migrantscount.stories.demo import example_stories_demo_step

    migration = importlib.import_module(
        "migrantscount.pages.migrations.0003_demo_step_run"
    )
    assert migration.EARLIER_STEPS == {
        "pages": step_name(site_demo_step),
        "profiles": step_name(country_pages_demo_step),
        "stories": step_name(example_stories_demo_step),
    }
    editor = SimpleNamespace(connection=connection)
    migration.record_earlier_builds(apps, editor)
    assert not DemoStepRun.objects.exists()  # an empty database: nothing was built
    build()
    DemoStepRun.objects.all().delete()
    migration.record_earlier_builds(apps, editor)
    # No reference data in tests, so no country pages were built.
    assert set(DemoStepRun.objects.values_list("name", flat=True)) == {
        step_name(site_demo_step),
        step_name(example_stories_demo_step),
    }


def test_each_step_runs_once_and_a_step_added_later_runs_once_too(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    from migrantscount.pages.demo import DemoStepNotReady, step_name
    from migrantscount.pages.demo.builder import site_demo_step
    from migrantscount.pages.models import DemoStepRun

    # The site tree counts as built: only the registered steps matter here.
    DemoStepRun.objects.create(name=step_name(site_demo_step))
    calls: list[str] = []
    ready = False

    def first() -> str:
        calls.append("first")
        return "First step done."

    def added_later() -> str:
        calls.append("added later")
        return "Later step done."

    def waits_for_data() -> str:
        calls.append("waits")
        if not ready:
            raise DemoStepNotReady("No data yet.")
        return "Data step done."

    def run(*options: str) -> str:
        output = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("build_demo", *options, stdout=output)
        return output.getvalue()

    monkeypatch.setattr("migrantscount.pages.demo.DEMO_STEPS", [first, waits_for_data])
    assert "First step done." in run()
    assert "No data yet." in run()
    assert calls == ["first", "waits", "waits"]

    calls.clear()
    ready = True
    monkeypatch.setattr(
        "migrantscount.pages.demo.DEMO_STEPS", [first, waits_for_data, added_later]
    )
    output = run()
    assert "Later step done." in output
    assert "built before" in output
    run()
    assert calls == ["waits", "added later"]

    calls.clear()
    run("--rebuild")
    assert calls == ["first", "waits", "added later"]
    assert Page.objects.count() > 1  # --rebuild also ran the site tree's step
