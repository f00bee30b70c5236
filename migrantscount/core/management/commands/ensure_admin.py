"""Create the local demo administrator once; the password is generated and kept under var/."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser with a generated password stored in var/."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args: object, username: str = "admin", **options: object) -> None:
        password_file = Path(settings.VAR_DIR) / "admin_password"
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(18)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            if user is None:
                user = user_model.objects.create_superuser(
                    username=username, email="admin@localhost", password=password
                )
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
        password = password_file.read_text().strip()
        self.stdout.write(
            f"Admin login: {settings.SITE_URL}/admin/  user: {username}  "
            f"password: {password}  (stored in {password_file})"
        )
