"""Countries (ISO 3166, CLDR names, OAS membership, coordinates) and SDGs, idempotently."""

import csv
from dataclasses import dataclass
from pathlib import Path

import pycountry
from babel import Locale
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError
from django.db import transaction

from migrantscount.core.lib.languages import language_codes

from ..models import Country, SdgTarget, SustainableDevelopmentGoal
from ..sdgs import GOALS, TARGETS

FILES_DIR = Path(__file__).resolve().parent.parent / "files"
OAS_MEMBERS_CSV = FILES_DIR / "reference" / "oas_member_states.csv"


@dataclass
class ReferenceReport:
    countries: int
    oas_members: int
    goals: int
    targets: int


def _oas_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["iso3"]: row for row in csv.DictReader(handle)}


def _coordinates(alpha3: str) -> tuple[float, float] | tuple[None, None]:
    """`countryinfo`'s centre point, else its capital (small territories), else none."""
    try:
        info = CountryInfo(alpha3)
        points = [info.latlng(), info.capital_latlng()]
    except (CountryNotFoundError, KeyError, ValueError):
        return None, None
    for point in points:
        # Multi-capital territories (Bonaire, Sint Eustatius and Saba) give a list.
        if point and len(point) == 2 and not isinstance(point[0], list):
            return float(point[0]), float(point[1])
    return None, None


def _country_rows(oas: dict[str, dict[str, str]]) -> list[Country]:
    locales = {code: Locale(code).territories for code in language_codes()}
    rows = []
    for entry in pycountry.countries:
        member = oas.get(entry.alpha_3)
        names = {
            f"name_{code}": territories.get(entry.alpha_2, entry.name)
            for code, territories in locales.items()
        }
        latitude, longitude = _coordinates(entry.alpha_3)
        rows.append(
            Country(
                iso2=entry.alpha_2,
                iso3=entry.alpha_3,
                numeric=entry.numeric,
                official_name=getattr(entry, "official_name", entry.name),
                is_oas_member=member is not None,
                oas_note=(member or {}).get("note", ""),
                oas_language=(member or {}).get("oas_language", ""),
                national_languages=(member or {}).get(
                    "national_official_languages", ""
                ),
                latitude=latitude,
                longitude=longitude,
                **names,
            )
        )
    return rows


@transaction.atomic
def load_reference_data(*, oas_csv: Path = OAS_MEMBERS_CSV) -> ReferenceReport:
    oas = _oas_rows(oas_csv)
    countries = _country_rows(oas)
    Country.objects.bulk_create(
        countries,
        update_conflicts=True,
        unique_fields=["iso3"],
        update_fields=[
            "iso2",
            "numeric",
            "official_name",
            "name_en",
            "name_es",
            "name_fr",
            "name_pt",
            "is_oas_member",
            "oas_note",
            "oas_language",
            "national_languages",
            "latitude",
            "longitude",
        ],
    )
    SustainableDevelopmentGoal.objects.bulk_create(
        [
            SustainableDevelopmentGoal(
                number=number, title_en=en, title_es=es, title_fr=fr, title_pt=pt
            )
            for number, (en, es, fr, pt) in GOALS.items()
        ],
        update_conflicts=True,
        unique_fields=["number"],
        update_fields=["title_en", "title_es", "title_fr", "title_pt"],
    )
    goals = dict(SustainableDevelopmentGoal.objects.values_list("number", "pk"))
    SdgTarget.objects.bulk_create(
        [
            SdgTarget(
                goal_id=goals[goal],
                code=code,
                text_en=en,
                text_es=es,
                text_fr=fr,
                text_pt=pt,
            )
            for code, (goal, en, es, fr, pt) in TARGETS.items()
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["goal", "text_en", "text_es", "text_fr", "text_pt"],
    )
    return ReferenceReport(
        countries=len(countries),
        oas_members=sum(country.is_oas_member for country in countries),
        goals=len(GOALS),
        targets=len(TARGETS),
    )
