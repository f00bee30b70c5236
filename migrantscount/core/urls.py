"""URLs outside the language prefixes (health checks and similar machine endpoints)."""

from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
