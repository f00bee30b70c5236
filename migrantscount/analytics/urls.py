"""Public URLs outside the language prefix: the cookieless reach beacon."""

from django.urls import path

from . import beacon

app_name = "analytics"

urlpatterns = [
    path("beacon/", beacon.beacon, name="beacon"),
    path("pixel.gif", beacon.pixel, name="pixel"),
]
