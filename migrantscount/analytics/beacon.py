"""The cookieless beacon (MIGRANTSCOUNT_REACH_COUNTING = "beacon") and the tags the
pages carry for it or for an organisation's own Matomo or Plausible.

Behind a proxy or CDN, cached pages never reach the app, so each page loads
static/analytics/reach.js, which asks /reach/beacon/ (never cached: `no-store`) with
the page's path and query, its language and the referrer; without JavaScript an
image asks /reach/pixel.gif, whose Referer is the page. The request carries no
cookie (`credentials: "omit"`), the answer sets none, and the view counts exactly as
the server-side counter does (counting.count), keeping no address or user agent.
"""

import base64
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import counting

# The smallest transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
MATOMO = "matomo"
PLAUSIBLE = "plausible"


def _count_beacon(request: HttpRequest, *, page: str, referrer: str) -> None:
    if counting.mode() != counting.BEACON:
        return
    try:
        parts = urlsplit(page)
    except ValueError:
        return
    if parts.netloc and parts.netloc != request.get_host():
        return
    counting.count(
        request.META,
        path=parts.path,
        query=parts.query,
        language=request.GET.get("l", ""),
        referrer=referrer,
    )


@never_cache
@require_GET
def beacon(request: HttpRequest) -> HttpResponse:
    """One view of the page in ?p= (path and query), from the referrer in ?r=."""
    _count_beacon(
        request, page=request.GET.get("p", ""), referrer=request.GET.get("r", "")
    )
    return HttpResponse(status=204)


@never_cache
@require_GET
def pixel(request: HttpRequest) -> HttpResponse:
    """The no-JavaScript beacon: the page is the request's Referer."""
    _count_beacon(request, page=request.META.get("HTTP_REFERER", ""), referrer="")
    return HttpResponse(PIXEL, content_type="image/gif")


def _tracker_tags() -> SafeString:
    kind = str(settings.MIGRANTSCOUNT_TRACKER)
    url = str(settings.MIGRANTSCOUNT_TRACKER_URL).rstrip("/")
    site = str(settings.MIGRANTSCOUNT_TRACKER_SITE_ID)
    if not url or not site:
        return mark_safe("")
    if kind == PLAUSIBLE:
        # Plausible keeps no cookie; its script comes from the organisation's server.
        return format_html(
            '<script defer data-domain="{}" data-api="{}" src="{}"></script>',
            site,
            f"{url}/api/event",
            f"{url}/js/script.js",
        )
    if kind == MATOMO:
        # matomo.js pushes disableCookies before the first page view.
        return format_html(
            '<script type="module" src="{}" data-matomo-url="{}" '
            'data-matomo-site="{}"></script>',
            static("analytics/matomo.js"),
            f"{url}/",
            site,
        )
    return mark_safe("")


def reach_tags(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `analytics_tags`, placed at the end of base.html's body."""
    tags = _tracker_tags()
    if counting.mode() == counting.BEACON:
        language = getattr(request, "LANGUAGE_CODE", "")
        tags += format_html(
            '<script type="module" src="{}" data-reach-beacon="{}"></script>'
            '<noscript><img src="{}?l={}" alt="" width="1" height="1" hidden>'
            "</noscript>",
            static("analytics/reach.js"),
            reverse("analytics:beacon"),
            reverse("analytics:pixel"),
            language,
        )
    return {"analytics_tags": tags}
