"""Progress of an import job: written now and then (never per row) through its own
connection, shown on the job page and served as JSON to the page's script. The
progress of a real import through a real worker is in test_import_worker.py."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from migrantscount.data.models import ImportJob
from migrantscount.data.services.progress import JobProgress


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _job(status: str = ImportJob.Status.RUNNING, **fields: object) -> ImportJob:
    job = ImportJob(original_name="extract.xlsx", status=status, **fields)
    job.file.save(job.original_name, ContentFile(b"x"), save=False)
    job.save()
    return job


@pytest.fixture
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def officer(django_user_model, media: None):
    user = django_user_model.objects.create_user("officer", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_datasetvintage"),
    )
    return user


# Progress goes through a connection of its own, so the job row must be committed
# for it to see it (a transactional test).
@pytest.mark.django_db(transaction=True)
def test_progress_is_written_at_each_stage_and_at_most_every_interval(
    media: None,
) -> None:
    job = _job()
    clock = FakeClock()
    progress = JobProgress(job.pk, every=1.0, clock=clock)
    try:
        progress.stage("reading", 76_574)
        for _step in range(38):  # 38 steps of 2,000 rows in 0.95 s: no write
            clock.now += 0.025
            progress.advance(2000)
        assert progress.writes == 1
        job.refresh_from_db()
        assert (job.progress_stage, job.progress_done) == ("reading", 0)
        clock.now += 0.1
        progress.advance(2000)
        assert progress.writes == 2
        job.refresh_from_db()
        assert (job.progress_done, job.progress_total) == (78_000, 76_574)
        assert job.progress_at is not None
        progress.stage("writing", 76_575)  # a new stage is written at once
        assert progress.writes == 3
        job.refresh_from_db()
        assert (job.progress_stage, job.progress_done) == ("writing", 0)
    finally:
        progress.close()


@pytest.mark.django_db(transaction=True)
def test_progress_never_touches_a_job_that_is_no_longer_running(media: None) -> None:
    job = _job(status=ImportJob.Status.FAILED)
    progress = JobProgress(job.pk, every=0)
    try:
        progress.stage("reading", 10)
    finally:
        progress.close()
    job.refresh_from_db()
    assert job.progress_stage == "" and job.progress_at is None


def test_fraction_and_time_left_follow_the_stages() -> None:
    started = timezone.now()
    job = ImportJob(
        status=ImportJob.Status.RUNNING,
        started_at=started,
        progress_stage=ImportJob.Stage.READING,
        progress_done=50,
        progress_total=100,
    )
    assert job.progress_fraction == pytest.approx(0.3)
    assert job.seconds_left(started + dt.timedelta(seconds=3)) == pytest.approx(7.0)
    job.progress_stage, job.progress_done = ImportJob.Stage.WRITING, 100
    assert job.progress_fraction == pytest.approx(0.95)
    job.progress_stage, job.progress_total = ImportJob.Stage.READING, 0
    assert job.progress_fraction == pytest.approx(0.6 * 0)
    assert job.seconds_left(started + dt.timedelta(seconds=3)) is None  # too early
    job.status = ImportJob.Status.DONE
    assert job.progress_fraction == 1.0
    assert job.seconds_left(started) is None


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_job_page_shows_progress_and_serves_it_as_json(
    client: Client, officer
) -> None:
    job = _job(
        started_at=timezone.now() - dt.timedelta(seconds=6),
        progress_stage=ImportJob.Stage.READING,
        progress_done=38_000,
        progress_total=76_000,
        progress_at=timezone.now(),
    )
    client.force_login(officer)
    page = client.get(reverse("data_import_detail", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<progress id="import-progress-bar" max="100" value="30">' in html
    assert "Reading the file: 38,000 of 76,000 (30% of the import)" in html
    assert "About 14 seconds left." in html
    # Without JavaScript the page refreshes itself; with it, a module polls.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert "data/import-progress.js" in html and 'type="module"' in html
    assert reverse("data_import_progress", args=[job.pk]) in html

    state = client.get(reverse("data_import_progress", args=[job.pk])).json()
    assert state["pending"] and state["status"] == "running"
    assert (state["stage"], state["done"], state["total"]) == (
        "reading",
        38_000,
        76_000,
    )
    assert state["percent"] == 30 and state["seconds_left"] == 14

    job.status = ImportJob.Status.DONE
    job.save()
    state = client.get(reverse("data_import_progress", args=[job.pk])).json()
    assert not state["pending"] and state["percent"] == 100
    html = client.get(reverse("data_import_detail", args=[job.pk])).content.decode()
    assert "import-progress.js" not in html and "refresh" not in html


@pytest.mark.django_db
def test_progress_is_for_data_officers_only(
    client: Client, django_user_model, media: None
) -> None:
    job = _job()
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get(reverse("data_import_progress", args=[job.pk]))
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert response.status_code in {302, 403}
    assert b"reading" not in response.content
