"""The Americas map: one indicator over the 35 OAS member states, and its downloads."""

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import altair as alt
import vl_convert
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..caching import cached
from ..queries.indicators import (
    COST_TO,
    KINDS,
    PAID,
    RANKABLE,
    RECEIVED,
    RECEIVED_PCT_GDP,
    REFUGEES,
    STOCK,
    STOCK_PCT,
)
from ..queries.ranking import oas_ranking
from .render import empty_cell_note, format_locale, plain_number, svg_size, wrap_lines

MAP_INDICATORS = (
    STOCK,
    STOCK_PCT,
    REFUGEES,
    RECEIVED,
    RECEIVED_PCT_GDP,
    PAID,
    COST_TO,
)
GEO_PATH = Path(__file__).resolve().parent.parent / "geo" / "americas.geojson"
SMALL_STATE_AREA = 2.0  # square degrees; drawn with a circle as well as the shape
# Lambert azimuthal equal-area centred on the Caribbean (80° W, 15° N). The 35 states
# span 139° of latitude across the equator, so no pair of conic standard parallels
# suits both hemispheres; an azimuthal projection keeps areas true (Mercator made
# Canada look larger than South America) and distorts least at the centre, where
# the small island states are.
MAP_PROJECTION: dict[str, Any] = {"type": "azimuthalEqualArea", "rotate": [80, -15, 0]}


def _geo_features() -> list[dict[str, Any]]:
    return json.loads(GEO_PATH.read_text())["features"]


def _bbox_centre(feature: dict[str, Any]) -> tuple[float, float, float]:
    points = [
        point for polygon in feature["geometry"]["coordinates"] for point in polygon[0]
    ]
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    return (
        (min(xs) + max(xs)) / 2,
        (min(ys) + max(ys)) / 2,
        (max(xs) - min(xs)) * (max(ys) - min(ys)),
    )


@dataclass(frozen=True)
class MapData:
    """The map of one indicator: its spec and, for the table and downloads, its rows."""

    code: str
    year: int | None
    title: str
    description: str
    source_line: str
    rows: list[dict[str, Any]]  # rank, iso3, country, year, value (None: unpublished)
    spec: dict[str, Any]
    language: str = "en"


def build_map_data(code: str, language: str) -> MapData:
    with translation.override(language):
        return _build_map_data(code, language)


def _build_map_data(code: str, language: str) -> MapData:
    year, rows = oas_ranking(code)
    by_iso3 = {row.country.iso3: row for row in rows}
    features, points = [], []
    for feature in _geo_features():
        row = by_iso3.get(feature["id"])
        if row is None:
            continue
        value = row.figure.value
        shown = row.figure.display(language)
        label = f"{row.country.name_in(language)} ({feature['id']}): {shown}"
        feature = {
            **feature,
            "properties": {**feature["properties"], "value": value, "label": label},
        }
        features.append(feature)
        lon, lat, extent = _bbox_centre(feature)
        if extent < SMALL_STATE_AREA:
            points.append({"lon": lon, "lat": lat, "value": value, "label": label})
    title = str(RANKABLE[code])
    sources = {source.line for row in rows for source in row.figure.sources}
    source_line = _("Source: %(sources)s") % {
        "sources": "; ".join(sorted(sources)) or _("not published")
    }
    heading = f"{title}, {year}" if year else title
    description = _(
        "Map of the 35 OAS member states: %(title)s. The table below gives every figure."
    ) % {"title": heading}
    fmt = (
        ",.1f"
        if KINDS[code] == "percent"
        else ("$,.3s" if KINDS[code] == "usd" else ",.0f")
    )

    def color(field: str) -> alt.Color:
        return alt.Color(
            f"{field}:Q",
            title=None,
            scale=alt.Scale(scheme="blues"),
            legend=alt.Legend(orient="bottom-left", format=fmt, gradientLength=160),
        )

    shapes = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(stroke="#555", strokeWidth=0.4, invalid=None)
        .encode(
            color=alt.condition(
                "datum.properties.value == null",
                alt.value("#e5e5e5"),
                color("properties.value"),
            ),
            description=alt.Description("properties.label:N"),
        )
    )
    dots = (
        alt.Chart(alt.Data(values=points))
        .mark_circle(size=50, stroke="#333", strokeWidth=0.6, opacity=1, invalid=None)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=alt.condition(
                "datum.value == null", alt.value("#e5e5e5"), color("value")
            ),
            description=alt.Description("label:N"),
        )
    )
    chart = (
        alt.layer(shapes, dots)
        .properties(
            width=520,
            height=620,
            title=alt.TitleParams(
                heading, subtitle=wrap_lines(source_line), anchor="start"
            ),
        )
        .project(**MAP_PROJECTION)
        .configure_view(stroke=None)
    )
    return MapData(
        code=code,
        year=year,
        title=heading,
        description=description,
        source_line=source_line,
        rows=[
            {
                "rank": row.position,
                "iso3": row.country.iso3,
                "country": row.country.name_in(language),
                "year": row.figure.year,
                "value": row.figure.value,
            }
            for row in rows
        ],
        spec=chart.to_dict(),
        language=language,
    )


def map_spec(code: str, language: str) -> dict[str, Any]:
    return map_data(code, language).spec


def render_map_svg(data: MapData, language: str) -> str:
    svg = vl_convert.vegalite_to_svg(data.spec, format_locale=format_locale(language))
    # Each state's shape keeps its aria-label (name, ISO3 and figure); the root is a
    # labelled document so those labels stay reachable, with the table as alternative.
    svg = re.sub(r'id="([^"]+)"', r'id="map-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", r"url(#map-\1)", svg)
    label = escape(data.description)
    return svg.replace("<svg ", f'<svg aria-label="{label}" ', 1).replace(
        ">", f"><title>{label}</title>", 1
    )


def render_map_png(data: MapData, language: str) -> bytes:
    return vl_convert.vegalite_to_png(
        data.spec, scale=2, format_locale=format_locale(language)
    )


def render_map_csv(data: MapData) -> str:
    """The ranking, with the same comment lines as a chart's CSV."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow([f"# {data.title}"])
    writer.writerow([f"# {data.source_line}"])
    if any(row["value"] is None for row in data.rows):
        writer.writerow(["# " + empty_cell_note(data.language)])
    writer.writerow(["rank", "iso3", "country", "year", "value"])
    for row in data.rows:
        writer.writerow(
            [
                row["rank"] or "",
                row["iso3"],
                row["country"],
                row["year"] or "",
                plain_number(row["value"]),
            ]
        )
    return output.getvalue()


def render_map_json(data: MapData) -> str:
    return json.dumps(
        {
            "title": data.title,
            "description": data.description,
            "source": data.source_line,
            "indicator": data.code,
            "year": data.year,
            "rows": data.rows,
            "vega_lite": data.spec,
        },
        ensure_ascii=False,
        indent=1,
    )


def map_data(code: str, language: str) -> MapData:
    return cached(("map-data", code, language), lambda: build_map_data(code, language))


def map_svg(code: str, language: str | None = None) -> str:
    language = language or translation.get_language() or "en"
    return cached(
        ("map-svg", code, language),
        lambda: render_map_svg(map_data(code, language), language),
    )


def map_context(code: str, language: str) -> dict[str, Any]:
    """The map, its data and its download and embed URLs (`?indicator=` kept)."""
    with translation.override(language):
        query = "?" + urlencode({"indicator": code})
        urls = {
            kind: reverse(f"profiles:map_{kind}") + query
            for kind in ("svg", "png", "csv", "json", "embed")
        }
    svg = map_svg(code, language)
    return {
        "name": "map",
        "data": map_data(code, language),
        "svg": svg,
        "size": svg_size(svg),
        "urls": urls,
    }
