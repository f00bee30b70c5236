"""A reverse-proxy cache in front of the site (Varnish, `deploy/varnish/default.vcl`)
and the purges that reach it (docs/operations.md "A reverse-proxy cache").

Purges by URL go through Wagtail's frontend cache like every other: `ProxyBackend` is
Wagtail's `HTTPBackend` (`PURGE <path>` with the page's `Host`), configured by
`MIGRANTSCOUNT_PROXY_PURGE_URL`. What changes every page (the site chrome, a data
import) empties the proxy with one `BAN` per host of the site instead of naming every
URL: `purge_everything`.
"""

import logging
from collections.abc import Iterable
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends import HTTPBackend

from . import page_cache

logger = logging.getLogger(__name__)
BAN_TIMEOUT_SECONDS = 10


class ProxyBackend(HTTPBackend):
    """Wagtail's `PURGE <url>` backend, plus a `BAN` that empties a whole host."""

    def __init__(self, params: dict[str, Any]):
        super().__init__(params)
        self.location = f"{self.cache_scheme}://{self.cache_netloc}/"

    def ban_hosts(self, hosts: Iterable[str]) -> None:
        for host in sorted(set(hosts)):
            request = Request(  # noqa: S310 (the configured proxy's own address)
                self.location,
                method="BAN",
                headers={"Host": host, "User-Agent": "migrantscount-ban"},
            )
            try:
                with urlopen(request, timeout=BAN_TIMEOUT_SECONDS):  # noqa: S310
                    pass
            except HTTPError as error:
                logger.error("BAN of %s refused by %s: %s", host, self.location, error)
            except (URLError, OSError) as error:
                logger.error(
                    "BAN of %s: %s unreachable: %s", host, self.location, error
                )


def proxy_backends() -> list[ProxyBackend]:
    from wagtail.contrib.frontend_cache.utils import get_backends

    return [
        backend
        for backend in get_backends().values()
        if isinstance(backend, ProxyBackend)
    ]


def site_hosts() -> set[str]:
    """The `Host` headers readers reach the site with: SITE_URL's and each Site's."""
    from wagtail.models import Site

    hosts = {urlsplit(str(settings.SITE_URL)).netloc.lower()}
    for site in Site.objects.all():
        hosts.add(urlsplit(site.root_url).netloc.lower())
    return {host for host in hosts if host}


def ban_proxies() -> None:
    """Empty every proxy's copies of this site (a network call: from a task)."""
    hosts = site_hosts()
    for backend in proxy_backends():
        backend.ban_hosts(hosts)


def purge_everything(**kwargs: object) -> None:
    """Empty every cache of the site's pages: this host's web processes at once and,
    from a task, every proxy. Call it after commit (also a signal receiver)."""
    from . import tasks

    page_cache.purge_all()
    if proxy_backends():
        tasks.ban_proxies.enqueue()
