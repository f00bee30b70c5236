"""A country's line charts and a corridor's: their data, cached SVG and page context."""

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migrantscount.data.models import BilateralStock, Country

from ..caching import cached
from ..formatting import CURRENCY_PREFIX, format_number, format_usd
from ..queries.figures import Figure, Source, TrendPoint
from ..queries.profile import country_profile
from ..queries.remittances import remittance_series
from ..queries.stocks import corridor_trend
from ..queries.vintages import model_sources
from .render import ChartData, render_svg, svg_size

COUNTRY_CHARTS = ("immigrants", "emigrants", "remittances")
CORRIDOR_CHART = "corridor"
# A chart's table up to this many years is on the page (in a <details>); a longer
# one (remittances since 1970: 55 rows, 5 KB) is on its own page, linked: issue 19
# keeps public pages light and lets long tables move behind a link.
INLINE_TABLE_ROWS = 20
CHART_TITLES: dict[str, Promise] = {
    "immigrants": gettext_lazy("International migrants living in %(country)s"),
    "emigrants": gettext_lazy("Emigrants from %(country)s living abroad"),
    "remittances": gettext_lazy(
        "Personal remittances received and paid by %(country)s"
    ),
}
CORRIDOR_TITLE = gettext_lazy("People born in %(origin)s living in %(destination)s")


def _trend_rows(points: list[TrendPoint]) -> list[dict[str, Any]]:
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
            return Figure(None).display(language)
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


def _source_line(sources: tuple[Source, ...]) -> str:
    return _("Source: %(sources)s") % {
        "sources": "; ".join(source.line for source in sources) or _("not published")
    }


def build_chart_data(country: Country, name: str, language: str) -> ChartData:
    if name not in COUNTRY_CHARTS:
        raise KeyError(name)
    with translation.override(language):
        profile = country_profile(country)
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
            points, sources = remittance_series(country)
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
        rows = _trend_rows(corridor_trend(origin, destination))
        # One edition per chart: Rev.2024 publishes both sexes only, so its chart
        # has no lines for men and women (see queries.stocks.corridor_sex_split).
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
            source_line=_source_line(model_sources(BilateralStock)),
            language=language,
            table=_table(rows, labels, "persons", language),
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


def _urls(view_prefix: str, args: list[str]) -> dict[str, str]:
    """Download, embed and table URLs in the active language (i18n_patterns)."""
    return {
        kind: reverse(f"profiles:{view_prefix}_{kind}", args=args)
        for kind in ("svg", "png", "csv", "json", "embed", "table")
    }


def chart_context(country: Country, name: str, language: str) -> dict[str, Any]:
    """What `profiles/includes/chart.html` needs for one of a country's charts."""
    with translation.override(language):
        urls = _urls("chart", [country.iso3, name])
    svg = chart_svg(country, name, language)
    data = chart_data(country, name, language)
    return {
        "name": name,
        "data": data,
        "svg": svg,
        "size": svg_size(svg),
        "urls": urls,
        "table_inline": len(data.table) <= INLINE_TABLE_ROWS,
    }


def corridor_chart_context(
    origin: Country, destination: Country, language: str
) -> dict[str, Any]:
    with translation.override(language):
        urls = _urls("corridor_chart", [origin.iso3, destination.iso3])
    svg = corridor_chart_svg(origin, destination, language)
    data = corridor_chart_data(origin, destination, language)
    return {
        "name": CORRIDOR_CHART,
        "data": data,
        "svg": svg,
        "size": svg_size(svg),
        "urls": urls,
        "table_inline": len(data.table) <= INLINE_TABLE_ROWS,
    }
