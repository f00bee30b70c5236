from django.core.management.base import BaseCommand

from migrantscount.core.services.roles import seed_roles


class Command(BaseCommand):
    help = (
        "Create or update the least-privilege groups (Editors, Translators, Story "
        "moderators, Data officers, Campaign approvers). Safe to re-run; run again "
        "after new apps are migrated to grant their permissions."
    )

    def handle(self, *args: object, **options: object) -> None:
        groups = seed_roles()
        self.stdout.write(f"Roles up to date: {', '.join(groups)}")
