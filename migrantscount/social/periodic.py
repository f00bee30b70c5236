"""Periodic safety net: the dispatcher sweeps and expires on every pass; this runs
the same from the scheduler, for a host where no dispatcher is running."""

from datetime import timedelta

from migrantscount.core.periodic import register_job


@register_job(every=timedelta(minutes=5))
def sweep_stuck_deliveries() -> None:
    from .services import dispatch

    dispatch.sweep_stuck()
    dispatch.expire_overdue()
