"""Compile gettext catalogues with polib, so no GNU gettext is needed to run the site."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every .po catalogue under LOCALE_PATHS to .mo (polib, no gettext)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail when a catalogue has untranslated or fuzzy entries.",
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
                    if untranslated or fuzzy:
                        sample = ", ".join(
                            repr(e.msgid[:40]) for e in (untranslated + fuzzy)[:5]
                        )
                        problems.append(
                            f"{po_path}: {len(untranslated)} untranslated, "
                            f"{len(fuzzy)} fuzzy (e.g. {sample})"
                        )
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        if problems:
            raise CommandError("Incomplete catalogues:\n" + "\n".join(problems))
        self.stdout.write(f"compiled {count} catalogue(s)")
