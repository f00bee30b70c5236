"""A parsed file's records written to the dataset, indicator and figure tables."""

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from ...models import (
    BilateralRemittance,
    BilateralStock,
    CorridorCost,
    Dataset,
    DatasetVintage,
    Indicator,
    Observation,
)
from ...sources.base import DataImportError, ObservationRecord, ParsedFile, Progress
from .areas import AreaResolver, area_ids
from .report import ImportReport
from .rows import insert_rows


def upsert_dataset(parsed: ParsedFile) -> Dataset:
    dataset, _created = Dataset.objects.update_or_create(
        slug=parsed.dataset_slug, defaults=parsed.dataset_meta
    )
    for info in parsed.indicators:
        Indicator.objects.update_or_create(
            code=info.code,
            defaults={
                "name": info.name,
                "unit": info.unit,
                "definition": info.definition,
                "source_note": info.source_note,
                "dataset": dataset,
            },
        )
    return dataset


PROVENANCE = ["vintage", "source_sheet", "source_row", "source_column"]


def write_observations(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
    progress: Progress,
) -> int:
    indicators = dict(
        Indicator.objects.filter(
            code__in={i.code for i in parsed.indicators}
        ).values_list("code", "pk")
    )
    areas = dict.fromkeys(record.area for record in parsed.observations)
    aggregate_ids = {
        area: resolver.aggregate(area).pk for area in areas if area.kind == "aggregate"
    }
    country_ids = area_ids(
        resolver, (area for area in areas if area.kind != "aggregate")
    )
    vintage_id = vintage.pk
    rows = []
    seen: dict[tuple[Any, ...], ObservationRecord] = {}
    for record in parsed.observations:
        key = (record.indicator, record.area, record.year, record.period, record.sex)
        if key in seen:
            _check_repeat(seen[key], record, report)
            continue
        seen[key] = record
        aggregate_id = aggregate_ids.get(record.area)
        country_id = None if aggregate_id else country_ids[record.area]
        if country_id is None and aggregate_id is None:
            report.skipped_records += 1
            continue
        report.not_meaningful += record.not_meaningful
        rows.append(
            (
                vintage_id,
                record.sheet,
                record.row,
                record.column,
                indicators[record.indicator],
                country_id,
                aggregate_id,
                record.year,
                record.period,
                record.sex,
                record.value,
                record.is_estimate,
                record.not_meaningful,
                record.note,
            )
        )
    fields = [
        "indicator",
        "country",
        "aggregate",
        "year",
        "period",
        "sex",
        "value",
        "is_estimate",
        "not_meaningful",
        "note",
    ]
    insert_rows(Observation, PROVENANCE + fields, rows, progress)
    return len(rows)


def _check_repeat(
    first: ObservationRecord, again: ObservationRecord, report: ImportReport
) -> None:
    """Publishers list some groups twice (UN DESA 927); the figures must agree."""
    if first.value != again.value:
        raise DataImportError(
            "an area appears twice with different figures",
            file=report.file,
            sheet=again.sheet,
            row=again.row,
            column=again.column,
            expected=f"{first.value!r} as in row {first.row}",
            found=again.value,
        )
    note = (
        f"{again.area.name or again.area.code} is listed twice (rows {first.row} and "
        f"{again.row}) with the same figures; stored once."
    )
    if note not in report.notes:
        report.notes.append(note)


def write_stocks(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
    progress: Progress,
) -> int:
    stocks = parsed.stocks
    ids = area_ids(
        resolver, [r.destination for r in stocks] + [r.origin for r in stocks]
    )
    vintage_id = vintage.pk
    rows = [
        (vintage_id, "", row, column, origin_id, destination_id, year, sex, value)
        for origin, destination, year, sex, value, row, column in stocks
        # An origin of None is the publisher's "Other", kept with no origin.
        if (destination_id := ids[destination]) is not None
        and ((origin_id := ids[origin]) is not None or origin is None)
    ]
    report.skipped_records += len(stocks) - len(rows)
    # In the order of the unique index (vintage, destination, …): each insert then
    # lands beside the previous one. The file lists destinations by ISO3 code.
    rows.sort(key=itemgetter(5))
    insert_rows(
        BilateralStock,
        PROVENANCE + ["origin", "destination", "year", "sex", "value"],
        rows,
        progress,
    )
    return len(rows)


def write_corridors(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
    progress: Progress,
) -> int:
    corridors = parsed.corridors
    ids = area_ids(
        resolver, [r.sending for r in corridors] + [r.receiving for r in corridors]
    )
    vintage_id = vintage.pk
    rows = [
        (
            vintage_id,
            "",
            record.row,
            record.column,
            sending,
            receiving,
            record.period,
            record.year,
            record.quarter,
            record.value,
            200,
        )
        for record in corridors
        if (sending := ids[record.sending]) is not None
        and (receiving := ids[record.receiving]) is not None
    ]
    report.skipped_records += len(corridors) - len(rows)
    fields = [
        "sending",
        "receiving",
        "period",
        "year",
        "quarter",
        "cost_percent",
        "amount_usd",
    ]
    insert_rows(CorridorCost, PROVENANCE + fields, rows, progress)
    return len(rows)


def write_remittances(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
    progress: Progress,
) -> int:
    remittances = parsed.remittances
    ids = area_ids(
        resolver, [r.sending for r in remittances] + [r.receiving for r in remittances]
    )
    vintage_id = vintage.pk
    rows = [
        (
            vintage_id,
            record.sheet,
            record.row,
            record.column,
            sending,
            receiving,
            record.year,
            record.value,
            True,
        )
        for record in remittances
        if (sending := ids[record.sending]) is not None
        and (receiving := ids[record.receiving]) is not None
    ]
    report.skipped_records += len(remittances) - len(rows)
    fields = ["sending", "receiving", "year", "value_musd", "is_analytical_estimate"]
    insert_rows(BilateralRemittance, PROVENANCE + fields, rows, progress)
    return len(rows)


def repeated_figure(parsed: ParsedFile, file_name: str) -> DataImportError:
    """Locate the row that repeats an earlier one (the unique index refused it)."""
    keyed: list[tuple[list[Any], Callable[[Any], tuple[Any, ...]], str]] = [
        (parsed.stocks, lambda r: (r.destination, r.origin, r.year, r.sex), "stock"),
        (parsed.corridors, lambda r: (r.sending, r.receiving, r.period), "corridor"),
        (parsed.remittances, lambda r: (r.sending, r.receiving, r.year), "pair"),
    ]
    for records, key, what in keyed:
        first_seen: dict[tuple[Any, ...], Any] = {}
        for record in records:
            first = first_seen.setdefault(key(record), record)
            if first is not record:
                return DataImportError(
                    "a figure appears twice",
                    file=file_name,
                    sheet=getattr(record, "sheet", ""),
                    row=record.row,
                    column=record.column,
                    expected=f"one figure per {what} and period, given in row {first.row}",
                )
    return DataImportError(
        "two rows of the file name the same country and period",
        file=file_name,
        expected="one figure per country and period",
    )
