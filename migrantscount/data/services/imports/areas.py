"""A file's area references resolved to countries and publishers' aggregates."""

import functools
import logging
from collections.abc import Iterable
from typing import Any

from ...models import Aggregate, Country
from ...sources.base import Area, ParsedFile

# country_converter takes a tenth of a second to load its table and about as long
# to match a file's names, so both are kept for the life of the process.
_ISO3_BY_NAME: dict[str, str | None] = {}


@functools.cache
def _country_converter() -> Any:
    import country_converter

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return country_converter.CountryConverter()


def _iso3_for_names(names: set[str]) -> dict[str, str | None]:
    pending = sorted(names - _ISO3_BY_NAME.keys())
    if pending:
        converted = _country_converter().convert(pending, to="ISO3", not_found=None)
        if isinstance(converted, str):
            converted = [converted]
        for name, iso3 in zip(pending, converted, strict=True):
            _ISO3_BY_NAME[name] = iso3 if isinstance(iso3, str) else None
    return {name: _ISO3_BY_NAME[name] for name in names}


class AreaResolver:
    """Maps a file's area references to Country ids and Aggregate rows."""

    def __init__(self) -> None:
        rows = Country.objects.values_list("pk", "iso3", "numeric")
        self.by_iso3 = {iso3: pk for pk, iso3, _numeric in rows}
        self.by_m49 = {numeric: pk for pk, _iso3, numeric in rows}
        self.by_name: dict[str, int | None] = {}
        self.unknown: set[str] = set()
        # Aggregates this file uses; the few hundred stored ones are read at once.
        self.aggregates: dict[tuple[str, str], Aggregate] = {}
        self.stored_aggregates = {
            (aggregate.scheme, aggregate.code): aggregate
            for aggregate in Aggregate.objects.all()
        }
        self.resolved: dict[Area, int | None] = {}

    def prepare_names(self, names: Iterable[str]) -> None:
        pending = {name for name in names if name not in self.by_name}
        for name, iso3 in _iso3_for_names(pending).items():
            self.by_name[name] = self.by_iso3.get(iso3) if iso3 else None

    def country(self, area: Area) -> int | None:
        try:
            return self.resolved[area]
        except KeyError:
            found = self.resolved[area] = self._country(area)
            return found

    def _country(self, area: Area) -> int | None:
        if area.kind == "iso3":
            found = self.by_iso3.get(area.code)
        elif area.kind == "m49":
            found = self.by_m49.get(area.code)
        elif area.kind == "name":
            found = self.by_name.get(area.code)
        else:
            found = None
        if found is None:
            label = (
                f"{area.code} ({area.name})"
                if area.name and area.name != area.code
                else area.code
            )
            self.unknown.add(label)
        return found

    def aggregate(self, area: Area) -> Aggregate:
        key = (area.scheme, area.code)
        if key not in self.aggregates:
            aggregate = self.stored_aggregates.get(key)
            if aggregate is None:
                aggregate = Aggregate.objects.create(
                    scheme=area.scheme, code=area.code, name=area.name
                )
            elif aggregate.name != area.name:
                aggregate.name = area.name
                aggregate.save(update_fields=["name"])
            self.aggregates[key] = aggregate
        return self.aggregates[key]


def area_ids(
    resolver: AreaResolver, areas: Iterable[Area | None]
) -> dict[Area | None, int | None]:
    """Country ids of a file's areas, each resolved once (a file names a few hundred
    areas in up to 150,000 records); None maps to None."""
    ids: dict[Area | None, int | None] = {
        area: resolver.country(area)
        for area in dict.fromkeys(areas)
        if area is not None
    }
    ids[None] = None
    return ids


def name_areas(parsed: ParsedFile) -> set[str]:
    names: set[str] = set()
    for record in parsed.observations:
        if record.area.kind == "name":
            names.add(record.area.code)
    for remittance in parsed.remittances:
        names.update((remittance.sending.code, remittance.receiving.code))
    return names
