"""Countries: ISO alpha-3 codes, names in the reader's language, packaged coordinates."""

import math
from functools import cache

import pycountry
from babel import Locale
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError
from django.utils import translation

EARTH_RADIUS_KM = 6371.0088


@cache
def _alpha2_by_alpha3() -> dict[str, str]:
    return {country.alpha_3: country.alpha_2 for country in pycountry.countries}


def is_country_code(code: str) -> bool:
    return code in _alpha2_by_alpha3()


@cache
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(language).territories
    names = {
        alpha3: territories.get(alpha2) or pycountry.countries.get(alpha_2=alpha2).name
        for alpha3, alpha2 in _alpha2_by_alpha3().items()
    }
    return tuple(sorted(names.items(), key=lambda item: item[1].casefold()))


def country_choices() -> list[tuple[str, str]]:
    """(alpha-3, name) for every ISO 3166-1 country, named in the active language."""
    language = (translation.get_language() or "en").split("-")[0]
    try:
        return list(_choices(language))
    except (ValueError, LookupError):
        return list(_choices("en"))


@cache
def country_latlng(code: str) -> tuple[float, float] | None:
    try:
        latlng = CountryInfo(code).latlng()
    except (CountryNotFoundError, KeyError, ValueError):
        return None
    if not latlng or len(latlng) != 2:
        return None
    return float(latlng[0]), float(latlng[1])


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (latitude, longitude) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_between_countries_km(origin: str, residence: str) -> int | None:
    """Great-circle km between the countries' packaged centre points, if both known."""
    a, b = country_latlng(origin), country_latlng(residence)
    if a is None or b is None:
        return None
    return round(great_circle_km(a, b))


def country_name(code: str, language: str | None = None) -> str:
    """The CLDR name of an alpha-3 country in `language` (the active one by default)."""
    if not code:
        return ""
    with translation.override(language or translation.get_language()):
        return dict(country_choices()).get(code, code)
