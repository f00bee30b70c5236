"""Registry of periodic jobs, run by `manage.py run_periodic` once a minute.

Apps register jobs in their own `periodic.py` (imported at start-up):

    from migrantscount.core.periodic import register_job

    @register_job("dispatch_due_posts")
    def dispatch_due_posts() -> None: ...

A job runs when at least `every` has passed since it last ran in this process; each
job must be safe to run twice (the database, not the schedule, holds the plan).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

Job = Callable[[], object]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Job
    every: timedelta


JOBS: dict[str, PeriodicJob] = {}


def register_job(
    name: str, func: Job | None = None, *, every: timedelta = timedelta(minutes=1)
) -> Callable[[Job], Job] | Job:
    def decorator(job: Job) -> Job:
        JOBS[name] = PeriodicJob(name=name, func=job, every=every)
        return job

    return decorator(func) if func is not None else decorator


def _prune_login_failures() -> None:
    from .services import security

    security.prune_login_failures()


def _recover_stuck_tasks() -> None:
    from .services import health

    health.recover_stuck_tasks()


register_job("prune_login_failures", _prune_login_failures, every=timedelta(hours=1))
register_job("recover_stuck_tasks", _recover_stuck_tasks, every=timedelta(minutes=5))
