"""A fake X API on 127.0.0.1, to try connecting and posting to X locally.

For `make run` users only, never for a public server: it approves every
authorization at once and keeps everything in memory until it stops. It prints
the environment to give `make run` so the site talks to it.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from migrantscount.social.fakes.x import FakeX

CLIENT_ID = "local-x-app"
CLIENT_SECRET = "local-x-secret"  # noqa: S105 - a try-out fake's, never real


def wait_for_interrupt() -> None:
    while True:
        time.sleep(3600)


class Command(BaseCommand):
    help = (
        "Serve a fake X API on 127.0.0.1 (local try-outs only: every authorization "
        "is approved, nothing is kept)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8767)

    def handle(self, *args: Any, **options: Any) -> None:
        fake = FakeX()
        callback = f"{settings.SITE_URL}/admin/social/connect/x/callback/"
        fake.add_app(CLIENT_ID, CLIENT_SECRET, callback)
        fake.create_user("MigrantsCount", "Migrants Count (fake X)")
        fake.start(port=options["port"])
        environment = {
            "SOCIAL_X_API_URL": fake.url,
            "SOCIAL_X_AUTHORIZE_URL": f"{fake.url}/i/oauth2/authorize",
            "SOCIAL_X_WEB_URL": fake.url,
            "SOCIAL_X_CLIENT_ID": CLIENT_ID,
            "SOCIAL_X_CLIENT_SECRET": CLIENT_SECRET,
        }
        self.stdout.write(
            f"Fake X at {fake.url}. Start the site with this environment, then "
            "connect X in the admin:"
        )
        for name, value in environment.items():
            self.stdout.write(f"  export {name}={value}")
        try:
            wait_for_interrupt()
        except KeyboardInterrupt:
            pass
        finally:
            fake.stop()
            self.stdout.write(f"Stopped; it held {len(fake.live_posts())} posts.")
