from django_tasks import task

from . import proxy_cache
from .services import health, page_warming


@task
def heartbeat() -> None:
    health.record_heartbeat(health.WORKER)


@task
def warm_pages(urls: list[str]) -> None:
    page_warming.warm(urls)


@task
def ban_proxies() -> None:
    proxy_cache.ban_proxies()
