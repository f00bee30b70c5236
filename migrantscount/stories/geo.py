"""Countries: ISO alpha-3 codes, names in the reader's language, distances."""

from functools import cache

import pycountry
from babel import Locale
from django.utils import translation


@cache
def _alpha2_by_alpha3() -> dict[str, str]:
    return {country.alpha_3: country.alpha_2 for country in pycountry.countries}


def is_country_code(code: str) -> bool:
    return code in _alpha2_by_alpha3()


@cache
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(language).territories
    names = {
        country.alpha_3: territories.get(country.alpha_2) or country.name
        for country in pycountry.countries
    }
    return tuple(sorted(names.items(), key=lambda item: item[1].casefold()))


def country_choices() -> list[tuple[str, str]]:
    """(alpha-3, name) for every ISO 3166-1 country, named in the active language."""
    language = (translation.get_language() or "en").split("-")[0]
    try:
        return list(_choices(language))
    except (ValueError, LookupError):
        return list(_choices("en"))


def distance_between_countries_km(origin: str, residence: str) -> int | None:
    """Great-circle km between the two countries' centre points, if both are known.

    The coordinates are the reference data's (`data.Country`, loaded from countryinfo by
    `load_reference_data`, with the capital where countryinfo has no centre point).
    """
    from migrantscount.data.models import Country

    countries = Country.objects.in_bulk([origin, residence], field_name="iso3")
    if origin not in countries or residence not in countries:
        return None
    km = countries[origin].distance_km(countries[residence])
    return None if km is None else round(km)


def country_name(code: str, language: str | None = None) -> str:
    """The CLDR name of an alpha-3 country in `language` (the active one by default)."""
    if not code:
        return ""
    with translation.override(language or translation.get_language()):
        return dict(country_choices()).get(code, code)
