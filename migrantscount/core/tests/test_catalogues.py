"""compile_catalogues: builds .mo files without GNU gettext and refuses incomplete ones."""

import gettext
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

SPANISH_PLURALS = "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"


def write_catalogue(root: Path, forms: dict[int, str]) -> Path:
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "es",
        "Plural-Forms": SPANISH_PLURALS,
    }
    catalogue.append(polib.POEntry(msgid="Stories", msgstr="Historias"))
    catalogue.append(
        polib.POEntry(
            msgid="%(counter)s story",
            msgid_plural="%(counter)s stories",
            msgstr_plural=forms,
        )
    )
    path = root / "es" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    catalogue.save(str(path))
    return path


def test_a_missing_plural_form_fails_the_check(tmp_path: Path) -> None:
    write_catalogue(tmp_path, {0: "%(counter)s historia", 1: "%(counter)s historias"})
    with (
        override_settings(LOCALE_PATHS=[str(tmp_path)]),
        pytest.raises(CommandError, match="1 missing plural forms"),
    ):
        call_command("compile_catalogues", "--check")


def test_a_complete_catalogue_compiles_to_a_readable_mo(tmp_path: Path) -> None:
    forms = {
        0: "%(counter)s historia",
        1: "%(counter)s historias",
        2: "%(counter)s historias",
    }
    po_path = write_catalogue(tmp_path, forms)
    with override_settings(LOCALE_PATHS=[str(tmp_path)]):
        call_command("compile_catalogues", "--check")
    with po_path.with_suffix(".mo").open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    assert translations.gettext("Stories") == "Historias"
    assert translations.ngettext("%(counter)s story", "%(counter)s stories", 5) == (
        "%(counter)s historias"
    )
    assert translations.ngettext("%(counter)s story", "%(counter)s stories", 1) == (
        "%(counter)s historia"
    )


def test_shipped_spanish_catalogue_pluralises_the_story_count() -> None:
    from django.utils import translation

    call_command("compile_catalogues")
    with translation.override("es"):
        text = translation.ngettext("%(counter)s story", "%(counter)s stories", 5)
    assert text == "%(counter)s historias"
