"""Create the local demo accounts once; passwords are generated and kept under var/.

`admin` (superuser), plus a communications officer (`comms`) and a campaign approver
(`approver`) so the four-eyes flow of social posts can be tried on a fresh machine.
`make run` exempts all three from two-factor login: local demo only, never on a
public server.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from migrantscount.core.services.roles import (
    CAMPAIGN_APPROVERS,
    COMMUNICATIONS_OFFICERS,
)

# username -> group (None: superuser)
DEMO_TEAM = {"comms": COMMUNICATIONS_OFFICERS, "approver": CAMPAIGN_APPROVERS}


class Command(BaseCommand):
    help = (
        "Create the 'admin' superuser and the local demo team (communications "
        "officer, campaign approver) with generated passwords stored in var/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: object, username: str = "admin", **options: object) -> None:
        password_file = Path(settings.VAR_DIR) / "admin_password"
        password = ensure_user(username, password_file=password_file, group=None)
        self.stdout.write(
            f"Admin login: {settings.SITE_URL}/admin/  user: {username}  "
            f"password: {password}  (stored in {password_file})"
        )
        for member, group in DEMO_TEAM.items():
            password_file = Path(settings.VAR_DIR) / f"{member}_password"
            password = ensure_user(member, password_file=password_file, group=group)
            self.stdout.write(
                f"{group} (local demo only): user: {member}  password: {password}  "
                f"(stored in {password_file})"
            )


def ensure_user(username: str, *, password_file: Path, group: str | None) -> str:
    """The user with a password kept in `password_file` (made once); a superuser
    when `group` is None, else a member of that group."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None or not password_file.exists():
        password = secrets.token_urlsafe(18)
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        email = f"{username}@localhost"
        if user is None and group is None:
            user = user_model.objects.create_superuser(
                username=username, email=email, password=password
            )
        elif user is None:
            user = user_model.objects.create_user(
                username=username, email=email, password=password
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
    if group is not None:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return password_file.read_text().strip()
