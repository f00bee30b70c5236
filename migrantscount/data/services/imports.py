"""Import one official file: detect its format, read it, resolve areas, write it.

One transaction per file. A file whose SHA-256 is already stored is skipped, so a
re-run changes nothing. A vintage is current only while no newer one exists.
"""

import functools
import gc
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from django.db import connection, models, transaction
from django.utils import timezone

from ..models import (
    Aggregate,
    BilateralRemittance,
    BilateralStock,
    CorridorCost,
    Country,
    Dataset,
    DatasetVintage,
    Indicator,
    Observation,
)
from ..sources import knomad, rpw, undesa, wdi
from ..sources.base import Area, DataImportError, ObservationRecord, ParsedFile

__all__ = ["DataImportError", "ImportReport", "import_file", "read_file"]

BATCH_SIZE = 5000
Reader = Callable[[Path, str], ParsedFile]


@dataclass
class ImportReport:
    file: str
    format: str = ""
    dataset: str = ""
    vintage: str = ""
    vintage_date: str = ""
    status: str = ""
    is_current: bool = False
    rows_read: int = 0
    records_written: int = 0
    missing_values: int = 0
    not_meaningful: int = 0
    aggregates: list[str] = field(default_factory=list)
    unknown_areas: list[str] = field(default_factory=list)
    skipped_records: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _first_line(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.readline(4096).decode("utf-8", errors="replace")


def detect_reader(path: Path, file_name: str) -> Reader:
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        first = _first_line(path)
        if wdi.is_wdi_csv(first):
            return wdi.read_csv
        if rpw.is_rpw_csv(first):
            return rpw.read_csv
        if set(first.strip().lstrip("\ufeff").split(",")) == set(undesa.GDIVIZ_COLUMNS):
            return undesa.read_gdiviz_csv
        if file_name.startswith("Metadata_"):
            raise DataImportError(
                "this is a WDI metadata file; import the data file beside it",
                file=file_name,
                expected="a file named API_<code>_....csv",
            )
    elif suffix == ".xls":
        return wdi.read_xls
    elif suffix in {".xlsx", ".xlsm"}:
        try:
            workbook = openpyxl.load_workbook(path, read_only=True)
            sheet_names = list(workbook.sheetnames)
            workbook.close()
        except Exception as error:  # noqa: BLE001 - any unreadable workbook is bad input
            raise DataImportError(
                f"the workbook cannot be opened ({error.__class__.__name__})",
                file=file_name,
                expected="an Excel .xlsx workbook",
            ) from None
        if undesa.is_destination_workbook(sheet_names):
            return undesa.read_destination_workbook
        if knomad.is_flows_workbook(sheet_names):
            return knomad.read_flows
        if knomad.is_matrix_workbook(sheet_names):
            return knomad.read_matrix
        raise DataImportError(
            "no known layout matches the sheets of this workbook",
            file=file_name,
            expected="UN DESA 'Table 1'…, KNOMAD 'Inward/Outward remittance flows' or "
            f"'{knomad.MATRIX_SHEET}'",
            found=", ".join(sheet_names),
        )
    raise DataImportError(
        "the format of this file is not recognised",
        file=file_name,
        expected="a UN DESA, WDI, RPW or KNOMAD file (.csv, .xls, .xlsx)",
    )


def read_file(path: Path, *, file_name: str | None = None) -> ParsedFile:
    """Read without writing (used by the import and the benchmark)."""
    name = file_name or path.name
    if not path.exists():
        raise DataImportError("the file does not exist", file=name)
    return detect_reader(path, name)(path, name)


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


def _upsert_dataset(parsed: ParsedFile) -> Dataset:
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


def _refresh_current(dataset: Dataset) -> DatasetVintage:
    newest = dataset.vintages.order_by("-vintage_date").first()
    assert newest is not None  # noqa: S101 - called after a vintage was saved
    dataset.vintages.exclude(pk=newest.pk).filter(is_current=True).update(
        is_current=False
    )
    if not newest.is_current:
        DatasetVintage.objects.filter(pk=newest.pk).update(is_current=True)
    return newest


def _insert_rows(
    model: type[models.Model], fields: list[str], rows: list[tuple[Any, ...]]
) -> None:
    """Plain INSERTs through executemany: the ORM's per-instance work dominated
    imports of 150,000 rows, and these rows need no signals or defaults."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from model metadata, never from input.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])


PROVENANCE = ["vintage", "source_sheet", "source_row", "source_column"]


def _write_observations(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
) -> int:
    indicators = dict(
        Indicator.objects.filter(
            code__in={i.code for i in parsed.indicators}
        ).values_list("code", "pk")
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
        country_id = aggregate_id = None
        if record.area.kind == "aggregate":
            aggregate_id = resolver.aggregate(record.area).pk
        else:
            country_id = resolver.country(record.area)
            if country_id is None:
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
    _insert_rows(Observation, PROVENANCE + fields, rows)
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


def _pair_rows(
    records: Iterable[Any],
    first: str,
    second: str,
    resolver: AreaResolver,
    report: ImportReport,
    *,
    optional_first: bool = False,
) -> Iterable[tuple[Any, int | None, int]]:
    """Yield (record, first country id, second country id), skipping unknown areas."""
    for record in records:
        area = getattr(record, first)
        first_id = None if optional_first and area is None else resolver.country(area)
        second_id = resolver.country(getattr(record, second))
        if second_id is None or (
            first_id is None and not (optional_first and area is None)
        ):
            report.skipped_records += 1
            continue
        yield record, first_id, second_id


def _write_stocks(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
) -> int:
    vintage_id = vintage.pk
    rows = [
        (
            vintage_id,
            "",
            record.row,
            record.column,
            origin,
            destination,
            record.year,
            record.sex,
            record.value,
        )
        for record, origin, destination in _pair_rows(
            parsed.stocks,
            "origin",
            "destination",
            resolver,
            report,
            optional_first=True,
        )
    ]
    _insert_rows(
        BilateralStock,
        PROVENANCE + ["origin", "destination", "year", "sex", "value"],
        rows,
    )
    return len(rows)


def _write_corridors(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
) -> int:
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
        for record, sending, receiving in _pair_rows(
            parsed.corridors, "sending", "receiving", resolver, report
        )
    ]
    fields = [
        "sending",
        "receiving",
        "period",
        "year",
        "quarter",
        "cost_percent",
        "amount_usd",
    ]
    _insert_rows(CorridorCost, PROVENANCE + fields, rows)
    return len(rows)


def _write_remittances(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
) -> int:
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
        for record, sending, receiving in _pair_rows(
            parsed.remittances, "sending", "receiving", resolver, report
        )
    ]
    fields = ["sending", "receiving", "year", "value_musd", "is_analytical_estimate"]
    _insert_rows(BilateralRemittance, PROVENANCE + fields, rows)
    return len(rows)


def _clear_vintage(vintage: DatasetVintage) -> None:
    for model in (Observation, BilateralStock, CorridorCost, BilateralRemittance):
        model.objects.filter(vintage=vintage).delete()


def _name_areas(parsed: ParsedFile) -> set[str]:
    names: set[str] = set()
    for record in parsed.observations:
        if record.area.kind == "name":
            names.add(record.area.code)
    for remittance in parsed.remittances:
        names.update((remittance.sending.code, remittance.receiving.code))
    return names


def _report_for(parsed: ParsedFile, file_name: str) -> ImportReport:
    return ImportReport(
        file=file_name,
        format=parsed.format,
        dataset=parsed.dataset_slug,
        vintage=parsed.vintage_label,
        vintage_date=parsed.vintage_date.isoformat(),
        rows_read=parsed.rows_read,
        missing_values=parsed.missing_values,
        notes=list(parsed.notes),
    )


def import_file(
    path: Path, *, file_name: str | None = None, force: bool = False
) -> ImportReport:
    """Import one file; raises DataImportError for a file that cannot be read."""
    name = file_name or path.name
    if not path.exists():
        raise DataImportError("the file does not exist", file=name)
    sha256 = sha256_of(path)
    if not force:
        existing = (
            DatasetVintage.objects.filter(sha256=sha256)
            .select_related("dataset")
            .first()
        )
        if existing is not None:
            return ImportReport(
                file=name,
                dataset=existing.dataset.slug,
                vintage=existing.label,
                vintage_date=existing.vintage_date.isoformat(),
                status="unchanged",
                is_current=existing.is_current,
                notes=["This exact file was imported before; nothing was changed."],
            )
    with _gc_paused():
        parsed = read_file(path, file_name=name)
        return _write(parsed, name, sha256)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's records are built.

    Each of the hundreds of thousands of record and row tuples would otherwise count
    towards a collection, and each full collection walks every one of them: that
    took more time than reading the file. The records hold no reference cycles;
    anything else is collected once the collector is back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@transaction.atomic
def _write(parsed: ParsedFile, file_name: str, sha256: str) -> ImportReport:
    report = _report_for(parsed, file_name)
    dataset = _upsert_dataset(parsed)
    vintage, created = DatasetVintage.objects.select_for_update().get_or_create(
        dataset=dataset,
        vintage_date=parsed.vintage_date,
        defaults={
            "label": parsed.vintage_label,
            "file_name": file_name,
            "sha256": sha256,
            "imported_at": timezone.now(),
            "vintage_source": parsed.vintage_source,
        },
    )
    if not created:
        _clear_vintage(vintage)
        report.notes.append(
            "This vintage was imported before from another file; its figures were replaced."
        )
    resolver = AreaResolver()
    resolver.prepare_names(_name_areas(parsed))
    report.records_written = (
        _write_observations(parsed, vintage, resolver, report)
        + _write_stocks(parsed, vintage, resolver, report)
        + _write_corridors(parsed, vintage, resolver, report)
        + _write_remittances(parsed, vintage, resolver, report)
    )
    report.aggregates = sorted(
        aggregate.name or aggregate.code for aggregate in resolver.aggregates.values()
    )
    report.unknown_areas = sorted(resolver.unknown)
    current = _refresh_current(dataset)
    report.is_current = current.pk == vintage.pk
    report.status = "imported" if report.is_current else "stored as an older vintage"
    vintage.label = parsed.vintage_label
    vintage.file_name = file_name
    vintage.sha256 = sha256
    vintage.imported_at = timezone.now()
    vintage.vintage_source = parsed.vintage_source
    vintage.is_current = report.is_current
    vintage.report = report.as_dict()
    vintage.save()
    return report
