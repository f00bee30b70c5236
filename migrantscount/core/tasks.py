from django_tasks import task

from .services import health


@task
def heartbeat() -> None:
    health.record_heartbeat(health.WORKER)
