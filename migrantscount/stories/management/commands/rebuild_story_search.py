from django.core.management.base import BaseCommand
from django.db import transaction

from migrantscount.stories import search_index


class Command(BaseCommand):
    help = (
        "Rebuild the public story search's table from the live stories (after a "
        "change to the analysis or the stemmer; update_index rebuilds Wagtail's)."
    )

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            count = search_index.rebuild()
        self.stdout.write(f"{count} live stories indexed for the public search.")
