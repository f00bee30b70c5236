"""Periodic jobs of the social app (run by `manage.py run_periodic`).

The dispatcher sweeps and expires on every pass; `sweep_stuck_deliveries` runs the
same from the scheduler, for a host where no dispatcher is running.
"""

from datetime import timedelta

from migrantscount.core.periodic import register_job


@register_job(every=timedelta(minutes=5))
def sweep_stuck_deliveries() -> None:
    from .services import dispatch

    dispatch.sweep_stuck()
    dispatch.expire_overdue()


@register_job(every=timedelta(minutes=10))
def refresh_social_tokens() -> None:
    """Renew tokens a quarter of their life before expiry; warn owners 7 days
    before an expiry only a person can fix (services/tokens.py)."""
    from .services import tokens

    tokens.refresh_due()
    tokens.warn_expiring()


@register_job(every=timedelta(minutes=15))
def take_metric_snapshots() -> None:
    """Reach counts of published deliveries, 1 h / 24 h / 7 d / 30 d after."""
    from .services import metrics

    metrics.take_due_snapshots()


@register_job(every=timedelta(hours=24))
def rederive_local_times() -> None:
    """Times entered in a named zone follow a change of the zone's rules (tzdata)."""
    from .services import waves

    waves.rederive_local_times()


@register_job(every=timedelta(minutes=10))
def materialise_repeats() -> None:
    """Repeats of recurring posts made ahead over a rolling horizon (the next two,
    and every one due within 30 days; services/recurrence.py)."""
    from .services import recurrence

    recurrence.materialise()
