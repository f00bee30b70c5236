"""The scheduler: every minute, run Wagtail's and our periodic jobs."""

import logging
import time
from datetime import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from migrantscount.core import periodic
from migrantscount.core.services import health
from migrantscount.core.tasks import heartbeat

logger = logging.getLogger("migrantscount.core.periodic")

TICK_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Run periodic jobs every minute: publish scheduled pages, prune old task "
        "results, send a heartbeat task, and every registered job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one tick, exit.")

    def handle(self, *args: object, once: bool = False, **options: object) -> None:
        last_run: dict[str, datetime] = {}
        while True:
            started = time.monotonic()
            self.tick(last_run)
            if once:
                return
            time.sleep(max(0.0, TICK_SECONDS - (time.monotonic() - started)))

    def tick(self, last_run: dict[str, datetime]) -> None:
        self._run("scheduler_heartbeat", health.record_heartbeat, health.SCHEDULER)
        self._run("publish_scheduled", call_command, "publish_scheduled", verbosity=0)
        if health.uses_database_queue():
            self._run(
                "prune_db_task_results",
                call_command,
                "prune_db_task_results",
                queue_name="*",
                verbosity=0,
            )
        self._run("heartbeat_task", heartbeat.enqueue)
        now = timezone.now()
        for job in periodic.due_jobs(last_run, now):
            last_run[job.name] = now
            self._run(job.name, job.func)

    def _run(self, name: str, func, *args, **kwargs) -> None:
        try:
            func(*args, **kwargs)
        except Exception:  # one failing job must not stop the others
            logger.exception("Periodic job %s failed", name)
