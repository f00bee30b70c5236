from datetime import timedelta

from migrantscount.core.periodic import register_job


@register_job(every=timedelta(minutes=5))
def recover_stuck_import_jobs() -> None:
    from .services import jobs

    jobs.recover_stuck_import_jobs()
