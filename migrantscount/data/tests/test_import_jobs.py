"""Admin imports whose worker died: the ImportJob rows themselves are recovered."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from migrantscount.data.models import BilateralStock, ImportJob
from migrantscount.data.services import jobs

pytestmark = pytest.mark.django_db

GOOD = b"to,from,t,sex,v\nCOL,VEN,2020,Male,10\n"


@pytest.fixture
def stuck_job(settings, tmp_path, reference_data: None) -> ImportJob:
    """What a worker killed mid-import leaves: the job RUNNING, claimed once, and
    nothing of the file written (its transaction was never committed)."""
    settings.MEDIA_ROOT = tmp_path
    settings.MIGRANTSCOUNT_STUCK_TASK_MINUTES = 60
    job = ImportJob(original_name="gdiviz_stocks_converted.csv")
    job.file.save(job.original_name, ContentFile(GOOD), save=False)
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now() - dt.timedelta(minutes=61)
    job.attempts = 1
    job.save()
    return job


def test_a_job_left_running_is_requeued_and_imported(
    stuck_job: ImportJob, django_capture_on_commit_callbacks
) -> None:
    # The task queue's own sweep re-queues the task, but it only claims QUEUED jobs.
    jobs.run_import_job(stuck_job)
    stuck_job.refresh_from_db()
    assert stuck_job.status == ImportJob.Status.RUNNING
    with django_capture_on_commit_callbacks(execute=True):
        recovered = jobs.recover_stuck_import_jobs()
    assert [job.pk for job in recovered] == [stuck_job.pk]
    stuck_job.refresh_from_db()
    assert (stuck_job.status, stuck_job.attempts) == (ImportJob.Status.DONE, 2)
    assert BilateralStock.objects.count() == 1


def test_a_job_whose_worker_died_twice_fails_visibly(stuck_job: ImportJob) -> None:
    ImportJob.objects.filter(pk=stuck_job.pk).update(attempts=2)
    assert len(jobs.recover_stuck_import_jobs()) == 1
    stuck_job.refresh_from_db()
    assert stuck_job.status == ImportJob.Status.FAILED
    assert "stopped without finishing" in stuck_job.error
    assert stuck_job.finished_at is not None
    assert not BilateralStock.objects.exists()


def test_a_running_job_within_the_time_limit_is_left_alone(
    stuck_job: ImportJob,
) -> None:
    ImportJob.objects.filter(pk=stuck_job.pk).update(started_at=timezone.now())
    assert jobs.recover_stuck_import_jobs() == []
    stuck_job.refresh_from_db()
    assert stuck_job.status == ImportJob.Status.RUNNING


def test_the_sweep_is_a_periodic_job() -> None:
    from migrantscount.core.periodic import JOBS

    assert "recover_stuck_import_jobs" in JOBS
