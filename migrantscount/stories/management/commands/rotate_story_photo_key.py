from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from migrantscount.core.lib import crypto
from migrantscount.stories.services import photo_publication


class Command(BaseCommand):
    help = (
        "Re-encrypt the private story photos with the newest key in "
        "MIGRANTSCOUNT_ENCRYPTION_KEYS (rotate_encryption_key also does this)."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            files = photo_publication.rotate_private_photos()
        except (ImproperlyConfigured, crypto.DecryptionError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Re-encrypted {files} private story photos.")
