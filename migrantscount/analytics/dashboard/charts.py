"""A dashboard table drawn as a horizontal bar chart, on the server, with the site's
chart stack (Altair spec -> vl-convert SVG, the profiles' locale and accessible-SVG
helpers), so the admin needs no JavaScript and the table beside it says the same."""

from typing import Any

import altair as alt
import vl_convert

from migrantscount.profiles.charts.render import accessible_svg, format_locale

from .queries import Table

WIDTH = 520
BAR_HEIGHT = 22
COLOUR = "#1b4f72"


def bar_spec(table: Table) -> dict[str, Any]:
    assert table.chart is not None  # noqa: S101  (callers check)
    label, value = table.chart
    labels = dict(table.columns)
    values = [{"label": str(row[label]), "value": row[value]} for row in table.rows]
    chart = (
        alt.Chart(
            alt.Data(values=values),  # type: ignore[no-untyped-call]
            width=WIDTH,
            height=max(BAR_HEIGHT * len(values), BAR_HEIGHT),
            title=alt.TitleParams(str(table.title), anchor="start"),
        )
        .mark_bar(color=COLOUR)
        .encode(
            y=alt.Y("label:N", title=None, sort=None),
            x=alt.X("value:Q", title=str(labels[value]), axis=alt.Axis(format=",d")),
        )
        .configure(aria=False)
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def render_bar_svg(table: Table, language: str) -> str:
    """An accessible SVG of the table's chart columns; "" for an empty table."""
    if table.chart is None or not table.rows:
        return ""
    svg = vl_convert.vegalite_to_svg(
        bar_spec(table), format_locale=format_locale(language)
    )
    return str(
        accessible_svg(svg, label=str(table.title), prefix=f"dashboard-{table.key}")
    )
