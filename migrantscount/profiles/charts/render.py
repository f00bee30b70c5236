"""One `ChartData`, every output: the Vega-Lite spec, SVG, PNG, CSV and JSON.

The table, the picture and the download are built from the same data, so they always
agree, and each one carries the source line. vl-convert renders offline; nothing is
fetched.
"""

import csv
import io
import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import vl_convert
from babel import Locale
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..formatting import CURRENCY_PREFIX, cldr_locale

WIDTH, HEIGHT = 560, 300
SUBTITLE_CHARACTERS = 95  # about 560 px of Vega's default 10 px subtitle font


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


def format_locale(language: str) -> dict[str, Any]:
    """d3-format locale from CLDR, so chart axes group digits like the page text."""
    symbols = Locale.parse(cldr_locale(language)).number_symbols["latn"]
    return {
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
        "grouping": [3],
        "currency": [CURRENCY_PREFIX, ""],
    }


def wrap_lines(text: str) -> list[str]:
    """A source line wrapped to the chart's width: an unwrapped one widens the image."""
    return textwrap.wrap(text, SUBTITLE_CHARACTERS) or [text]


def year_labels(data: ChartData) -> list[int]:
    """The years labelled on the x axis: every one up to 12, else every 5th or 10th
    (55 years of remittances printed every label on top of the next)."""
    years = [row["year"] for row in data.rows]
    if len(years) <= 12:
        return years
    step = 5 if len(years) <= 40 else 10
    return [year for year in years if year % step == 0]


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
            data.title, subtitle=wrap_lines(data.source_line), anchor="start"
        ),
        description=data.description,
    )
    chart = (
        base.transform_calculate(shown=f"datum.value / {scale:g}")
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "year:O",
                title=None,
                axis=alt.Axis(labelAngle=0, values=year_labels(data)),
            ),
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


def accessible_svg(svg: str, *, label: str, prefix: str) -> str:
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
    return accessible_svg(
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
        writer.writerow(["# " + empty_cell_note(data.language)])
    writer.writerow(["year", *data.series_labels])
    for row in data.rows:
        writer.writerow(
            [row["year"], *(plain_number(row.get(key)) for key in data.series_labels)]
        )
    return output.getvalue()


def empty_cell_note(language: str) -> str:
    with translation.override(language):
        return _("Empty cell: not published")


def plain_number(value: float | None) -> str:
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


_SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def svg_size(svg: str) -> tuple[int, int]:
    """The root's width and height, for the page's <img> (no layout shift)."""
    match = _SVG_SIZE.search(svg)
    if match is None:
        return WIDTH, HEIGHT
    return round(float(match.group(1))), round(float(match.group(2)))
