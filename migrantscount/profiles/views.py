"""Chart downloads, the embed page, the map image and the corridor view."""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from migrantscount.data.models import Country

from .caching import cached
from .charts import americas, lines
from .charts.render import ChartData, render_csv, render_json, render_png
from .queries.figures import Source, TrendPoint
from .queries.indicators import SDG_CORRIDOR_CEILING, STOCK
from .queries.remittances import corridor_cost_history
from .queries.stocks import corridor_sex_split


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _country(iso3: str) -> Country:
    return get_object_or_404(Country.objects.oas_members(), iso3=iso3.upper())


def _chart(iso3: str, chart: str) -> tuple[Country, ChartData]:
    if chart not in lines.COUNTRY_CHARTS:
        raise Http404
    country = _country(iso3)
    return country, lines.chart_data(country, chart, _language())


def _corridor(origin: str, destination: str) -> tuple[Country, Country]:
    origin_country = get_object_or_404(Country, iso3=origin.upper())
    destination_country = get_object_or_404(Country, iso3=destination.upper())
    if origin_country == destination_country:
        raise Http404
    return origin_country, destination_country


def _corridor_chart(
    origin: str, destination: str
) -> tuple[Country, Country, ChartData]:
    origin_country, destination_country = _corridor(origin, destination)
    data = lines.corridor_chart_data(origin_country, destination_country, _language())
    if not data.rows:
        raise Http404
    return origin_country, destination_country, data


def _download_name(data: ChartData, extension: str) -> str:
    return f"migrantscount-{data.subject.lower()}-{data.name}-{_language()}.{extension}"


def _svg_response(svg: str) -> HttpResponse:
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def _png_response(data: ChartData) -> HttpResponse:
    language = _language()
    png = cached(
        ("chart-png", data.subject, data.name, language),
        lambda: render_png(data, language),
    )
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = (
        f'inline; filename="{_download_name(data, "png")}"'
    )
    return response


def _csv_response(data: ChartData) -> HttpResponse:
    response = HttpResponse(render_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_download_name(data, "csv")}"'
    )
    return response


def _json_response(data: ChartData) -> HttpResponse:
    response = HttpResponse(render_json(data), content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="{_download_name(data, "json")}"'
    )
    return response


def chart_svg(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    country, _data = _chart(iso3, chart)
    return _svg_response(lines.chart_svg(country, chart, _language()))


def chart_png(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    data = _chart(iso3, chart)[1]
    if not data.rows:  # not published: the page and the SVG say so, a PNG cannot
        raise Http404
    return _png_response(data)


def chart_csv(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    return _csv_response(_chart(iso3, chart)[1])


def chart_json(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    return _json_response(_chart(iso3, chart)[1])


@xframe_options_exempt
def chart_embed(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    country, _data = _chart(iso3, chart)
    context = lines.chart_context(country, chart, _language())
    return render(request, "profiles/embed.html", {"chart": context})


def corridor_chart_svg(
    request: HttpRequest, origin: str, destination: str
) -> HttpResponse:
    origin_country, destination_country, _data = _corridor_chart(origin, destination)
    return _svg_response(
        lines.corridor_chart_svg(origin_country, destination_country, _language())
    )


def corridor_chart_png(
    request: HttpRequest, origin: str, destination: str
) -> HttpResponse:
    return _png_response(_corridor_chart(origin, destination)[2])


def corridor_chart_csv(
    request: HttpRequest, origin: str, destination: str
) -> HttpResponse:
    return _csv_response(_corridor_chart(origin, destination)[2])


def corridor_chart_json(
    request: HttpRequest, origin: str, destination: str
) -> HttpResponse:
    return _json_response(_corridor_chart(origin, destination)[2])


@xframe_options_exempt
def corridor_chart_embed(
    request: HttpRequest, origin: str, destination: str
) -> HttpResponse:
    origin_country, destination_country, _data = _corridor_chart(origin, destination)
    context = lines.corridor_chart_context(
        origin_country, destination_country, _language()
    )
    return render(request, "profiles/embed.html", {"chart": context})


def _map_code(request: HttpRequest) -> str:
    code = request.GET.get("indicator", STOCK)
    if code not in americas.MAP_INDICATORS:
        raise Http404
    return code


def _map_download_name(code: str, extension: str) -> str:
    return f"migrantscount-americas-{code.lower()}-{_language()}.{extension}"


def map_svg(request: HttpRequest) -> HttpResponse:
    return _svg_response(americas.map_svg(_map_code(request), _language()))


def map_png(request: HttpRequest) -> HttpResponse:
    code, language = _map_code(request), _language()
    png = cached(
        ("map-png", code, language),
        lambda: americas.render_map_png(americas.map_data(code, language), language),
    )
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = (
        f'inline; filename="{_map_download_name(code, "png")}"'
    )
    return response


def _map_download(
    request: HttpRequest,
    extension: str,
    content_type: str,
    render: Callable[[Any], str],
) -> HttpResponse:
    code = _map_code(request)
    response = HttpResponse(
        render(americas.map_data(code, _language())), content_type=content_type
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_map_download_name(code, extension)}"'
    )
    return response


def map_csv(request: HttpRequest) -> HttpResponse:
    return _map_download(
        request, "csv", "text/csv; charset=utf-8", americas.render_map_csv
    )


def map_json(request: HttpRequest) -> HttpResponse:
    return _map_download(request, "json", "application/json", americas.render_map_json)


@xframe_options_exempt
def map_embed(request: HttpRequest) -> HttpResponse:
    context = americas.map_context(_map_code(request), _language())
    return render(request, "profiles/map_embed.html", {"chart": context})


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
