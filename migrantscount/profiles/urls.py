"""Mounted inside i18n_patterns, before Wagtail's catch-all: /<lang>/charts/…"""

from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("charts/americas/map.svg", views.map_svg, name="map_svg"),
    path("charts/<str:iso3>/<slug:chart>.svg", views.chart_svg, name="chart_svg"),
    path("charts/<str:iso3>/<slug:chart>.png", views.chart_png, name="chart_png"),
    path("charts/<str:iso3>/<slug:chart>.csv", views.chart_csv, name="chart_csv"),
    path("charts/<str:iso3>/<slug:chart>.json", views.chart_json, name="chart_json"),
    path(
        "charts/<str:iso3>/<slug:chart>/embed/", views.chart_embed, name="chart_embed"
    ),
    path(
        "corridors/<str:origin>/<str:destination>/",
        views.corridor,
        name="corridor",
    ),
]
