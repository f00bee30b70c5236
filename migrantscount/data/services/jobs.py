"""Imports started from the admin: the upload is stored, the worker imports it."""

from functools import partial
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ..models import ImportJob
from .imports import DataImportError, import_file


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
    ).update(status=ImportJob.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return job
    try:
        report = import_file(Path(job.file.path), file_name=job.original_name)
    except DataImportError as error:
        job.status, job.error, job.report = (
            ImportJob.Status.FAILED,
            str(error),
            error.as_dict(),
        )
    else:
        job.status, job.error, job.report = ImportJob.Status.DONE, "", report.as_dict()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "report", "finished_at"])
    return job
