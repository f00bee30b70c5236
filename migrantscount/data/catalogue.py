"""What the importers know about each dataset and indicator before reading a file.

Indicator names here are translatable; the English name stored on `Indicator.name`
is the publisher's own wording (WDI metadata) or the same text.
"""

from django.utils.translation import gettext_lazy as _

CC_BY_4 = "CC BY 4.0 (World Bank Terms of Use for Datasets)"
UNDESA_PUBLISHER = "United Nations, DESA, Population Division"
UNDESA_CITATION = (
    "United Nations Department of Economic and Social Affairs, Population Division. "
    "International Migrant Stock."
)
UNDESA_URL = (
    "https://www.un.org/development/desa/pd/content/international-migrant-stock"
)

DATASETS: dict[str, dict[str, str]] = {
    # One dataset per UN DESA workbook, whatever the revision: each revision
    # (Rev.2020, Rev.2024, …) is a vintage, its citation stored with it.
    "undesa-ims-destination": {
        "publisher": UNDESA_PUBLISHER,
        "name": "International Migrant Stock: Destination",
        "licence": "CC BY 3.0 IGO",
        "citation": UNDESA_CITATION,
        "caveats": "Mid-year (1 July) estimates. Type of data codes say whether a "
        "country's figure counts foreign-born people or foreign citizens and whether "
        "refugees were added. Each revision re-estimates past years.",
        "url": UNDESA_URL,
    },
    "undesa-ims-origin": {
        "publisher": UNDESA_PUBLISHER,
        "name": "International Migrant Stock: Origin",
        "licence": "CC BY 3.0 IGO",
        "citation": UNDESA_CITATION,
        "caveats": "Mid-year (1 July) estimates of people born in (or citizens of) "
        "each country living abroad; 'Other' is origin unknown. Each revision "
        "re-estimates past years.",
        "url": UNDESA_URL,
    },
    "undesa-ims-bilateral": {
        "publisher": UNDESA_PUBLISHER,
        "name": "International Migrant Stock: Destination and origin",
        "licence": "CC BY 3.0 IGO",
        "citation": UNDESA_CITATION,
        "caveats": "Country pairs only; unknown origin is 'Other'. Each revision "
        "re-estimates past years.",
        "url": UNDESA_URL,
    },
    "wdi": {
        "publisher": "The World Bank",
        "name": "World Development Indicators",
        "licence": CC_BY_4,
        "citation": "World Bank, World Development Indicators.",
        "caveats": "Aggregates (regions, income groups) are mixed with economies in "
        "the files and stored apart. Each series has its own vintage.",
        "url": "https://databank.worldbank.org/source/world-development-indicators",
    },
    "rpw-corridors": {
        "publisher": "The World Bank, Remittance Prices Worldwide",
        "name": "Remittance Prices Worldwide (Corridors)",
        "licence": CC_BY_4,
        "citation": "World Bank, Remittance Prices Worldwide.",
        "caveats": "Average total cost (fee plus exchange-rate margin) of sending the "
        "equivalent of USD 200, as % of the amount sent. Quarters are irregular "
        "before 2013.",
        "url": "https://remittanceprices.worldbank.org",
    },
    "knomad-remittances": {
        "publisher": "World Bank / KNOMAD",
        "name": "Annual remittances data (June 2023)",
        "licence": "",
        "citation": "World Bank-KNOMAD, June 2023.",
        "caveats": "US$ millions, current prices. The latest year is an estimate. "
        "A secondary check on WDI, not the primary source.",
        "url": "https://www.knomad.org/data/remittances",
    },
    "wb-bilateral-remittance-matrix": {
        "publisher": "The World Bank / KNOMAD",
        "name": "Bilateral Remittance Matrix",
        "licence": "",
        "citation": "World Bank, Bilateral Remittance Estimates using Migrant "
        "Stocks, Host Country Incomes, and Origin Country Incomes.",
        "caveats": "Analytical estimates (Ratha and Shaw 2007 method), not actual "
        "officially reported data.",
        "url": "https://www.knomad.org/data/remittances",
    },
}

# A WDI series is a dataset of its own, because each series has its own vintage.
WDI_DATASET_PREFIX = "wdi-"

INDICATOR_NAMES = {
    "IMS.STOCK": _("International migrant stock"),
    "IMS.POP": _("Total population (thousands)"),
    "IMS.STOCK.PCT.POP": _(
        "International migrant stock as a percentage of the population"
    ),
    "IMS.FEMALE.PCT.STOCK": _("Female migrants as a percentage of the migrant stock"),
    "IMS.STOCK.GROWTH": _("Annual rate of change of the migrant stock (%)"),
    "IMS.REFUGEES": _("Refugees and asylum seekers"),
    "IMS.EMIGRANTS": _("International migrant stock by country of origin"),
    "IMS.EMIGRANTS.FEMALE.PCT": _(
        "Female migrants as a percentage of the migrant stock by country of origin"
    ),
    "IMS.REFUGEES.PCT.STOCK": _(
        "Refugees and asylum seekers as a percentage of the migrant stock"
    ),
    "IMS.REFUGEES.GROWTH": _(
        "Annual rate of change of refugees and asylum seekers (%)"
    ),
    "BX.TRF.PWKR.CD.DT": _("Personal remittances, received (current US$)"),
    "BX.TRF.PWKR.DT.GD.ZS": _("Personal remittances, received (% of GDP)"),
    "BM.TRF.PWKR.CD.DT": _("Personal remittances, paid (current US$)"),
    "NY.GDP.MKTP.CD": _("GDP (current US$)"),
    "SI.RMT.COST.IB.ZS": _(
        "Average transaction cost of sending remittances to a specific country (%)"
    ),
    "SI.RMT.COST.OB.ZS": _(
        "Average transaction cost of sending remittances from a specific country (%)"
    ),
    "KNOMAD.REM.IN": _("Remittance inflows (US$ million)"),
    "KNOMAD.REM.OUT": _("Remittance outflows (US$ million)"),
    "KNOMAD.REM.OUT.GDP": _("Remittance outflows (% of GDP)"),
}

# code: (English name, unit, definition)
UNDESA_INDICATORS: dict[str, tuple[str, str, str]] = {
    "IMS.STOCK": (
        "International migrant stock",
        "persons",
        "People living in a country other than their country of birth (or of "
        "citizenship where birthplace is not recorded), at mid-year.",
    ),
    "IMS.POP": (
        "Total population (thousands)",
        "thousands of persons",
        "Total population at mid-year.",
    ),
    "IMS.STOCK.PCT.POP": (
        "International migrant stock as a percentage of the population",
        "%",
        "International migrant stock as a percentage of the total population.",
    ),
    "IMS.FEMALE.PCT.STOCK": (
        "Female migrants as a percentage of the migrant stock",
        "%",
        "Female migrants as a percentage of the international migrant stock.",
    ),
    "IMS.STOCK.GROWTH": (
        "Annual rate of change of the migrant stock (%)",
        "% per year",
        "Annual rate of change of the international migrant stock over a "
        "five-year period.",
    ),
    "IMS.REFUGEES": (
        "Refugees and asylum seekers",
        "persons",
        "Estimated refugee stock, including asylum seekers, at mid-year.",
    ),
    "IMS.REFUGEES.PCT.STOCK": (
        "Refugees and asylum seekers as a percentage of the migrant stock",
        "%",
        "Refugees and asylum seekers as a percentage of the international "
        "migrant stock.",
    ),
    "IMS.REFUGEES.GROWTH": (
        "Annual rate of change of refugees and asylum seekers (%)",
        "% per year",
        "Annual rate of change of the refugee stock over a five-year period.",
    ),
}

UNDESA_ORIGIN_INDICATORS: dict[str, tuple[str, str, str]] = {
    "IMS.EMIGRANTS": (
        "International migrant stock by country of origin",
        "persons",
        "People born in (or citizens of) a country living in another country, "
        "at mid-year.",
    ),
    "IMS.EMIGRANTS.FEMALE.PCT": (
        "Female migrants as a percentage of the migrant stock by country of origin",
        "%",
        "Female migrants as a percentage of the international migrant stock "
        "born in (or citizens of) a country.",
    ),
}

KNOMAD_INDICATORS: dict[str, tuple[str, str, str]] = {
    "KNOMAD.REM.IN": (
        "Remittance inflows (US$ million)",
        "US$ millions (current)",
        "Remittances received, World Bank-KNOMAD estimates.",
    ),
    "KNOMAD.REM.OUT": (
        "Remittance outflows (US$ million)",
        "US$ millions (current)",
        "Remittances paid, World Bank-KNOMAD estimates.",
    ),
    "KNOMAD.REM.OUT.GDP": (
        "Remittance outflows (% of GDP)",
        "fraction of GDP as published",
        "Remittance outflows in the latest year relative to GDP, as published "
        "(a fraction: 0.0802 means 0.0802).",
    ),
}
