"""Import one official file: detect its format, read it, resolve areas, write it.

One transaction per file. A file whose SHA-256 is already stored is skipped, so a
re-run changes nothing. A vintage is current only while no newer one exists.
"""

import functools
import gc
import hashlib
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from migrantscount.core import proxy_cache

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
from ..sources import knomad, rpw, undesa, wdi, xlsx
from ..sources.base import (
    FINISHING,
    NO_PROGRESS,
    PROVISIONAL_DATE,
    READING,
    WRITING,
    Area,
    DataImportError,
    Identity,
    ObservationRecord,
    ParsedFile,
    Progress,
    UnidentifiedFile,
)
from . import vintages

__all__ = [
    "ConfirmationNeeded",
    "DataImportError",
    "ImportReport",
    "UnidentifiedFile",
    "import_file",
    "read_file",
]

MAX_ROWS_PER_STATEMENT = 1000
POSTGRESQL_MAX_PARAMETERS = 65_535


class Reader(Protocol):
    def __call__(
        self, path: Path, file_name: str, *, progress: Progress = ...
    ) -> ParsedFile: ...


VINTAGE_FACTS = ("publisher", "licence", "citation", "caveats", "url")
# Readers of files that may not say which edition they are: a data officer's
# confirmed Identity is handed to them.
IDENTIFIABLE: tuple[Callable[..., ParsedFile], ...] = (
    undesa.read_ims_workbook,
    undesa.read_bilateral_extract,
    undesa.read_gdiviz_csv,
)


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
        sheet_names = xlsx.sheet_names(path, file_name)
        if undesa.is_ims_workbook(sheet_names):
            return undesa.read_ims_workbook
        if knomad.is_flows_workbook(sheet_names):
            return knomad.read_flows
        if knomad.is_matrix_workbook(sheet_names):
            return knomad.read_matrix
        if undesa.is_bilateral_extract(xlsx.first_row(path, file_name)):
            return undesa.read_bilateral_extract
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


def read_file(
    path: Path,
    *,
    file_name: str | None = None,
    progress: Progress = NO_PROGRESS,
    identity: Identity | None = None,
) -> ParsedFile:
    """Read without writing (used by the import and the benchmark)."""
    name = file_name or path.name
    if not path.exists():
        raise DataImportError("the file does not exist", file=name)
    progress.stage(READING)
    reader = detect_reader(path, name)
    if identity is None:
        return reader(path, name, progress=progress)
    if reader not in IDENTIFIABLE:
        raise DataImportError(
            "this file states its edition; it cannot be given another one",
            file=name,
            expected="a UN DESA workbook or extract that does not identify itself",
        )
    identifiable: Callable[..., ParsedFile] = reader
    return _with_identity(
        identifiable(path, name, progress=progress, identity=identity), identity
    )


def _with_identity(parsed: ParsedFile, identity: Identity) -> ParsedFile:
    """What the data officer confirmed replaces what the file suggested."""
    parsed.vintage_label = identity.label
    parsed.vintage_date = identity.vintage_date
    parsed.vintage_source = identity.vintage_source
    parsed.vintage_meta = {
        **parsed.vintage_meta,
        "licence": identity.licence,
        "citation": identity.citation,
        "url": identity.url,
    }
    return parsed


def _proposal(parsed: ParsedFile, file_name: str) -> UnidentifiedFile:
    """A file whose release date the platform had to guess: the admin asks."""
    facts = _vintage_facts(parsed)
    return UnidentifiedFile(
        "the file does not state when this edition was released",
        file=file_name,
        expected="a release date confirmed by a data officer",
        found=f"{parsed.vintage_label}, provisional date "
        f"{parsed.vintage_date.isoformat()}",
        proposed={
            "dataset": parsed.dataset_slug,
            "label": parsed.vintage_label,
            "vintage_date": parsed.vintage_date.isoformat(),
            "date_is_provisional": True,
            **{key: facts[key] for key in ("licence", "citation", "url")},
        },
        datasets=[parsed.dataset_slug],
    )


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


def _vintage_facts(parsed: ParsedFile) -> dict[str, str]:
    """Publisher, licence, citation and caveats of this edition: what the file (or
    its manifest entry) states, else the dataset's."""
    return {
        name: parsed.vintage_meta.get(name) or parsed.dataset_meta.get(name, "")
        for name in VINTAGE_FACTS
    }


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


def _column(model: type[models.Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} has no column of its own")
    return column


def _insert_rows(
    model: type[models.Model],
    fields: list[str],
    rows: list[tuple[Any, ...]],
    progress: Progress,
) -> None:
    """Plain multi-row INSERTs, up to 1,000 rows per statement: the ORM's
    per-instance work dominated imports of 150,000 rows, and these rows need no
    signals or defaults."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    if connection.vendor == "sqlite":
        # Django's cursor rewrites %s to ? with a regular expression on every
        # statement, which cost more than SQLite's insert; the driver takes ?.
        placeholder, cursor = "?", connection.connection.cursor()
        # Django assumes SQLite's old limit of 999 parameters; ask this build.
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        placeholder, cursor = "%s", connection.cursor()
        limit = POSTGRESQL_MAX_PARAMETERS
    per_statement = max(1, min(limit // len(fields), MAX_ROWS_PER_STATEMENT))
    row_placeholders = "(" + ", ".join([placeholder] * len(fields)) + ")"

    def statement(count: int) -> str:
        # Table and column names come from model metadata, never from input.
        return (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
            f"VALUES {', '.join([row_placeholders] * count)}"
        )

    full = statement(per_statement)
    try:
        # Driver errors (a repeated row) become Django's, as from Django's cursor.
        with (
            connection.wrap_database_errors,
            _indexes_built_after(model, cursor, new_rows=len(rows)),
        ):
            for start in range(0, len(rows), per_statement):
                batch = rows[start : start + per_statement]
                sql = full if len(batch) == per_statement else statement(len(batch))
                cursor.execute(sql, list(chain.from_iterable(batch)))
                progress.advance(len(batch))
    finally:
        cursor.close()


@contextmanager
def _indexes_built_after(
    model: type[models.Model], cursor: Any, *, new_rows: int
) -> Iterator[None]:
    """Build the table's secondary (non-unique) indexes once, after the insert.

    One sorted build costs less than 150,000 insertions at random places, as long
    as the table does not already hold more rows than the insert brings. Only on
    SQLite, whose DDL belongs to the transaction (a failed import gets its indexes
    back) while readers keep the committed table, indexes included; on PostgreSQL
    DROP INDEX would lock readers out until the commit. Unique indexes are not
    touched: every row is still checked against them.
    """
    if connection.vendor != "sqlite" or model._default_manager.count() > new_rows:
        yield
        return
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'",
        [model._meta.db_table],
    )
    indexes = cursor.fetchall()
    for name, _sql in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    for _name, sql in indexes:
        cursor.execute(sql)


PROVENANCE = ["vintage", "source_sheet", "source_row", "source_column"]


def _write_observations(
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
    country_ids = _area_ids(
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
    _insert_rows(Observation, PROVENANCE + fields, rows, progress)
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


def _area_ids(
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


def _write_stocks(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
    progress: Progress,
) -> int:
    stocks = parsed.stocks
    ids = _area_ids(
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
    _insert_rows(
        BilateralStock,
        PROVENANCE + ["origin", "destination", "year", "sex", "value"],
        rows,
        progress,
    )
    return len(rows)


def _write_corridors(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
    progress: Progress,
) -> int:
    corridors = parsed.corridors
    ids = _area_ids(
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
    _insert_rows(CorridorCost, PROVENANCE + fields, rows, progress)
    return len(rows)


def _write_remittances(
    parsed: ParsedFile,
    vintage: DatasetVintage,
    resolver: AreaResolver,
    report: ImportReport,
    progress: Progress,
) -> int:
    remittances = parsed.remittances
    ids = _area_ids(
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
    _insert_rows(BilateralRemittance, PROVENANCE + fields, rows, progress)
    return len(rows)


def _repeated_figure(parsed: ParsedFile, file_name: str) -> DataImportError:
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


class ConfirmationNeeded(Exception):
    """Importing this file would change or remove current figures (the same edition
    from another file): rows added, changed and removed, by indicator."""

    def __init__(self, file_name: str, changes: dict[str, dict[str, int]]) -> None:
        self.file = file_name
        self.changes = changes
        super().__init__(f"{file_name}: would change current figures: {changes}")


Snapshot = dict[str, dict[tuple[Any, ...], float | None]]


def _snapshot(vintage: DatasetVintage) -> Snapshot:
    """A vintage's figures by group (indicator code, or table) and key."""
    groups: Snapshot = {}
    observations = Observation.objects.filter(vintage=vintage).values_list(
        "indicator__code",
        "country_id",
        "aggregate_id",
        "year",
        "period",
        "sex",
        "value",
    )
    for code, *key, value in observations.order_by():
        groups.setdefault(code, {})[tuple(key)] = value
    tables: list[tuple[str, type[models.Model], tuple[str, ...]]] = [
        (
            "bilateral stocks",
            BilateralStock,
            ("origin_id", "destination_id", "year", "sex"),
        ),
        ("corridor costs", CorridorCost, ("sending_id", "receiving_id", "period")),
        (
            "bilateral remittances",
            BilateralRemittance,
            ("sending_id", "receiving_id", "year"),
        ),
    ]
    for group, model, key_fields in tables:
        value_field = {
            "corridor costs": "cost_percent",
            "bilateral remittances": "value_musd",
        }.get(group, "value")
        rows = model._default_manager.filter(vintage=vintage).order_by()
        for *key, value in rows.values_list(*key_fields, value_field):
            groups.setdefault(group, {})[tuple(key)] = value
    return groups


def _changes(before: Snapshot, after: Snapshot) -> dict[str, dict[str, int]]:
    changes = {}
    for group in sorted(before.keys() | after.keys()):
        old, new = before.get(group, {}), after.get(group, {})
        counts = {
            "added": len(new.keys() - old.keys()),
            "changed": sum(
                1 for key in old.keys() & new.keys() if old[key] != new[key]
            ),
            "removed": len(old.keys() - new.keys()),
        }
        if any(counts.values()):
            changes[group] = counts
    return changes


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
    path: Path,
    *,
    file_name: str | None = None,
    force: bool = False,
    confirmed: bool = True,
    progress: Progress = NO_PROGRESS,
    identity: Identity | None = None,
    identify: bool = False,
) -> ImportReport:
    """Import one file; raises DataImportError for a file that cannot be read.

    `identity` is what a data officer confirmed about a file that does not say
    which edition it is. With `identify` (the admin), a file whose release date
    would be provisional is not imported either: UnidentifiedFile asks for it."""
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
        parsed = read_file(path, file_name=name, progress=progress, identity=identity)
        if identify and identity is None and PROVISIONAL_DATE in parsed.vintage_source:
            raise _proposal(parsed, name)
        # Before the file's transaction begins: on SQLite nothing else can write
        # (progress included) until it commits.
        progress.stage(
            WRITING,
            len(parsed.observations)
            + len(parsed.stocks)
            + len(parsed.corridors)
            + len(parsed.remittances),
        )
        return _write(
            parsed,
            name,
            sha256,
            confirmed=confirmed,
            progress=progress,
            identity=identity,
        )


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


def _refuse_lost_classification(parsed: ParsedFile, file_name: str) -> None:
    """A file read without its companion (WDI's Metadata_Country_… file) cannot tell
    aggregates from countries: where the current edition has aggregates, importing it
    would turn them into unknown areas (13,946 WDI rows became 11,113)."""
    if not parsed.missing_companion:
        return
    current = DatasetVintage.objects.filter(
        dataset__slug=parsed.dataset_slug, is_current=True
    ).first()
    if current is None:
        return
    names = sorted(
        Observation.objects.filter(vintage=current, aggregate__isnull=False)
        .order_by()
        .values_list("aggregate__name", flat=True)
        .distinct()
    )
    if names:
        raise DataImportError(
            "without its companion file this file would lose the aggregate "
            f"classification of the current edition ({len(names)} regions and groups, "
            f"e.g. {', '.join(names[:3])}, would become unknown areas)",
            file=file_name,
            expected=f"{parsed.missing_companion} uploaded with it (the publisher's "
            "ZIP as downloaded, or both files)",
            found="no such file",
        )


@transaction.atomic
def _write(
    parsed: ParsedFile,
    file_name: str,
    sha256: str,
    *,
    confirmed: bool = True,
    progress: Progress = NO_PROGRESS,
    identity: Identity | None = None,
) -> ImportReport:
    _refuse_lost_classification(parsed, file_name)
    # Profiles, charts, corridors and the data API all read the numbers, and every
    # profile ranks its country among all the others: once the import commits, every
    # cached page goes, here and in any reverse proxy (core.proxy_cache). Coarse on
    # purpose: imports are rare.
    transaction.on_commit(proxy_cache.purge_everything)
    dataset = _upsert_dataset(parsed)
    _keep_corrected_date(parsed, dataset)
    report = _report_for(parsed, file_name)
    vintage, created = DatasetVintage.objects.select_for_update().get_or_create(
        dataset=dataset,
        vintage_date=parsed.vintage_date,
        defaults={
            "label": parsed.vintage_label,
            "file_name": file_name,
            "sha256": sha256,
            "imported_at": timezone.now(),
            "vintage_source": parsed.vintage_source,
            **_vintage_facts(parsed),
        },
    )
    before = (
        None if created or confirmed or not vintage.is_current else (_snapshot(vintage))
    )
    if not created:
        _clear_vintage(vintage)
        report.notes.append(
            "This vintage was imported before from another file; its figures were replaced."
        )
    resolver = AreaResolver()
    resolver.prepare_names(_name_areas(parsed))
    try:
        report.records_written = sum(
            write(parsed, vintage, resolver, report, progress)
            for write in (
                _write_observations,
                _write_stocks,
                _write_corridors,
                _write_remittances,
            )
        )
    except IntegrityError:
        raise _repeated_figure(parsed, file_name) from None
    progress.stage(FINISHING)
    if before is not None:
        changes = _changes(before, _snapshot(vintage))
        if any(count["changed"] or count["removed"] for count in changes.values()):
            # Raising undoes the whole file's transaction: nothing was replaced.
            raise ConfirmationNeeded(file_name, changes)
    report.aggregates = sorted(
        aggregate.name or aggregate.code for aggregate in resolver.aggregates.values()
    )
    report.unknown_areas = sorted(resolver.unknown)
    current = vintages.refresh_current(dataset, imported=vintage)
    report.is_current = current.pk == vintage.pk
    report.status = "imported" if report.is_current else "stored as an older vintage"
    vintage.label = parsed.vintage_label
    vintage.file_name = file_name
    vintage.sha256 = sha256
    vintage.imported_at = timezone.now()
    vintage.vintage_source = parsed.vintage_source
    for name, fact in _vintage_facts(parsed).items():
        setattr(vintage, name, fact)
    vintage.is_current = report.is_current
    vintage.report = report.as_dict()
    if identity is not None:
        vintage.confirmed_by_id = identity.confirmed_by_id
        vintage.confirmed_at = identity.confirmed_at
    vintage.save()
    return report


def _keep_corrected_date(parsed: ParsedFile, dataset: Dataset) -> None:
    """An edition whose date was provisional keeps the date a data officer gave it
    since (vintages.correct_release_date): a file of the same edition imported
    again is that edition, not a new one on the provisional date."""
    if PROVISIONAL_DATE not in parsed.vintage_source:
        return
    known = (
        DatasetVintage.objects.filter(dataset=dataset, label=parsed.vintage_label)
        .exclude(vintage_source__contains=PROVISIONAL_DATE)
        .first()
    )
    if known is not None:
        parsed.vintage_date = known.vintage_date
        parsed.vintage_source = known.vintage_source
