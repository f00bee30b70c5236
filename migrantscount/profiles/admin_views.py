"""A read-only admin view of the data facts of one country, in one language."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from migrantscount.data.models import Country

from . import facts


def data_facts(request: HttpRequest) -> HttpResponse:
    countries = list(Country.objects.oas_members().order_by("name_en"))
    iso3 = request.GET.get("country", "")
    language = request.GET.get("language", "en")
    if language not in dict(settings.LANGUAGES):
        language = "en"
    country = next((item for item in countries if item.iso3 == iso3), None)
    return render(
        request,
        "profiles/admin_facts.html",
        {
            "countries": countries,
            "country": country,
            "language": language,
            "languages": settings.LANGUAGES,
            "facts": facts.country_facts(country, language=language) if country else [],
        },
    )
