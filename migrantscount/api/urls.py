from django.urls import include, path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.ApiRootApi.as_view(), name="root"),
    path("schema/", views.SchemaApi.as_view(), name="schema"),
    path("", include("migrantscount.data.api")),
    path("", include("migrantscount.stories.api")),
    path("", include("migrantscount.analytics.surveys.api")),
    # Last: anything else under /api/v1/ is a JSON 404 (a newline in the path too).
    re_path(r"^(?P<path>[\s\S]*)$", views.not_found, name="not_found"),
]
