"""Imports started from the admin: the upload is stored, the worker imports it."""

import logging
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from migrantscount.core.services.audit import log_platform_event

from ..models import ImportJob
from ..sources.base import Identity, Progress
from . import archives
from .imports import (
    ConfirmationNeeded,
    DataImportError,
    UnidentifiedFile,
    import_file,
)
from .progress import JobProgress

logger = logging.getLogger(__name__)
# A job claimed this many times whose worker still died is failed, not re-queued.
MAX_ATTEMPTS = 2
EDITION_CONFIRMED = "data.edition_confirmed"
IMPORT_CANCELLED = "data.import_cancelled"


@transaction.atomic
def create_import_job(*, upload: UploadedFile, user: Any) -> ImportJob:
    from .. import tasks

    job = ImportJob(original_name=Path(upload.name or "upload").name, created_by=user)
    job.file.save(job.original_name, upload, save=False)
    job.save()
    transaction.on_commit(partial(tasks.run_import_job.enqueue, job_id=job.pk))
    return job


def run_import_job(job: ImportJob) -> ImportJob:
    claimed = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.QUEUED
    ).update(
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        progress_stage="",
        progress_done=0,
        progress_total=0,
        progress_at=None,
    )
    if not claimed:
        return job
    progress = JobProgress(job.pk)
    try:
        report = _import_upload(
            Path(job.file.path),
            job.original_name,
            confirmed=job.confirmed_at is not None,
            progress=progress,
            identity=_identity(job),
        )
    except UnidentifiedFile as unknown:
        job.status, job.error = ImportJob.Status.NEEDS_IDENTIFICATION, str(unknown)
        job.report = unknown.as_dict()
    except ConfirmationNeeded as pending:
        job.status, job.error = ImportJob.Status.NEEDS_CONFIRMATION, ""
        job.report = {"file": pending.file, "changes": pending.changes}
    except DataImportError as error:
        job.status, job.error, job.report = (
            ImportJob.Status.FAILED,
            str(error),
            error.as_dict(),
        )
    else:
        job.status, job.error, job.report = ImportJob.Status.DONE, "", report
    finally:
        progress.close()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "report", "finished_at"])
    return job


@transaction.atomic
def confirm_import_job(job: ImportJob, *, user: Any) -> ImportJob:
    """A data officer accepts the changes an upload makes to current figures; the
    worker imports it again, replacing them."""
    from .. import tasks

    confirmed = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.NEEDS_CONFIRMATION
    ).update(
        status=ImportJob.Status.QUEUED, confirmed_by=user, confirmed_at=timezone.now()
    )
    if confirmed:
        transaction.on_commit(partial(tasks.run_import_job.enqueue, job_id=job.pk))
    job.refresh_from_db()
    return job


def _identity(job: ImportJob) -> Identity | None:
    if not job.identity:
        return None
    return Identity.from_json(
        job.identity,
        confirmed_by_id=job.identified_by_id,
        confirmed_at=job.identified_at,
    )


@transaction.atomic
def identify_import_job(
    job: ImportJob, *, identity: Identity, user: AbstractBaseUser | None
) -> ImportJob:
    """A data officer says which dataset and edition a file is, when it was
    released, its licence, citation and source URL; the worker then imports it
    with that. Audited; the edition records who confirmed it and when."""
    from .. import tasks

    identified = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.NEEDS_IDENTIFICATION
    ).update(
        status=ImportJob.Status.QUEUED,
        identity=identity.as_json(),
        identified_by=user,
        identified_at=timezone.now(),
        error="",
    )
    job.refresh_from_db()
    if identified:
        log_platform_event(
            EDITION_CONFIRMED,
            data={"file": job.original_name, **identity.as_json()},
            user=user,
            instance=job,
        )
        transaction.on_commit(partial(tasks.run_import_job.enqueue, job_id=job.pk))
    return job


@transaction.atomic
def cancel_import_job(job: ImportJob, *, user: AbstractBaseUser | None) -> ImportJob:
    """A job waiting for a data officer is dropped: nothing of it was imported, and
    its file is deleted once the cancellation commits."""
    cancelled = ImportJob.objects.filter(
        pk=job.pk,
        status__in=[
            ImportJob.Status.NEEDS_IDENTIFICATION,
            ImportJob.Status.NEEDS_CONFIRMATION,
        ],
    ).update(status=ImportJob.Status.CANCELLED, finished_at=timezone.now())
    job.refresh_from_db()
    if cancelled:
        log_platform_event(
            IMPORT_CANCELLED, data={"file": job.original_name}, user=user, instance=job
        )
        transaction.on_commit(partial(job.file.delete, save=False))
    return job


def _import_upload(
    path: Path,
    name: str,
    *,
    confirmed: bool,
    progress: Progress,
    identity: Identity | None,
) -> dict[str, Any]:
    """One file's report; for a ZIP, its first data file's report with every file's
    report under "files". A single file that does not say which edition it is, or
    when it was released, waits for a data officer (UnidentifiedFile)."""
    if not archives.is_archive(name):
        return import_file(
            path,
            file_name=name,
            confirmed=confirmed,
            progress=progress,
            identity=identity,
            identify=True,
        ).as_dict()
    reports = [
        report.as_dict()
        for report in archives.import_archive(
            path, file_name=name, confirmed=confirmed, progress=progress
        )
    ]
    return {**reports[0], "files": reports}


def recover_stuck_import_jobs() -> list[ImportJob]:
    """Re-queue, or after MAX_ATTEMPTS fail visibly, jobs left RUNNING by a worker
    that died: the task queue's own sweep re-queues the task, but the job row stays
    RUNNING and the task only claims QUEUED jobs. Nothing of the file was written
    (one transaction per file), so running it again is safe."""
    cutoff = timezone.now() - timedelta(
        minutes=settings.MIGRANTSCOUNT_STUCK_TASK_MINUTES
    )
    stuck = ImportJob.objects.filter(
        status=ImportJob.Status.RUNNING, started_at__lt=cutoff
    )
    return [job for job in stuck if _recover(job)]


@transaction.atomic
def _recover(job: ImportJob) -> bool:
    from .. import tasks

    still_stuck = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.RUNNING, started_at=job.started_at
    )
    if job.attempts < MAX_ATTEMPTS:
        changed = still_stuck.update(status=ImportJob.Status.QUEUED, started_at=None)
        if changed:
            transaction.on_commit(partial(tasks.run_import_job.enqueue, job_id=job.pk))
    else:
        changed = still_stuck.update(
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            error=str(
                _(
                    "The import stopped without finishing (its worker stopped) "
                    "%(attempts)s times; nothing of the file was written. Upload it "
                    "again, or ask for the worker's log."
                )
                % {"attempts": job.attempts}
            ),
        )
    if changed:
        logger.warning(
            "Import job %s (%s) stuck in RUNNING since %s: %s",
            job.pk,
            job.original_name,
            job.started_at,
            "requeued" if job.attempts < MAX_ATTEMPTS else "failed",
        )
    return bool(changed)
