"""The task worker with its own heartbeat: `db_worker` plus a thread that records the
worker's liveness every MIGRANTSCOUNT_WORKER_BEAT_SECONDS, whatever the queue holds.

A heartbeat sent as a task waits behind the backlog (after `make run` builds the demo,
for a minute), so /healthz said the worker was down while it worked; the backlog is
reported apart, as `oldest_ready_task_s`.
"""

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from migrantscount.core.services import health

logger = logging.getLogger(__name__)


def beat_until(stopped: threading.Event, every: float) -> None:
    while not stopped.is_set():
        try:
            close_old_connections()
            health.record_heartbeat(health.WORKER)
        except Exception:  # a missed beat must not stop the thread
            logger.exception("Worker heartbeat failed")
        finally:
            connection.close()
        stopped.wait(every)


def start_heartbeat(every: float | None = None) -> threading.Event:
    stopped = threading.Event()
    interval = every or settings.MIGRANTSCOUNT_WORKER_BEAT_SECONDS
    thread = threading.Thread(
        target=beat_until, args=(stopped, interval), name="heartbeat", daemon=True
    )
    thread.start()
    return stopped


class Command(DBWorkerCommand):
    help = "Run the task worker (db_worker) and record its heartbeat on its own."

    def handle(self, *args: Any, **options: Any) -> None:
        stopped = start_heartbeat()
        try:
            super().handle(*args, **options)
        finally:
            stopped.set()
