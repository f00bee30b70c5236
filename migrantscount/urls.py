from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from migrantscount.pages import views as page_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", page_views.sitemap, name="sitemap"),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path("api/v1/", include("migrantscount.api.urls")),
    path("reach/", include("migrantscount.analytics.urls")),
    path("", include("migrantscount.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include("migrantscount.profiles.urls")),
    path("", include("migrantscount.data.urls")),
    path("stories/", include("migrantscount.stories.urls")),
    path("interviews/", include("migrantscount.events.urls")),
    path("surveys/", include("migrantscount.analytics.surveys.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "migrantscount.pages.views.server_error"
