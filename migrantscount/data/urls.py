"""Public data pages, mounted inside i18n_patterns: /<lang>/data/…"""

from django.urls import path

from . import views

app_name = "data"

urlpatterns = [
    path("data/updates/", views.data_updates, name="updates"),
    path("data/updates/feed.atom", views.DataUpdatesFeed(), name="updates_feed"),
]
