from typing import Any

from django.core.management.base import BaseCommand

from migrantscount.data.services.reference import load_reference_data


class Command(BaseCommand):
    help = "Load or refresh countries, OAS membership and SDGs (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_reference_data()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"{report.countries} countries ({report.oas_members} OAS members), "
                f"{report.goals} goals, {report.targets} targets"
            )
