import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Write the personal-data encryption keys to a file (owner-only), to keep apart "
        "from the backups: an archive never holds them."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="File to create.")

    def handle(self, *args: object, output: Path, **options: object) -> None:
        keys = [key for key in settings.MIGRANTSCOUNT_ENCRYPTION_KEYS if key]
        if not keys:
            raise CommandError("No encryption keys are configured.")
        try:
            fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as error:
            raise CommandError(f"{output} exists; choose a new file.") from error
        with os.fdopen(fd, "w") as file:
            file.write(",".join(keys) + "\n")
        self.stdout.write(
            f"{len(keys)} keys written to {output}. Store it apart from the backups "
            "(a password manager, an offline medium), never next to them."
        )
