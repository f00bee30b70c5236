from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from migrantscount.core.page_cache import shared_cache_control

from .sitemaps import sitemap_entries


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    content = loader.render_to_string(
        "pages/sitemap.xml", {"entries": sitemap_entries(request)}
    )
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    # Purged with every page change: kept by shared caches, never by browsers.
    shared_cache_control(response)
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def server_error(request: HttpRequest) -> HttpResponse:
    """500 page in the language of the URL; no database access, which may be what failed."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"request_path": request.path}))
