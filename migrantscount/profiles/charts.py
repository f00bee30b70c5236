"""Charts: one Vega-Lite spec per chart, built with Altair, rendered on the server.

Every output of a chart (inline SVG, PNG, CSV, JSON, embed page) is built from one
`ChartData`, so the table, the picture and the download always agree, and each one
carries the source line. vl-convert renders offline; nothing is fetched.
"""

import csv
import io
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import altair as alt
import vl_convert
from babel import Locale
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migrantscount.data.models import Country

from . import queries
from .caching import cached
from .formatting import CURRENCY_PREFIX, cldr_locale, format_number, format_usd

COUNTRY_CHARTS = ("immigrants", "emigrants", "remittances")
CORRIDOR_CHART = "corridor"
MAP_INDICATORS = (
    queries.STOCK,
    queries.STOCK_PCT,
    queries.REFUGEES,
    queries.RECEIVED,
    queries.RECEIVED_PCT_GDP,
    queries.PAID,
    queries.COST_TO,
)
GEO_PATH = Path(__file__).resolve().parent / "geo" / "americas.geojson"
SMALL_STATE_AREA = 2.0  # square degrees; drawn with a circle as well as the shape
# Lambert azimuthal equal-area centred on the Caribbean (80° W, 15° N). The 35 states
# span 139° of latitude across the equator, so no pair of conic standard parallels
# suits both hemispheres; an azimuthal projection keeps areas true (Mercator made
# Canada look larger than South America) and distorts least at the centre, where
# the small island states are.
MAP_PROJECTION: dict[str, Any] = {"type": "azimuthalEqualArea", "rotate": [80, -15, 0]}
WIDTH, HEIGHT = 560, 300
SUBTITLE_CHARACTERS = 95  # about 560 px of Vega's default 10 px subtitle font
CHART_TITLES: dict[str, Promise] = {
    "immigrants": gettext_lazy("International migrants living in %(country)s"),
    "emigrants": gettext_lazy("Emigrants from %(country)s living abroad"),
    "remittances": gettext_lazy(
        "Personal remittances received and paid by %(country)s"
    ),
}
CORRIDOR_TITLE = gettext_lazy("People born in %(origin)s living in %(destination)s")


@dataclass(frozen=True)
class ChartData:
    name: str
    subject: str  # "COL" for a country's chart, "VEN-COL" for a corridor's
    title: str
    description: str
    value_label: str
    kind: str  # "persons" or "usd"
    series_labels: dict[str, str]  # column key → label, in display order
    rows: list[dict[str, Any]]  # {"year": …, key: value or None}
    source_line: str
    language: str = "en"  # of the texts above, and of the CSV's comment lines
    # The rows as the page's table shows them ("not published" for a gap), formatted
    # once when the data is built and cached with it: a warm page formats no numbers.
    table: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def long_rows(self) -> list[dict[str, Any]]:
        return [
            {"year": row["year"], "series": label, "value": row[key]}
            for row in self.rows
            for key, label in self.series_labels.items()
            if row.get(key) is not None
        ]


def _trend_rows(points: list[queries.TrendPoint]) -> list[dict[str, Any]]:
    return [
        {
            "year": point.year,
            "total": point.total,
            "male": point.male,
            "female": point.female,
        }
        for point in points
    ]


def _table(
    rows: list[dict[str, Any]], labels: dict[str, str], kind: str, language: str
) -> list[tuple[int, list[str]]]:
    def shown(value: float | None) -> str:
        if value is None:
            return queries.Figure(None).display(language)
        return (format_number if kind == "persons" else format_usd)(
            value, language=language
        )

    return [(row["year"], [shown(row.get(key)) for key in labels]) for row in rows]


def _sex_labels() -> dict[str, str]:
    return {"total": _("Both sexes"), "male": _("Men"), "female": _("Women")}


def _describe(
    title: str,
    rows: list[dict[str, Any]],
    labels: dict[str, str],
    kind: str,
    language: str,
) -> str:
    """First and last published values: of the total, else of each series in turn."""
    show = format_number if kind == "persons" else _format_usd
    keys = ["total"] if "total" in labels else list(labels)
    sentences = []
    for key in keys:
        published = [row for row in rows if row.get(key) is not None]
        if not published:
            continue
        first, last = published[0], published[-1]
        sentences.append(
            _(
                "%(title)s, %(start)s to %(end)s: %(first)s in %(start)s and "
                "%(last)s in %(end)s."
            )
            % {
                "title": title if len(keys) == 1 else labels[key],
                "start": first["year"],
                "end": last["year"],
                "first": show(first[key], language=language),
                "last": show(last[key], language=language),
            }
        )
    if not sentences:
        return _("%(title)s: not published.") % {"title": title}
    return " ".join(sentences if len(keys) == 1 else [f"{title}.", *sentences])


def _format_usd(value: float, *, language: str) -> str:
    return CURRENCY_PREFIX + format_number(value, language=language)


def _source_line(sources: tuple[queries.Source, ...]) -> str:
    return _("Source: %(sources)s") % {
        "sources": "; ".join(source.line for source in sources) or _("not published")
    }


def build_chart_data(country: Country, name: str, language: str) -> ChartData:
    if name not in COUNTRY_CHARTS:
        raise KeyError(name)
    with translation.override(language):
        profile = queries.country_profile(country)
        title = str(CHART_TITLES[name] % {"country": country.name_in(language)})
        if name == "immigrants":
            rows = _trend_rows(profile.immigrant_trend)
            labels, kind, sources = _sex_labels(), "persons", profile.immigrant_source
            value_label = _("People")
        elif name == "emigrants":
            rows = _trend_rows(profile.emigrant_trend)
            labels, kind, sources = _sex_labels(), "persons", profile.emigrant_source
            value_label = _("People")
        else:
            points, sources = queries.remittance_series(country)
            rows = [
                {"year": year, "received": received, "paid": paid}
                for year, received, paid in points
            ]
            labels, kind = {"received": _("Received"), "paid": _("Paid")}, "usd"
            value_label = _("Current US$")
        return ChartData(
            name=name,
            subject=country.iso3,
            title=title,
            description=_describe(title, rows, labels, kind, language),
            value_label=value_label,
            kind=kind,
            series_labels=labels,
            rows=rows,
            source_line=_source_line(sources),
            language=language,
            table=_table(rows, labels, kind, language),
        )


def build_corridor_chart_data(
    origin: Country, destination: Country, language: str
) -> ChartData:
    """Stock of people born in `origin` living in `destination`, by sex and year."""
    with translation.override(language):
        title = str(
            CORRIDOR_TITLE
            % {
                "origin": origin.name_in(language),
                "destination": destination.name_in(language),
            }
        )
        rows = _trend_rows(queries.corridor_trend(origin, destination))
        # One edition per chart: Rev.2024 publishes both sexes only, so its chart
        # has no lines for men and women (see queries.corridor_sex_split).
        labels = {
            key: label
            for key, label in _sex_labels().items()
            if key == "total" or any(row[key] is not None for row in rows)
        }
        return ChartData(
            name=CORRIDOR_CHART,
            subject=f"{origin.iso3}-{destination.iso3}",
            title=title,
            description=_describe(title, rows, labels, "persons", language),
            value_label=_("People"),
            kind="persons",
            series_labels=labels,
            rows=rows,
            source_line=_source_line(queries.model_sources(queries.BilateralStock)),
            language=language,
            table=_table(rows, labels, "persons", language),
        )


def format_locale(language: str) -> dict[str, Any]:
    """d3-format locale from CLDR, so chart axes group digits like the page text."""
    symbols = Locale.parse(cldr_locale(language)).number_symbols["latn"]
    return {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [3],
        "currency": [CURRENCY_PREFIX, ""],
    }


def _lines(text: str) -> list[str]:
    """A source line wrapped to the chart's width: an unwrapped one widens the image."""
    return textwrap.wrap(text, SUBTITLE_CHARACTERS) or [text]


def vega_lite_spec(data: ChartData) -> dict[str, Any]:
    # Dollars are drawn in billions: d3's SI prefix would print "G".
    scale = 1e9 if data.kind == "usd" else 1
    axis_format = "$,.0f" if data.kind == "usd" else ",.0f"
    value_label = _("US$ billions") if data.kind == "usd" else data.value_label
    base = alt.Chart(
        alt.Data(values=data.long_rows),
        width=WIDTH,
        height=HEIGHT,
        title=alt.TitleParams(
            data.title, subtitle=_lines(data.source_line), anchor="start"
        ),
        description=data.description,
    )
    chart = (
        base.transform_calculate(shown=f"datum.value / {scale:g}")
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("shown:Q", title=value_label, axis=alt.Axis(format=axis_format)),
            color=alt.Color(
                "series:N",
                title=None,
                sort=list(data.series_labels.values()),
                scale=alt.Scale(range=["#1b4f72", "#b9770e", "#117a65"]),
                legend=alt.Legend(orient="top")
                if len(data.series_labels) > 1
                else None,
            ),
        )
        .configure(aria=False)
    )
    return chart.to_dict()


def _accessible_svg(svg: str, *, label: str, prefix: str) -> str:
    """role=img + <title> on the root; ids prefixed so inline SVGs never collide."""
    # The root is one image; Vega's mark roles inside it would be announced twice.
    svg = re.sub(r' (?:role|aria-[a-z]+)="[^"]*"', "", svg)
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    label = escape(label)
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" focusable="false" ',
        1,
    ).replace(">", f"><title>{label}</title>", 1)


def render_svg(data: ChartData, language: str) -> str:
    svg = vl_convert.vegalite_to_svg(
        vega_lite_spec(data), format_locale=format_locale(language)
    )
    return _accessible_svg(
        svg, label=data.description, prefix=f"{data.subject}-{data.name}"
    )


def render_png(data: ChartData, language: str) -> bytes:
    return vl_convert.vegalite_to_png(
        vega_lite_spec(data), scale=2, format_locale=format_locale(language)
    )


def render_csv(data: ChartData) -> str:
    """Comment lines (title, source, and what an empty cell means when there is one),
    then the table. Unpublished values stay empty so the numbers stay numeric."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow([f"# {data.title}"])
    writer.writerow([f"# {data.source_line}"])
    if any(row.get(key) is None for row in data.rows for key in data.series_labels):
        writer.writerow(["# " + _empty_cell_note(data.language)])
    writer.writerow(["year", *data.series_labels])
    for row in data.rows:
        writer.writerow(
            [row["year"], *(_plain(row.get(key)) for key in data.series_labels)]
        )
    return output.getvalue()


def _empty_cell_note(language: str) -> str:
    with translation.override(language):
        return _("Empty cell: not published")


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def render_json(data: ChartData) -> str:
    return json.dumps(
        {
            "title": data.title,
            "description": data.description,
            "source": data.source_line,
            "columns": {"year": "year", **data.series_labels},
            "rows": data.rows,
            "vega_lite": vega_lite_spec(data),
        },
        ensure_ascii=False,
        indent=1,
    )


def chart_data(country: Country, name: str, language: str) -> ChartData:
    return cached(
        ("chart-data", country.pk, name, language),
        lambda: build_chart_data(country, name, language),
    )


def chart_svg(country: Country, name: str, language: str) -> str:
    return cached(
        ("chart-svg", country.pk, name, language),
        lambda: render_svg(chart_data(country, name, language), language),
    )


def corridor_chart_data(
    origin: Country, destination: Country, language: str
) -> ChartData:
    return cached(
        ("corridor-data", origin.pk, destination.pk, language),
        lambda: build_corridor_chart_data(origin, destination, language),
    )


def corridor_chart_svg(origin: Country, destination: Country, language: str) -> str:
    return cached(
        ("corridor-svg", origin.pk, destination.pk, language),
        lambda: render_svg(
            corridor_chart_data(origin, destination, language), language
        ),
    )


_SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def svg_size(svg: str) -> tuple[int, int]:
    """The root's width and height, for the page's <img> (no layout shift)."""
    match = _SVG_SIZE.search(svg)
    if match is None:
        return WIDTH, HEIGHT
    return round(float(match.group(1))), round(float(match.group(2)))


def _urls(view_prefix: str, args: list[str]) -> dict[str, str]:
    """Download and embed URLs in the active language (i18n_patterns)."""
    return {
        kind: reverse(f"profiles:{view_prefix}_{kind}", args=args)
        for kind in ("svg", "png", "csv", "json", "embed")
    }


def chart_context(country: Country, name: str, language: str) -> dict[str, Any]:
    """What `profiles/includes/chart.html` needs for one of a country's charts."""
    with translation.override(language):
        urls = _urls("chart", [country.iso3, name])
    svg = chart_svg(country, name, language)
    return {
        "name": name,
        "data": chart_data(country, name, language),
        "svg": svg,
        "size": svg_size(svg),
        "urls": urls,
    }


def corridor_chart_context(
    origin: Country, destination: Country, language: str
) -> dict[str, Any]:
    with translation.override(language):
        urls = _urls("corridor_chart", [origin.iso3, destination.iso3])
    svg = corridor_chart_svg(origin, destination, language)
    return {
        "name": CORRIDOR_CHART,
        "data": corridor_chart_data(origin, destination, language),
        "svg": svg,
        "size": svg_size(svg),
        "urls": urls,
    }


# --- the Americas map ---------------------------------------------------------------


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
    year, rows = queries.oas_ranking(code)
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
    title = str(queries.RANKABLE[code])
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
        if queries.KINDS[code] == "percent"
        else ("$,.3s" if queries.KINDS[code] == "usd" else ",.0f")
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
                heading, subtitle=_lines(source_line), anchor="start"
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
        writer.writerow(["# " + _empty_cell_note(data.language)])
    writer.writerow(["rank", "iso3", "country", "year", "value"])
    for row in data.rows:
        writer.writerow(
            [
                row["rank"] or "",
                row["iso3"],
                row["country"],
                row["year"] or "",
                _plain(row["value"]),
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
