"""Mounted inside i18n_patterns, before Wagtail's catch-all: /<lang>/charts/…"""

from django.urls import URLPattern, path

from . import views

app_name = "profiles"


def _chart_outputs(route: str, name: str, kind: str) -> list[URLPattern]:
    """`route`.svg, .png, .csv, .json and `route`/embed/, named `name`_svg and so on."""
    routes = {output: f"{route}.{output}" for output in views.FILE_OUTPUTS}
    routes["embed"] = f"{route}/embed/"
    return [
        path(
            address,
            views.chart_output,
            {"kind": kind, "output": output},
            name=f"{name}_{output}",
        )
        for output, address in routes.items()
    ]


urlpatterns = [
    # Before the country charts' patterns, which "americas/map" would also match.
    *_chart_outputs("charts/americas/map", "map", "map"),
    *_chart_outputs("charts/<str:iso3>/<slug:chart>", "chart", "country"),
    path(
        "corridors/<str:origin>/<str:destination>/",
        views.corridor,
        name="corridor",
    ),
    *_chart_outputs(
        "corridors/<str:origin>/<str:destination>/chart", "corridor_chart", "corridor"
    ),
]
