from django.urls import include, path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("", include("migrantscount.data.api")),
    path("", include("migrantscount.stories.api")),
    path("", include("migrantscount.analytics.surveys.api")),
    # Last: anything else under /api/v1/ is a JSON 404.
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
