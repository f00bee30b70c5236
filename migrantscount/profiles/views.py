"""Chart downloads and embed pages (one view for every chart and output) and the
corridor view."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from migrantscount.data.models import Country

from .caching import cached
from .charts import americas, lines
from .charts.render import ChartData, render_csv, render_json, render_png
from .facts import profile_page_url
from .queries.figures import Source, TrendPoint
from .queries.indicators import SDG_CORRIDOR_CEILING, STOCK
from .queries.remittances import corridor_cost_history
from .queries.stocks import corridor_sex_split

# Each file output: its content type and, if it has a file name, its disposition.
FILE_OUTPUTS: dict[str, tuple[str, str | None]] = {
    "svg": ("image/svg+xml; charset=utf-8", None),
    "png": ("image/png", "inline"),
    "csv": ("text/csv; charset=utf-8", "attachment"),
    "json": ("application/json", "attachment"),
}


@dataclass(frozen=True)
class _Chart:
    """One chart of any kind: how each of its outputs is made, on demand."""

    stem: str  # the download's file name without its extension
    files: dict[str, Callable[[], str | bytes]]  # by output; a missing one is a 404
    embed_template: str
    embed_context: Callable[[], dict[str, Any]]
    # The page of the line chart's data table (output "table"): the chart's context
    # and where the chart is shown. None: no table page (a 404).
    table_page: Callable[[], tuple[dict[str, Any], str]] | None = None


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _country(iso3: str) -> Country:
    return get_object_or_404(Country.objects.oas_members(), iso3=iso3.upper())


def _corridor(origin: str, destination: str) -> tuple[Country, Country]:
    origin_country = get_object_or_404(Country, iso3=origin.upper())
    destination_country = get_object_or_404(Country, iso3=destination.upper())
    if origin_country == destination_country:
        raise Http404
    return origin_country, destination_country


def _line_chart(
    data: ChartData,
    svg: Callable[[], str],
    context: Callable[[], dict[str, Any]],
    shown_at: Callable[[], str],
) -> _Chart:
    language = _language()
    files: dict[str, Callable[[], str | bytes]] = {
        "svg": svg,
        "png": lambda: cached(
            ("chart-png", data.subject, data.name, language),
            lambda: render_png(data, language),
        ),
        "csv": lambda: render_csv(data),
        "json": lambda: render_json(data),
    }
    if not data.rows:  # not published: the page and the SVG say so, a PNG cannot
        del files["png"]
    return _Chart(
        stem=f"migrantscount-{data.subject.lower()}-{data.name}-{language}",
        files=files,
        embed_template="profiles/embed.html",
        embed_context=context,
        table_page=lambda: (context(), shown_at()),
    )


def _country_chart(request: HttpRequest, *, iso3: str, chart: str) -> _Chart:
    if chart not in lines.COUNTRY_CHARTS:
        raise Http404
    country, language = _country(iso3), _language()

    def shown_at() -> str:
        url = profile_page_url(country, language)
        return f"{url}#chart-{chart}" if url else ""

    return _line_chart(
        lines.chart_data(country, chart, language),
        lambda: lines.chart_svg(country, chart, language),
        lambda: lines.chart_context(country, chart, language),
        shown_at,
    )


def _corridor_chart(request: HttpRequest, *, origin: str, destination: str) -> _Chart:
    origin_country, destination_country = _corridor(origin, destination)
    language = _language()
    data = lines.corridor_chart_data(origin_country, destination_country, language)
    if not data.rows:
        raise Http404
    return _line_chart(
        data,
        lambda: lines.corridor_chart_svg(origin_country, destination_country, language),
        lambda: lines.corridor_chart_context(
            origin_country, destination_country, language
        ),
        lambda: (
            reverse(
                "profiles:corridor",
                args=[origin_country.iso3, destination_country.iso3],
            )
            + f"#chart-{lines.CORRIDOR_CHART}"
        ),
    )


def _americas_map(request: HttpRequest) -> _Chart:
    code = request.GET.get("indicator", STOCK)
    if code not in americas.MAP_INDICATORS:
        raise Http404
    language = _language()

    def data() -> americas.MapData:
        return americas.map_data(code, language)

    return _Chart(
        stem=f"migrantscount-americas-{code.lower()}-{language}",
        files={
            "svg": lambda: americas.map_svg(code, language),
            "png": lambda: cached(
                ("map-png", code, language),
                lambda: americas.render_map_png(data(), language),
            ),
            "csv": lambda: americas.render_map_csv(data()),
            "json": lambda: americas.render_map_json(data()),
        },
        embed_template="profiles/map_embed.html",
        embed_context=lambda: americas.map_context(code, language),
    )


CHARTS: dict[str, Callable[..., _Chart]] = {
    "country": _country_chart,
    "corridor": _corridor_chart,
    "map": _americas_map,
}


def chart_output(
    request: HttpRequest, *, kind: str, output: str, **subject: str
) -> HttpResponse:
    """`output` ("svg", "png", "csv", "json", "embed" or "table") of the chart of `kind` for
    the URL's subject (country and chart, corridor, or the map's `?indicator=`)."""
    chart = CHARTS[kind](request, **subject)
    if output == "table":
        if chart.table_page is None:
            raise Http404
        context, shown_at = chart.table_page()
        return render(
            request,
            "profiles/chart_table.html",
            {"chart": context, "shown_at": shown_at},
        )
    if output == "embed":
        response = render(
            request, chart.embed_template, {"chart": chart.embed_context()}
        )
        # As @xframe_options_exempt: only the embed page may be framed elsewhere.
        response.xframe_options_exempt = True
        return response
    if output not in chart.files:
        raise Http404
    content_type, disposition = FILE_OUTPUTS[output]
    response = HttpResponse(chart.files[output](), content_type=content_type)
    if disposition is not None:
        response["Content-Disposition"] = (
            f'{disposition}; filename="{chart.stem}.{output}"'
        )
    return response


def corridor(request: HttpRequest, origin: str, destination: str) -> HttpResponse:
    origin_country, destination_country = _corridor(origin, destination)
    language = _language()
    chart = lines.corridor_chart_context(origin_country, destination_country, language)
    # Migrants send money home: from the destination to the origin.
    costs = corridor_cost_history(sending=destination_country, receiving=origin_country)
    title = _("%(origin)s → %(destination)s") % {
        "origin": origin_country.name,
        "destination": destination_country.name,
    }
    rows = chart["data"].rows
    split: list[TrendPoint] = []
    split_sources: tuple[Source, ...] = ()
    if all(row["male"] is None for row in rows):
        # The current edition has both sexes only: an earlier one's split, apart.
        split, split_sources = corridor_sex_split(origin_country, destination_country)
    return render(
        request,
        "profiles/corridor.html",
        {
            "title": title,
            "sex_split": split,
            "sex_split_source": split_sources[0] if split_sources else None,
            "origin": origin_country,
            "destination": destination_country,
            "chart": chart if rows else None,
            "latest": rows[-1] if rows else None,
            "price": costs[-1] if costs else None,
            "costs": costs,
            "sdg_ceiling": SDG_CORRIDOR_CEILING,
        },
    )
