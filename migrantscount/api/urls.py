from django.urls import include, path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("", include("migrantscount.data.api")),
    path("", include("migrantscount.stories.api")),
]
