from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from migrantscount.core.lib import crypto
from migrantscount.core.services.encryption import rotate_encryption_key


class Command(BaseCommand):
    help = (
        "Re-encrypt all personal data with the newest key in "
        "MIGRANTSCOUNT_ENCRYPTION_KEYS. With --generate-key, print a new key and exit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="Print a fresh key to put first in MIGRANTSCOUNT_ENCRYPTION_KEYS.",
        )

    def handle(
        self, *args: object, generate_key: bool = False, **options: object
    ) -> None:
        if generate_key:
            self.stdout.write(crypto.generate_key())
            return
        try:
            rows = rotate_encryption_key()
        except (ImproperlyConfigured, crypto.DecryptionError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Re-encrypted {rows} rows with the newest key.")
