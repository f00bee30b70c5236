"""One file imported in one transaction."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from migrantscount.core import proxy_cache

from ...models import Dataset, DatasetVintage, Observation
from ...sources.base import (
    FINISHING,
    NO_PROGRESS,
    PROVISIONAL_DATE,
    WRITING,
    DataImportError,
    Identity,
    ParsedFile,
    Progress,
)
from .. import vintages
from .areas import AreaResolver, name_areas
from .changes import (
    ConfirmationNeeded,
    clear_vintage,
    compare_snapshots,
    take_snapshot,
)
from .reading import proposal, read_file, sha256_of, vintage_facts
from .report import ImportReport, report_for
from .tables import (
    repeated_figure,
    upsert_dataset,
    write_corridors,
    write_observations,
    write_remittances,
    write_stocks,
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
            raise proposal(parsed, name)
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
    dataset = upsert_dataset(parsed)
    _keep_corrected_date(parsed, dataset)
    report = report_for(parsed, file_name)
    vintage, created = DatasetVintage.objects.select_for_update().get_or_create(
        dataset=dataset,
        vintage_date=parsed.vintage_date,
        defaults={
            "label": parsed.vintage_label,
            "file_name": file_name,
            "sha256": sha256,
            "imported_at": timezone.now(),
            "vintage_source": parsed.vintage_source,
            **vintage_facts(parsed),
        },
    )
    before = (
        None
        if created or confirmed or not vintage.is_current
        else (take_snapshot(vintage))
    )
    if not created:
        clear_vintage(vintage)
        report.notes.append(
            "This vintage was imported before from another file; its figures were replaced."
        )
    resolver = AreaResolver()
    resolver.prepare_names(name_areas(parsed))
    try:
        report.records_written = sum(
            write(parsed, vintage, resolver, report, progress)
            for write in (
                write_observations,
                write_stocks,
                write_corridors,
                write_remittances,
            )
        )
    except IntegrityError:
        raise repeated_figure(parsed, file_name) from None
    progress.stage(FINISHING)
    if before is not None:
        changes = compare_snapshots(before, take_snapshot(vintage))
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
    for name, fact in vintage_facts(parsed).items():
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
