from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from migrantscount.core.services.backups import BackupError, find_backups, restore_site


class Command(BaseCommand):
    help = (
        "Replace the database and media with a backup made by backup_site, migrate and "
        "replay the erasure ledger. Stop the site first. Without an archive, the "
        "newest one in var/backups/ is used."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", type=Path)
        parser.add_argument("--no-input", action="store_true")

    def handle(
        self,
        *args: object,
        archive: Path | None = None,
        no_input: bool = False,
        **options: object,
    ) -> None:
        if archive is None:
            found = find_backups()
            if not found:
                raise CommandError("No backups found in var/backups/.")
            archive = found[-1]
        if not no_input:
            answer = input(f"Replace ALL data with {archive}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            missing = restore_site(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {archive}.")
        if missing:
            self.stdout.write(
                "The restored personal data needs encryption keys this site lacks "
                f"(fingerprints {', '.join(missing)}): add them from your key export "
                "to MIGRANTSCOUNT_ENCRYPTION_KEYS (var/encryption_keys), then restart."
            )
