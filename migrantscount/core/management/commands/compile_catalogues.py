"""Compile gettext catalogues with polib, so no GNU gettext is needed to run the site."""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every .po catalogue under LOCALE_PATHS to .mo (polib, no gettext)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=(
                "Fail when a catalogue has untranslated or fuzzy entries, or plural "
                "entries with fewer forms than its Plural-Forms header asks for."
            ),
        )

    def handle(self, *args: object, check: bool = False, **options: object) -> None:
        problems: list[str] = []
        count = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                if check and po_path.parts[-3] != "en":
                    untranslated = catalogue.untranslated_entries()
                    fuzzy = catalogue.fuzzy_entries()
                    short = missing_plural_forms(catalogue)
                    if untranslated or fuzzy or short:
                        sample = ", ".join(
                            repr(e.msgid[:40])
                            for e in (untranslated + fuzzy + short)[:5]
                        )
                        problems.append(
                            f"{po_path}: {len(untranslated)} untranslated, "
                            f"{len(fuzzy)} fuzzy, {len(short)} missing plural forms "
                            f"(e.g. {sample})"
                        )
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        if problems:
            raise CommandError("Incomplete catalogues:\n" + "\n".join(problems))
        self.stdout.write(f"compiled {count} catalogue(s)")


def missing_plural_forms(catalogue: polib.POFile) -> list[polib.POEntry]:
    """Plural entries lacking a form the header declares.

    gettext falls back to the English msgid when the form it picks is missing, so
    Spanish (CLDR: one, many, other) shows "5 stories" if only two forms are given.
    """
    match = re.search(
        r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", "")
    )
    nplurals = int(match.group(1)) if match else 2
    return [
        entry
        for entry in catalogue
        if entry.msgid_plural
        and not entry.obsolete
        and any(not entry.msgstr_plural.get(index) for index in range(nplurals))
    ]
