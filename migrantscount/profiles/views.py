"""Chart downloads, the embed page, the map image and the corridor view."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from migrantscount.data.models import Country

from . import charts, queries
from .caching import cached


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _country(iso3: str) -> Country:
    return get_object_or_404(Country.objects.oas_members(), iso3=iso3.upper())


def _chart(iso3: str, chart: str) -> tuple[Country, charts.ChartData]:
    if chart not in charts.COUNTRY_CHARTS:
        raise Http404
    country = _country(iso3)
    return country, charts.chart_data(country, chart, _language())


def _download_name(data: charts.ChartData, extension: str) -> str:
    return f"migrantscount-{data.country_iso3.lower()}-{data.name}-{_language()}.{extension}"


def chart_svg(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    country, _data = _chart(iso3, chart)
    svg = charts.chart_svg(country, chart, _language())
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def chart_png(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    country, data = _chart(iso3, chart)
    language = _language()
    png = cached(
        ("chart-png", country.pk, chart, language),
        lambda: charts.render_png(data, language),
    )
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = (
        f'inline; filename="{_download_name(data, "png")}"'
    )
    return response


def chart_csv(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    _country_, data = _chart(iso3, chart)
    response = HttpResponse(
        charts.render_csv(data), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_download_name(data, "csv")}"'
    )
    return response


def chart_json(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    _country_, data = _chart(iso3, chart)
    response = HttpResponse(charts.render_json(data), content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="{_download_name(data, "json")}"'
    )
    return response


@xframe_options_exempt
def chart_embed(request: HttpRequest, iso3: str, chart: str) -> HttpResponse:
    country, data = _chart(iso3, chart)
    return render(
        request,
        "profiles/embed.html",
        {
            "chart": {
                "name": chart,
                "data": data,
                "svg": charts.chart_svg(country, chart, _language()),
                "iso3": country.iso3,
            },
            "country": country,
        },
    )


def map_svg(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("indicator", queries.STOCK)
    if code not in charts.MAP_INDICATORS:
        raise Http404
    return HttpResponse(
        charts.map_svg(code, _language()), content_type="image/svg+xml; charset=utf-8"
    )


def corridor(request: HttpRequest, origin: str, destination: str) -> HttpResponse:
    origin_country = get_object_or_404(Country, iso3=origin.upper())
    destination_country = get_object_or_404(Country, iso3=destination.upper())
    if origin_country == destination_country:
        raise Http404
    trend = queries.corridor_trend(origin_country, destination_country)
    # Migrants send money home: from the destination to the origin.
    prices = queries.corridor_prices(
        receiving=origin_country, sending=destination_country
    )
    title = _("%(origin)s → %(destination)s") % {
        "origin": origin_country.name,
        "destination": destination_country.name,
    }
    return render(
        request,
        "profiles/corridor.html",
        {
            "title": title,
            "origin": origin_country,
            "destination": destination_country,
            "trend": trend,
            "latest": trend[-1] if trend else None,
            "price": prices[0] if prices else None,
            "sources": queries.model_sources(queries.BilateralStock),
            "sdg_ceiling": queries.SDG_CORRIDOR_CEILING,
        },
    )
