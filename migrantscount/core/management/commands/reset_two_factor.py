from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from migrantscount.core.services import security


class Command(BaseCommand):
    help = "Remove a person's TOTP devices (lost phone); they enrol again at sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args: object, username: str = "", **options: object) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = security.reset_two_factor(user)
        self.stdout.write(f"Removed {removed} device(s) of {username}.")
