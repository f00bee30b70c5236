"""Mounted inside i18n_patterns, before Wagtail's catch-all: /<lang>/charts/…"""

from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    # Before the country charts' patterns, which "americas/map" would also match.
    path("charts/americas/map.svg", views.map_svg, name="map_svg"),
    path("charts/americas/map.png", views.map_png, name="map_png"),
    path("charts/americas/map.csv", views.map_csv, name="map_csv"),
    path("charts/americas/map.json", views.map_json, name="map_json"),
    path("charts/americas/map/embed/", views.map_embed, name="map_embed"),
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
    path(
        "corridors/<str:origin>/<str:destination>/chart.svg",
        views.corridor_chart_svg,
        name="corridor_chart_svg",
    ),
    path(
        "corridors/<str:origin>/<str:destination>/chart.png",
        views.corridor_chart_png,
        name="corridor_chart_png",
    ),
    path(
        "corridors/<str:origin>/<str:destination>/chart.csv",
        views.corridor_chart_csv,
        name="corridor_chart_csv",
    ),
    path(
        "corridors/<str:origin>/<str:destination>/chart.json",
        views.corridor_chart_json,
        name="corridor_chart_json",
    ),
    path(
        "corridors/<str:origin>/<str:destination>/chart/embed/",
        views.corridor_chart_embed,
        name="corridor_chart_embed",
    ),
]
