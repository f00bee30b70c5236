"""Files that do not say which edition they are, or when it was released: the admin
asks a data officer, imports nothing until then, and stores what they confirmed on
the edition (who, when, audited). A provisional release date can be corrected later
from the editions admin."""

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl.workbook import Workbook
from wagtail.models import ModelLogEntry

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.models import BilateralStock, DatasetVintage, ImportJob
from migrantscount.data.services import jobs, vintages
from migrantscount.data.services.imports import (
    DataImportError,
    UnidentifiedFile,
    import_file,
)

from .test_import_undesa_editions import doctored, relabel

pytestmark = pytest.mark.django_db

REV_2024 = "POP/DB/MIG/Stock/Rev.2024"
REV_2026 = "POP/DB/MIG/Stock/Rev.2026"
ORIGIN_2024 = (
    SHIPPED_DIR
    / "undesa_migrant_stock_2024"
    / "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx"
)
GDIVIZ_ROWS = b"to,from,t,sex,v\nCOL,VEN,2020,Male,10\nCOL,VEN,2020,Female,12\n"
URL = "https://www.un.org/development/desa/pd/content/international-migrant-stock"


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    """ "Today" for the forms' checks: Rev.2026's provisional date is ahead."""
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def officer(django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = django_user_model.objects.create_user("officer", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_datasetvintage"),
    )
    return user


@pytest.fixture
def rev2024(reference_data: None) -> DatasetVintage:
    import_file(ORIGIN_2024)
    return DatasetVintage.objects.get(label=REV_2024, dataset__slug="undesa-ims-origin")


def upload(client: Client, path: Path, captured) -> ImportJob:
    with captured(execute=True):
        response = client.post(
            reverse("data_import_list"),
            {"file": SimpleUploadedFile(path.name, path.read_bytes())},
        )
    assert response.status_code == 302
    return ImportJob.objects.latest("created_at")


def identify(client: Client, job: ImportJob, captured, **fields: str):
    data = {
        "dataset": "undesa-ims-origin",
        "label": REV_2026,
        "vintage_date": "2026-06-30",
        "licence": "CC BY 3.0 IGO",
        "citation": "United Nations (2026). International Migrant Stock 2026.",
        "url": URL,
        **fields,
    }
    with captured(execute=True):
        return client.post(reverse("data_identify_import", args=[job.pk]), data)


def test_a_new_edition_with_an_unstated_release_date_waits_for_a_data_officer(
    client: Client,
    officer,
    rev2024: DatasetVintage,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    client.force_login(officer)
    path = doctored(ORIGIN_2024, tmp_path, relabel(REV_2024, REV_2026))
    job = upload(client, path, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.NEEDS_IDENTIFICATION, job.error
    assert not DatasetVintage.objects.filter(label=REV_2026).exists()
    proposed = job.report["proposed"]
    assert proposed["label"] == REV_2026 and proposed["vintage_date"] == "2026-12-31"
    assert proposed["date_is_provisional"] and proposed["licence"] == "CC BY 3.0 IGO"
    page = client.get(reverse("data_import_detail", args=[job.pk])).content.decode()
    assert "does not say which edition it is, or when it was released" in page
    assert f'value="{REV_2026}"' in page and 'value="2026-12-31"' in page
    assert 'name="date_is_provisional"' in page and "checked" in page

    # Bad input: clear errors beside the fields, what was typed kept, nothing done.
    response = identify(
        client,
        job,
        django_capture_on_commit_callbacks,
        vintage_date="2025-01-15",  # Rev.2024's date
        licence="",
        url="not a url",
        citation="Typed citation, kept",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Edition POP/DB/MIG/Stock/Rev.2024 of this dataset has this release date"
        in (html)
    )
    assert "This field is required." in html and "Enter a valid URL." in html
    assert "Typed citation, kept" in html and 'value="not a url"' in html
    response = identify(
        client, job, django_capture_on_commit_callbacks, vintage_date="2027-01-15"
    )
    assert "cannot be in the future unless it is provisional" in (
        response.content.decode()
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.NEEDS_IDENTIFICATION
    assert not DatasetVintage.objects.filter(label=REV_2026).exists()

    response = identify(client, job, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert job.identified_by == officer and job.identified_at is not None
    vintage = DatasetVintage.objects.get(label=REV_2026)
    assert vintage.vintage_date == dt.date(2026, 6, 30) and vintage.is_current
    assert vintage.licence == "CC BY 3.0 IGO" and vintage.url == URL
    assert vintage.citation.startswith("United Nations (2026)")
    assert vintage.confirmed_by == officer and vintage.confirmed_at is not None
    assert not vintage.has_provisional_date
    assert "confirmed by a data officer" in vintage.vintage_source
    entry = ModelLogEntry.objects.get(action=jobs.EDITION_CONFIRMED)
    assert entry.user == officer and entry.data["label"] == REV_2026
    assert entry.data["vintage_date"] == "2026-06-30"

    updates = client.get(reverse("data:updates")).content.decode()
    assert REV_2026 in updates and "confirmed by a data officer on 2026-12-01" in (
        updates
    )
    # Rolled back in one step, as any edition.
    vintages.make_vintage_current(rev2024, user=officer)
    assert DatasetVintage.objects.get(label=REV_2024, is_current=True) == rev2024


def test_an_unlabelled_workbook_is_imported_with_the_edition_confirmed(
    client: Client,
    officer,
    reference_data: None,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    def unlabel(workbook: Workbook) -> None:
        relabel(REV_2024, "")(workbook)

    path = doctored(ORIGIN_2024, tmp_path, unlabel, name="origin.xlsx")
    with pytest.raises(
        DataImportError, match="the edition of this workbook is unknown"
    ):
        import_file(path)  # the command refuses it, as before
    client.force_login(officer)
    job = upload(client, path, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.NEEDS_IDENTIFICATION
    assert job.report["datasets"] == ["undesa-ims-origin"]
    assert job.report["proposed"]["label"] == ""

    response = identify(
        client,
        job,
        django_capture_on_commit_callbacks,
        vintage_date="2026-12-31",
        date_is_provisional="on",
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    vintage = DatasetVintage.objects.get(label=REV_2026)
    assert vintage.has_provisional_date and vintage.confirmed_by == officer
    assert vintage.report["records_written"] == 9120


def test_a_file_without_its_manifest_entry_can_be_cancelled_leaving_nothing(
    client: Client,
    officer,
    reference_data: None,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    path = tmp_path / "stocks_export.csv"  # a gdiviz export under another name
    path.write_bytes(GDIVIZ_ROWS)
    client.force_login(officer)
    job = upload(client, path, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.NEEDS_IDENTIFICATION
    assert job.report["proposed"]["dataset"] == "undesa-ims-bilateral"
    stored = Path(job.file.path)
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("data_cancel_import", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert not stored.exists()
    assert not DatasetVintage.objects.exists() and not BilateralStock.objects.exists()
    assert ModelLogEntry.objects.filter(action=jobs.IMPORT_CANCELLED).count() == 1
    # A cancelled job cannot be confirmed any more.
    response = identify(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED


def test_a_renamed_export_is_imported_with_what_the_officer_entered(
    client: Client,
    officer,
    reference_data: None,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    path = tmp_path / "stocks_export.csv"
    path.write_bytes(GDIVIZ_ROWS)
    with pytest.raises(UnidentifiedFile, match="manifest entry is incomplete"):
        import_file(path)
    client.force_login(officer)
    job = upload(client, path, django_capture_on_commit_callbacks)
    identify(
        client,
        job,
        django_capture_on_commit_callbacks,
        dataset="undesa-ims-bilateral",
        label="POP/DB/MIG/Stock/Rev.2020 (an export)",
        vintage_date="2021-01-15",
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    vintage = DatasetVintage.objects.get(dataset__slug="undesa-ims-bilateral")
    assert vintage.label == "POP/DB/MIG/Stock/Rev.2020 (an export)"
    assert vintage.vintage_date == dt.date(2021, 1, 15) and vintage.url == URL
    assert BilateralStock.objects.filter(vintage=vintage).count() == 2


def test_a_provisional_release_date_is_corrected_from_the_editions_admin(
    client: Client,
    officer,
    rev2024: DatasetVintage,
    tmp_path: Path,
) -> None:
    path = doctored(ORIGIN_2024, tmp_path, relabel(REV_2024, REV_2026))
    import_file(path)  # the command: provisional date, 31 December
    vintage = DatasetVintage.objects.get(label=REV_2026)
    assert vintage.has_provisional_date and vintage.vintage_date == dt.date(
        2026, 12, 31
    )
    client.force_login(officer)
    listing = client.get(reverse("data_dataset_list")).content.decode()
    url = reverse("data_correct_release_date", args=[vintage.pk])
    assert url in listing and "(provisional)" in listing

    response = client.post(url, {"vintage_date": "2025-01-15"})
    assert response.status_code == 400
    assert (
        "Edition POP/DB/MIG/Stock/Rev.2024 of this dataset has this release date"
        in (response.content.decode())
    )
    response = client.post(url, {"vintage_date": "2027-02-01"})
    assert "cannot be in the future" in response.content.decode()
    response = client.post(url, {"vintage_date": "yesterday"})
    assert response.status_code == 400 and "Enter a valid date." in (
        response.content.decode()
    )
    response = client.post(url, {"vintage_date": "2026-11-20"})
    assert response.status_code == 302
    vintage.refresh_from_db()
    assert vintage.vintage_date == dt.date(2026, 11, 20)
    assert vintage.corrected_from_date == dt.date(2026, 12, 31)
    assert not vintage.has_provisional_date and vintage.confirmed_by == officer
    entry = ModelLogEntry.objects.get(action=vintages.VINTAGE_DATE_CORRECTED)
    assert (entry.data["from"], entry.data["to"]) == ("2026-12-31", "2026-11-20")

    updates = client.get(reverse("data:updates")).content.decode()
    assert "2026-11-20" in updates
    assert "it was provisional: 2026-12-31" in updates
    [row] = client.get(
        reverse("api:observations"),
        {"indicator": "IMS.EMIGRANTS", "country": "VEN", "year_from": 2024, "sex": "T"},
    ).json()["results"]
    assert row["vintage"]["date"] == "2026-11-20"
    assert not row["vintage"]["date_is_provisional"]
    assert row["vintage"]["citation"]

    # Another file of the same edition is that edition, not a new one on the
    # provisional date.
    again = doctored(path, tmp_path, lambda workbook: None, name="copy.xlsx")
    report = import_file(again)
    assert report.vintage_date == "2026-11-20"
    assert DatasetVintage.objects.filter(label=REV_2026).count() == 1


def test_an_unidentified_file_inside_a_zip_is_refused_not_left_waiting(
    client: Client,
    officer,
    reference_data: None,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("stocks_export.csv", GDIVIZ_ROWS)
    client.force_login(officer)
    job = upload(client, archive, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED
    assert "uploaded on its own" in job.error and "stocks_export.csv" in job.error
    assert not DatasetVintage.objects.exists()
