"""The social dispatcher: publishes due deliveries, deletes taken-down posts."""

from __future__ import annotations

import logging
import signal
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from migrantscount.social.services import dispatch

logger = logging.getLogger("migrantscount.social.dispatch")


class Command(BaseCommand):
    help = (
        "Publish due social deliveries exactly once and delete taken-down posts, "
        "polling at most every SOCIAL_DISPATCH_POLL_SECONDS (woken at once by "
        "PostgreSQL NOTIFY). Several may run at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="Loop until a pass finds nothing to do, then exit (tests, scripts).",
        )
        parser.add_argument("--worker-id", default="", help="Name in claimed_by.")
        parser.add_argument(
            "--poll", type=float, default=None, help="Seconds between idle polls."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = options["worker_id"] or dispatch.default_worker_id()
        if options["once"]:
            result = dispatch.run_once(worker)
            if options["verbosity"] > 1:
                self.stdout.write(str(result))
            return
        self.stopping = False
        if not options["until_idle"]:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
            logger.info("Dispatcher %s started", worker)
        dispatch.run_forever(
            worker,
            poll=options["poll"],
            stop=lambda: self.stopping,
            until_idle=options["until_idle"],
        )

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True
