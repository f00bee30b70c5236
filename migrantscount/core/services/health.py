"""Liveness of the database, the task worker and the scheduler; stuck-task recovery."""

import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ..models import Heartbeat
from . import audit

logger = logging.getLogger(__name__)

WORKER = Heartbeat.Source.WORKER
SCHEDULER = Heartbeat.Source.SCHEDULER
# A task claimed this many times and still stuck is failed instead of re-queued.
MAX_CLAIMS = 2

# Apps add figures to /healthz through probes, registered like stories.hooks:
#
#     @on_health_check
#     def social_health() -> dict[str, object]:
#         return {"social_dispatch_lag_s": 1.5}
#
# Each returns a JSON-able mapping merged into the report; a probe that raises is
# logged and left out. Probes report figures; they do not decide `healthy`.
HealthProbe = Callable[[], Mapping[str, object]]

HEALTH_PROBES: list[HealthProbe] = []


def on_health_check(probe: HealthProbe) -> HealthProbe:
    if probe not in HEALTH_PROBES:
        HEALTH_PROBES.append(probe)
    return probe


def run_health_probes() -> dict[str, object]:
    figures: dict[str, object] = {}
    for probe in list(HEALTH_PROBES):
        try:
            figures.update(probe())
        except Exception:
            logger.exception(
                "Health probe %s failed", getattr(probe, "__name__", probe)
            )
    return figures


@dataclass(frozen=True)
class HealthReport:
    db: bool
    worker: bool
    scheduler: bool
    oldest_ready_task_s: float | None
    probes: dict[str, object] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return self.db and self.worker

    def as_dict(self) -> dict[str, object]:
        report = asdict(self)
        return {**report.pop("probes"), **report}


def record_heartbeat(source: str) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        source=source, defaults={"beat_at": timezone.now()}
    )
    return heartbeat


def uses_database_queue() -> bool:
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def _oldest_ready_task_seconds() -> float | None:
    if not uses_database_queue():
        return None
    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
    if oldest is None:
        return 0.0
    waited: float = (timezone.now() - oldest.enqueued_at).total_seconds()
    return round(waited, 1)


def check_health() -> HealthReport:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beats = dict(Heartbeat.objects.values_list("source", "beat_at"))
        oldest = _oldest_ready_task_seconds()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HealthReport(
            db=False, worker=False, scheduler=False, oldest_ready_task_s=None
        )
    fresh_after = timezone.now() - timedelta(
        seconds=settings.MIGRANTSCOUNT_HEARTBEAT_MAX_AGE_SECONDS
    )
    return HealthReport(
        db=True,
        worker=beats.get(WORKER, fresh_after) > fresh_after,
        scheduler=beats.get(SCHEDULER, fresh_after) > fresh_after,
        oldest_ready_task_s=oldest,
        probes=run_health_probes(),
    )


def recover_stuck_tasks() -> list["DBTaskResult[..., Any]"]:
    """Re-queue (or, after MAX_CLAIMS claims, fail) tasks left RUNNING too long.

    A worker killed mid-task leaves its row RUNNING for ever; the queue has no
    progress field, so "too long" is MIGRANTSCOUNT_STUCK_TASK_MINUTES after start.
    """
    if not uses_database_queue():
        return []
    cutoff = timezone.now() - timedelta(
        minutes=settings.MIGRANTSCOUNT_STUCK_TASK_MINUTES
    )
    recovered = []
    for result in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        if _recover_one(result):
            recovered.append(result)
    return recovered


def _recover_one(result: "DBTaskResult[..., Any]") -> bool:
    still_running = DBTaskResult.objects.filter(
        pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
    )
    if len(result.worker_ids) < MAX_CLAIMS:
        outcome = "requeued"
        changed = still_running.update(status=TaskResultStatus.READY, started_at=None)
    else:
        outcome = "failed"
        changed = still_running.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="migrantscount.core.services.health.TaskAbandoned",
            traceback="The worker running this task stopped without finishing it.",
        )
    if changed != 1:
        return False
    logger.warning(
        "Task %s (%s) stuck in RUNNING since %s: %s",
        result.pk,
        result.task_path,
        result.started_at,
        outcome,
    )
    audit.log_platform_event(
        audit.TASK_RECOVERED,
        instance=result,
        data={"task_path": result.task_path, "outcome": outcome},
    )
    return True
