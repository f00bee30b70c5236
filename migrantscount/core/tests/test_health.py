from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from migrantscount.core.services import audit, health
from migrantscount.core.tasks import heartbeat

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


# The worker closes its database connection when it stops, so this test cannot run
# inside a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_health_is_503_while_no_worker_runs_then_200(client) -> None:
    call_command("run_periodic", "--once")

    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["db"] is True and body["scheduler"] is True
    assert body["worker"] is False
    assert body["oldest_ready_task_s"] >= 0

    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--queue-name",
        "*",
        verbosity=0,
    )

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] is True
    assert response.json()["oldest_ready_task_s"] == 0


def test_health_turns_503_when_the_heartbeat_is_stale(client) -> None:
    call_command("run_periodic", "--once")
    assert client.get("/healthz").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] is False
    assert response.json()["scheduler"] is False


def stuck_task(*, claims: int) -> DBTaskResult:
    with override_settings(TASKS=DATABASE_TASKS):
        result = heartbeat.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - timedelta(hours=2)
    row.worker_ids = [f"worker-{n}" for n in range(claims)]
    row.save()
    return row


@override_settings(TASKS=DATABASE_TASKS)
def test_task_left_running_by_a_killed_worker_is_requeued_then_failed() -> None:
    first = stuck_task(claims=1)
    twice = stuck_task(claims=2)
    recent = stuck_task(claims=1)
    DBTaskResult.objects.filter(pk=recent.pk).update(started_at=timezone.now())

    recovered = health.recover_stuck_tasks()

    assert {row.pk for row in recovered} == {first.pk, twice.pk}
    first.refresh_from_db()
    twice.refresh_from_db()
    recent.refresh_from_db()
    assert first.status == TaskResultStatus.READY and first.started_at is None
    assert twice.status == TaskResultStatus.FAILED
    assert "stopped without finishing" in twice.traceback
    assert recent.status == TaskResultStatus.RUNNING
    outcomes = dict(
        ModelLogEntry.objects.filter(action=audit.TASK_RECOVERED).values_list(
            "object_id", "data__outcome"
        )
    )
    assert outcomes == {str(first.pk): "requeued", str(twice.pk): "failed"}
    assert health.recover_stuck_tasks() == []
