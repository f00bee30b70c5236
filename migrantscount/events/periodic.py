from datetime import timedelta

from migrantscount.core.periodic import register_job


@register_job(every=timedelta(hours=1))
def write_interview_occurrences() -> None:
    from . import services

    services.write_all_occurrences()


@register_job(every=timedelta(hours=1))
def erase_expired_guest_contacts() -> None:
    from . import services

    services.erase_expired_guest_contacts()
