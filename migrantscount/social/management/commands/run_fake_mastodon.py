"""A fake Mastodon instance on 127.0.0.1, to try the Mastodon connection locally.

For `make run` users only, never for a public server: it approves every
authorization at once and keeps accounts and statuses in memory until it stops.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from migrantscount.social.fakes.mastodon import FakeMastodon


def wait_for_interrupt() -> None:
    while True:
        time.sleep(3600)


class Command(BaseCommand):
    help = (
        "Serve a fake Mastodon instance on 127.0.0.1 (local try-outs only: it "
        "approves every authorization and keeps everything in memory)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--username", default="migrantscount")
        parser.add_argument("--max-characters", type=int, default=500)
        parser.add_argument("--mastodon-version", default="4.5.0")

    def handle(self, *args: Any, **options: Any) -> None:
        fake = FakeMastodon(
            version=options["mastodon_version"],
            max_characters=options["max_characters"],
        )
        fake.create_account(options["username"], "Migrants Count")
        fake.start(port=options["port"])
        self.stdout.write(
            f"Fake Mastodon {fake.version} at {fake.url} "
            f"(account @{options['username']}); connect it as the instance "
            "URL in the admin. Ctrl-C stops it."
        )
        try:
            wait_for_interrupt()
        except KeyboardInterrupt:
            pass
        finally:
            fake.stop()
            count = len(fake.live_statuses())
            self.stdout.write(f"Stopped; it held {count} statuses.")
