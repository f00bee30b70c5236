from datetime import timedelta

from migrantscount.core.periodic import register_job


@register_job(every=timedelta(hours=1))
def erase_expired_contacts() -> None:
    from .services import submissions

    submissions.erase_expired_contacts()


@register_job(every=timedelta(hours=6))
def delete_expired_unpublished() -> None:
    from . import retention

    retention.delete_expired_unpublished()


@register_job(every=timedelta(minutes=15))
def alert_moderators() -> None:
    from . import notifications

    notifications.alert_moderators()
