from typing import Any

from django.core.management.base import BaseCommand, CommandError

from migrantscount.data.models import Country
from migrantscount.profiles.services import build_country_pages


class Command(BaseCommand):
    help = (
        "Create the Americas overview and one profile page per OAS member state, "
        "with es/fr/pt translations titled from CLDR. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not Country.objects.oas_members().exists():
            # Nothing to build yet; `make run` calls this before data may exist.
            self.stderr.write(
                "No OAS member states: run `manage.py import_data` first."
            )
            return
        try:
            report = build_country_pages()
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Country pages: {len(report.created)} created, "
            f"{len(report.translated)} translations made."
        )
