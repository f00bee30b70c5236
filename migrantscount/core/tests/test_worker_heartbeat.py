"""The worker's liveness is its own heartbeat, not a task waiting behind the backlog."""

import time

import pytest

from migrantscount.core.management.commands.worker import start_heartbeat
from migrantscount.core.models import Heartbeat
from migrantscount.core.services import health
from migrantscount.core.tests.test_supervisor import run_sh_table


@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_while_a_backlog_waits(settings) -> None:
    stopped = start_heartbeat(every=0.1)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if Heartbeat.objects.filter(source=health.WORKER).exists():
                break
            time.sleep(0.05)
    finally:
        stopped.set()
    assert health.check_health().worker


def test_make_run_starts_the_worker_with_its_own_heartbeat() -> None:
    worker = next(line for line in run_sh_table() if line.startswith("worker:"))
    assert "manage.py worker" in worker
