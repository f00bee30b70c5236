from django.conf import settings
from django.core.management.base import BaseCommand

from migrantscount.stories.services import submissions


class Command(BaseCommand):
    help = (
        "Erase story contacts STORIES_CONTACT_RETENTION_DAYS days after the story "
        "was published or rejected."
    )

    def handle(self, *args: object, **options: object) -> None:
        erased = submissions.erase_expired_contacts()
        self.stdout.write(
            f"Erased contact details of {erased} submissions "
            f"(retention {settings.STORIES_CONTACT_RETENTION_DAYS} days)."
        )
