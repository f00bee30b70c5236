"""Fake Meta hosts (Facebook Pages, Instagram, Threads) on 127.0.0.1, to try the
three connections locally.

For `make run` users only, never for a public server: it approves every
authorization at once and keeps everything in memory until it stops. It prints
the environment to give `make run` so the site talks to it.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from migrantscount.social.fakes.graph import FakeMeta

CLIENT_ID = "local-meta-app"
CLIENT_SECRET = "local-meta-secret"  # noqa: S105 - a try-out fake's, never real


def wait_for_interrupt() -> None:
    while True:
        time.sleep(3600)


class Command(BaseCommand):
    help = (
        "Serve fake Meta hosts (Facebook Pages, Instagram, Threads) on 127.0.0.1 "
        "(local try-outs only: every authorization is approved, nothing is kept)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8766)

    def handle(self, *args: Any, **options: Any) -> None:
        fake = FakeMeta()
        fake.add_app(CLIENT_ID, CLIENT_SECRET)
        fake.add_page("100", "Migrants Count (fake Page)", instagram="migrantscount")
        fake.add_instagram("migrantscount")
        fake.add_threads("migrantscount")
        fake.start(port=options["port"])
        environment = dict(fake.settings())
        for network in ("FACEBOOK", "INSTAGRAM", "THREADS"):
            environment[f"SOCIAL_{network}_CLIENT_ID"] = CLIENT_ID
            environment[f"SOCIAL_{network}_CLIENT_SECRET"] = CLIENT_SECRET
        environment["PUBLIC_MEDIA_BASE_URL"] = "http://127.0.0.1:8000/media/"
        self.stdout.write(
            f"Fake Meta hosts at {fake.url}. Start the site with this environment, "
            "then connect Facebook, Instagram or Threads in the admin:"
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
