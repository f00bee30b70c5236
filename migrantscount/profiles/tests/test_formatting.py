"""Exact strings per site language for published reference figures."""

import pytest

from migrantscount.profiles.formatting import (
    format_number,
    format_percent,
    format_usd,
    format_usd_millions,
)

NBSP = "\u00a0"

# Venezuela-born migrants in Colombia, 2020 (UN DESA), Mexico's remittances received
# in 2022 (WDI 2025-07-01) and Mexico's remittances as % of GDP, 2021 (WDI 2023-05-10).
EXPECTED = {
    "en": ("1,780,486", f"US${NBSP}61,457,717,975", "4.25%"),
    "es": ("1,780,486", f"US${NBSP}61,457,717,975", "4.25%"),
    "fr": (
        f"1{NBSP}780{NBSP}486",
        f"US${NBSP}61{NBSP}457{NBSP}717{NBSP}975",
        f"4,25{NBSP}%",
    ),
    "pt": ("1.780.486", f"US${NBSP}61.457.717.975", "4,25%"),
}


@pytest.mark.parametrize("language", EXPECTED)
def test_reference_figures_in_each_language(language):
    persons, dollars, percent = EXPECTED[language]
    assert format_number(1_780_486, language=language) == persons
    assert format_usd(61_457_717_975, language=language) == dollars
    assert format_percent(4.25, language=language, decimals=2) == percent


@pytest.mark.parametrize("language", EXPECTED)
def test_currency_symbol_is_us_dollar_before_the_amount_everywhere(language):
    assert format_usd(1, language=language) == f"US${NBSP}1"
    assert format_usd_millions(30_019.19, language=language).startswith(f"US${NBSP}30")


def test_persons_are_whole_numbers_and_percent_rounds_to_one_decimal():
    assert format_number(883_775.0, language="en") == "883,775"
    assert format_percent(3.0, language="pt") == "3,0%"
    assert format_percent(5.28280019760132, language="fr") == f"5,3{NBSP}%"


def test_unknown_language_falls_back_to_english_style():
    assert format_number(1_780_486, language="nl") == "1,780,486"
