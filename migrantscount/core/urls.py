"""URLs outside the language prefixes (health checks and similar machine endpoints)."""

from django.urls import path, re_path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Public media only (renditions, share cards); see views.public_media.
    re_path(r"^media/(?P<path>.+)$", views.public_media, name="public_media"),
]
