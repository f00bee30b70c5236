"""Write a day's export pack (texts, images with alt texts, CSV schedule) to a ZIP."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from migrantscount.social.services import export


class Command(BaseCommand):
    help = (
        "Write the posts due on a day (the local date in each account's zone) as a "
        "ZIP for channels without a publishing API: UTF-8 texts, images with their "
        "alt text beside them, and schedule.csv."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="YYYY-MM-DD")
        parser.add_argument(
            "--language",
            action="append",
            default=[],
            help="Only this language (repeatable); default: every language.",
        )
        parser.add_argument("--out", required=True, help="The ZIP file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["date"])
        except ValueError as error:
            raise CommandError("--date must be YYYY-MM-DD.") from error
        content = export.build_pack(day=day, languages=options["language"] or None)
        Path(options["out"]).write_bytes(content)
        count = len(export.pack_deliveries(day, options["language"] or None))
        self.stdout.write(f"{options['out']}: {count} post(s) for {day.isoformat()}")
