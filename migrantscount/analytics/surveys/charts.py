"""The results' charts: Vega-Lite specs built with Altair, rendered to SVG on the
server with the profiles' chart stack (vl-convert, the CLDR number locale and its
accessible-SVG treatment), so they show without JavaScript. Every chart states its
design and its sample in its subtitle, and has a table beside it on the page.
Suppressed groups (fewer than 10 responses) are left out of the picture."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

import altair as alt
import vl_convert
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from migrantscount.profiles.charts.render import accessible_svg, format_locale

from .questionnaire import ACCEPTANCE_SHORT
from .results import DESIGN_BEFORE_AFTER, Group, WaveResults

WIDTH, HEIGHT = 520, 220
SUBTITLE_CHARACTERS = 90
COLOURS = ["#1b4f72", "#b9770e", "#117a65"]


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    notes: list[str]
    svg: str


def _subtitle(notes: list[str]) -> list[str]:
    lines: list[str] = []
    for note in notes:
        lines += textwrap.wrap(note, SUBTITLE_CHARACTERS) or [note]
    return lines


def _render(spec: dict[str, Any], *, language: str, label: str, name: str) -> str:
    svg = vl_convert.vegalite_to_svg(spec, format_locale=format_locale(language))
    # The profiles' treatment: one image with a title, ids prefixed per chart.
    return accessible_svg(svg, label=label, prefix=f"survey-{name}")


def _index_spec(rows: list[dict[str, Any]], title: str, notes: list[str]) -> Any:
    base = alt.Chart(
        alt.Data(values=rows),  # type: ignore[no-untyped-call]
        width=WIDTH,
        height=HEIGHT,
        title=alt.TitleParams(title, subtitle=_subtitle(notes), anchor="start"),
    )
    y = alt.Y("group:N", title=None, sort=None, axis=alt.Axis(labelLimit=220))
    x_title = _("Mean Migrant Acceptance Index (0-9), 95% confidence interval")
    x = alt.X("low:Q", title=x_title, scale=alt.Scale(domain=[0, 9]))
    bars = base.mark_rule(strokeWidth=3, color=COLOURS[0]).encode(x=x, x2="high:Q", y=y)
    points = base.mark_point(filled=True, size=90, color=COLOURS[1]).encode(
        x=alt.X("mean:Q", scale=alt.Scale(domain=[0, 9])), y=y
    )
    return (bars + points).configure(aria=False).to_dict()


def _share_spec(rows: list[dict[str, Any]], title: str, notes: list[str]) -> Any:
    base = alt.Chart(
        alt.Data(values=rows),  # type: ignore[no-untyped-call]
        width=WIDTH,
        height=HEIGHT,
        title=alt.TitleParams(title, subtitle=_subtitle(notes), anchor="start"),
    )
    y = alt.Y("item:N", title=None, sort=None, axis=alt.Axis(labelLimit=220))
    y_offset = alt.YOffset("group:N", sort=None)
    colour = alt.Color(
        "group:N",
        title=None,
        sort=None,
        scale=alt.Scale(range=COLOURS),
        legend=alt.Legend(orient="top"),
    )
    x_title = _("Share answering “a good thing”, 95% Wilson interval")
    scale = alt.Scale(domain=[0, 1])
    rules = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("low:Q", title=x_title, scale=scale, axis=alt.Axis(format="%")),
        x2="high:Q",
        y=y,
        yOffset=y_offset,
        color=colour,
    )
    points = base.mark_point(filled=True, size=70).encode(
        x=alt.X("share:Q", scale=scale), y=y, yOffset=y_offset, color=colour
    )
    return (rules + points).configure(aria=False).to_dict()


def _index_rows(groups: list[Group]) -> list[dict[str, Any]]:
    return [
        {
            "group": group.label,
            "mean": group.index.estimate,
            "low": group.index.low,
            "high": group.index.high,
        }
        for group in groups
        if group.index is not None
    ]


def _text(notes: list[str | Promise]) -> list[str]:
    return [str(note) for note in notes]


def result_charts(outcome: WaveResults, language: str) -> list[Chart]:
    charts: list[Chart] = []
    notes = _text(outcome.notes())
    groups = outcome.arms or [outcome.overall]
    rows = _index_rows(groups)
    if rows:
        title = _("Migrant Acceptance Index by group")
        label = _describe(title, notes, rows, "mean")
        svg = _render(
            _index_spec(rows, title, notes),
            language=language,
            label=label,
            name="index",
        )
        charts.append(Chart("index", title, notes, svg))
    shares = [
        {
            "group": group.label,
            "item": str(ACCEPTANCE_SHORT[item.item]),
            "share": item.good.estimate,
            "low": item.good.low,
            "high": item.good.high,
        }
        for group in groups
        for item in group.items
        if item.good is not None
    ]
    if shares:
        title = _("Share answering “a good thing”, per item")
        label = _describe(title, notes, shares, "share")
        svg = _render(
            _share_spec(shares, title, notes),
            language=language,
            label=label,
            name="items",
        )
        charts.append(Chart("items", title, notes, svg))
    before_after = [
        group
        for group in (outcome.comparison_before, outcome.comparison_now)
        if group is not None
    ]
    rows = _index_rows(before_after)
    if len(rows) == 2 and outcome.previous is not None:
        labels = [str(outcome.previous), str(outcome.wave)]
        for row, wave_label in zip(rows, labels, strict=True):
            row["group"] = wave_label
        change_notes = [
            *(notes[:1] if outcome.wave.is_simulated else []),
            str(DESIGN_BEFORE_AFTER),
            notes[-1],
        ]
        title = _("Migrant Acceptance Index before and after")
        label = _describe(title, change_notes, rows, "mean")
        svg = _render(
            _index_spec(rows, title, change_notes),
            language=language,
            label=label,
            name="change",
        )
        charts.append(Chart("change", title, change_notes, svg))
    return charts


def _describe(
    title: str, notes: list[str], rows: list[dict[str, Any]], value: str
) -> str:
    """The image's text alternative: title, notes, and each plotted figure."""
    figures = "; ".join(
        f"{row['group']}{' · ' + row['item'] if 'item' in row else ''}: "
        f"{row[value]:.2f} ({row['low']:.2f}-{row['high']:.2f})"
        for row in rows
    )
    return " ".join([title + ".", *notes, figures])
