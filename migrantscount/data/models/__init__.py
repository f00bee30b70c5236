"""Reference data (countries, SDGs) and official statistics with their provenance.

Every figure an importer writes points at the dataset vintage, sheet, row and column it
came from. Figures are stored as the IEEE doubles the files hold, so a published figure
read back is the published figure.
"""

from .datasets import Aggregate, CurrentSeries, Dataset, DatasetVintage, Indicator
from .figures import (
    BilateralRemittance,
    BilateralStock,
    CorridorCost,
    Observation,
    ObservationQuerySet,
    Provenance,
    Sex,
)
from .jobs import ImportJob
from .reference import (
    Country,
    CountryQuerySet,
    SdgTarget,
    SustainableDevelopmentGoal,
)

__all__ = [
    "Aggregate",
    "BilateralRemittance",
    "BilateralStock",
    "CorridorCost",
    "Country",
    "CountryQuerySet",
    "CurrentSeries",
    "Dataset",
    "DatasetVintage",
    "ImportJob",
    "Indicator",
    "Observation",
    "ObservationQuerySet",
    "Provenance",
    "SdgTarget",
    "Sex",
    "SustainableDevelopmentGoal",
]
