"""Mounted inside i18n_patterns, before Wagtail's catch-all: /<lang>/charts/…"""

from django.urls import URLPattern, path

from . import views

app_name = "profiles"


def _chart_outputs(
    route: str, name: str, kind: str, *, table: bool = True
) -> list[URLPattern]:
    """`route`.svg, .png, .csv, .json, `route`/embed/ and (line charts) the data
    table's own page `route`/table/, named `name`_svg and so on."""
    routes = {output: f"{route}.{output}" for output in views.FILE_OUTPUTS}
    routes["embed"] = f"{route}/embed/"
    if table:
        routes["table"] = f"{route}/table/"
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
    # The map has no table page: its embed page and the overview hold its table.
    *_chart_outputs("charts/americas/map", "map", "map", table=False),
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
