from datetime import timedelta

from migrantscount.core.periodic import register_job


@register_job(every=timedelta(hours=1))
def erase_expired_contacts() -> None:
    from . import services

    services.erase_expired_contacts()
