"""The import job page in Chromium: its ES module follows the job's progress from
the JSON endpoint, and the page reloads to the report when the job is over."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from migrantscount.core.tests.factories import UserFactory
from migrantscount.data.models import ImportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_job_page_follows_the_import_until_its_report(
    live_server, chromium, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob(
        original_name="extract.xlsx",
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(seconds=2),
        progress_stage=ImportJob.Stage.READING,
        progress_done=2000,
        progress_total=28_030,
    )
    job.file.save(job.original_name, ContentFile(b"x"), save=False)
    job.save()
    user = UserFactory.create(is_superuser=True, is_staff=True)
    user.set_password("pw-browser-progress")
    user.save()

    page = chromium.new_context().new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "pw-browser-progress")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(live_server.url + reverse("data_import_detail", args=[job.pk]))
    bar = page.locator("progress#import-progress-bar")
    assert bar.get_attribute("value") == "4"
    assert page.get_by_label("Progress of the import").count() == 1

    ImportJob.objects.filter(pk=job.pk).update(
        progress_stage=ImportJob.Stage.WRITING, progress_done=0, progress_total=76_647
    )
    # (The admin's CSP forbids eval, so no wait_for_function: the progress element's
    # value attribute reflects what the script set.)
    page.wait_for_selector('progress[value="60"]', timeout=10_000)
    assert "Writing the figures: 0 of 76,647 (60% of the import)" in (
        page.locator("[data-progress-text]").inner_text()
    )

    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        report={"status": "imported", "records_written": 76_575},
        finished_at=timezone.now(),
    )
    page.wait_for_selector("text=Figures stored", timeout=10_000)
    assert page.locator("progress").count() == 0
    assert "76575" in page.content()
