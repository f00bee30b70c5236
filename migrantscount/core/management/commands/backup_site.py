from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from migrantscount.core.services.backups import BackupError, backup_site


class Command(BaseCommand):
    help = "Write database, media and encryption keys to one tar.gz in var/backups/."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", type=Path, default=None)

    def handle(
        self, *args: object, output_dir: Path | None = None, **options: object
    ) -> None:
        try:
            archive = backup_site(backup_dir=output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {archive}")
