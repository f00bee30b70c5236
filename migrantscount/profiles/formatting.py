"""Numbers in the style of the Americas, one CLDR locale per site language.

- en → en_US: 1,780,486 · 4.2%
- es → es_419 (CLDR's Latin American Spanish): 1,780,486 · 4.2%
- fr → fr_CA (Canada and Haiti are the French-speaking OAS states): 1 780 486 · 4,2 %
- pt → pt_BR: 1.780.486 · 4,2%

Currency is always US dollars written "US$" before the amount (CLDR writes "$" in
en_US, "USD" in es_419 and "$ US" after the amount in fr_CA, which would be ambiguous
or inconsistent across the four sites), followed by a no-break space.
"""

from babel import Locale
from babel.numbers import format_decimal
from django.utils import translation

CLDR_LOCALES = {"en": "en_US", "es": "es_419", "fr": "fr_CA", "pt": "pt_BR"}
NBSP = "\u00a0"
CURRENCY_PREFIX = "US$" + NBSP


def cldr_locale(language: str | None = None) -> str:
    code = (language or translation.get_language() or "en").split("-")[0].lower()
    return CLDR_LOCALES.get(code, CLDR_LOCALES["en"])


def format_number(
    value: float, *, language: str | None = None, decimals: int = 0
) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=cldr_locale(language))


def format_usd(value: float, *, language: str | None = None) -> str:
    return CURRENCY_PREFIX + format_number(value, language=language)


def format_usd_millions(value: float, *, language: str | None = None) -> str:
    """US$ millions as published (e.g. the bilateral matrix), one decimal."""
    return CURRENCY_PREFIX + format_number(value, language=language, decimals=1)


def format_percent(
    value: float, *, language: str | None = None, decimals: int = 1
) -> str:
    """`value` is already a percentage (4.25 means 4.25 %), as the publishers store it."""
    locale = cldr_locale(language)
    pattern = Locale.parse(locale).percent_formats[None].pattern
    number = format_number(value, language=language, decimals=decimals)
    # The CLDR pattern decides the sign's place and spacing ("#,##0%" or "#,##0 %").
    return pattern.replace("#,##0", "\x00", 1).replace("\x00", number, 1)
