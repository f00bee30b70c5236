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


@register_job(every=timedelta(minutes=5))
def send_interview_reminders() -> None:
    from . import reminders

    reminders.send_due_reminders()


@register_job(every=timedelta(hours=24))
def erase_expired_team_contacts() -> None:
    from . import services

    services.erase_expired_team_contacts()


@register_job(every=timedelta(minutes=5))
def sync_interviews_with_social() -> None:
    from . import sync

    sync.sync_all()
