from datetime import timedelta

from migrantscount.core.periodic import register_job


def _erase_expired_contacts() -> None:
    from . import services

    services.erase_expired_contacts()


register_job(
    "erase_expired_contacts", _erase_expired_contacts, every=timedelta(hours=1)
)
