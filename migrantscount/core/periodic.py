"""Registry of periodic jobs, run by `manage.py run_periodic` once a minute.

Apps register jobs in their own `periodic.py` (imported from the app's `ready()`):

    from migrantscount.core.periodic import register_job

    @register_job(every=timedelta(hours=1))
    def erase_expired_contacts() -> None: ...

The job is named after the function unless `name=` is given. A job runs when at least
`every` has passed since it last ran in this process; each job must be safe to run
twice (the database, not the schedule, holds the plan).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

Job = Callable[[], object]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Job
    every: timedelta


JOBS: dict[str, PeriodicJob] = {}


def register_job(
    name: str | None = None, *, every: timedelta = timedelta(minutes=1)
) -> Callable[[Job], Job]:
    if name is not None and not isinstance(name, str):
        raise TypeError("register_job takes arguments: write @register_job(every=...)")

    def decorator(job: Job) -> Job:
        job_name = name or job.__name__
        JOBS[job_name] = PeriodicJob(name=job_name, func=job, every=every)
        return job

    return decorator


def due_jobs(last_run: dict[str, datetime], now: datetime) -> list[PeriodicJob]:
    """The registered jobs whose interval has passed since `last_run[name]`."""
    return [
        job
        for job in list(JOBS.values())
        if job.name not in last_run or now - last_run[job.name] >= job.every
    ]


@register_job(every=timedelta(hours=1))
def prune_login_failures() -> None:
    from .services import security

    security.prune_login_failures()


@register_job(every=timedelta(minutes=5))
def recover_stuck_tasks() -> None:
    from .services import health

    health.recover_stuck_tasks()


@register_job("prune_backups", every=timedelta(hours=6))
def prune_backups() -> None:
    from .services import backups

    backups.prune_backups()
