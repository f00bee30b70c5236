import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.models import (
    BilateralStock,
    Country,
    DatasetVintage,
    ImportJob,
    Observation,
)
from migrantscount.data.services import vintages
from migrantscount.data.services.imports import import_file

UNDESA_2020 = (
    SHIPPED_DIR
    / "undesa_migrant_stock"
    / "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
)
UNDESA_2024 = (
    SHIPPED_DIR
    / "undesa_migrant_stock_2024"
    / "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"
)

pytestmark = pytest.mark.django_db

GOOD = b"to,from,t,sex,v\nCOL,VEN,2020,Male,10\n"
BAD = b"to,from,t,sex,v\nCOL,VEN,2020,Mixed,10\n"


@pytest.fixture
def officer(django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = django_user_model.objects.create_user("officer", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_datasetvintage"),
    )
    return user


def upload(client: Client, content: bytes):
    return client.post(
        reverse("data_import_list"),
        {"file": SimpleUploadedFile("gdiviz_stocks_converted.csv", content)},
    )


def test_an_upload_is_imported_and_its_report_shown(
    client: Client,
    officer,
    reference_data: None,
    django_capture_on_commit_callbacks,
) -> None:
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.DONE
    assert BilateralStock.objects.count() == 1
    page = client.get(reverse("data_import_detail", args=[job.pk]))
    assert page.status_code == 200
    assert "imported" in page.content.decode()


def test_a_bad_file_shows_where_it_is_wrong(
    client: Client,
    officer,
    reference_data: None,
    django_capture_on_commit_callbacks,
) -> None:
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, BAD)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.report["row"] == 2 and job.report["column"] == "sex"
    page = client.get(reverse("data_import_detail", args=[job.pk])).content.decode()
    assert "Mixed" in page and "row 2" in page


def test_only_data_officers_may_import(client: Client, django_user_model) -> None:
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail turns PermissionDenied into a redirect to the dashboard.
    assert client.get(reverse("data_import_list")).status_code in {302, 403}
    assert upload(client, GOOD).status_code in {302, 403}
    assert not ImportJob.objects.exists()


def test_countries_are_read_only_in_the_admin(
    client: Client, admin_user, reference_data: None
) -> None:
    client.force_login(admin_user)
    assert client.get(reverse("data_countries:index")).status_code == 200
    colombia = Country.objects.get(iso3="COL")
    assert (
        client.get(reverse("data_countries:inspect", args=[colombia.pk])).status_code
        == 200
    )
    assert client.get(reverse("data_countries:add")).status_code in {302, 403}


REV_2024 = "POP/DB/MIG/Stock/Rev.2024"
REV_2026 = "POP/DB/MIG/Stock/Rev.2026"


def colombia_2024() -> Observation:
    return (
        Observation.objects.current()
        .select_related("vintage")
        .get(indicator__code="IMS.STOCK", country__iso3="COL", year=2024, sex="T")
    )


def rev2026_copy(tmp_path: Path) -> bytes:
    """The Rev.2024 destination workbook relabelled Rev.2026, one figure changed:
    a new edition no code or manifest knows."""
    workbook = openpyxl.load_workbook(UNDESA_2024)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(max_row=10):
            for cell in row:
                if isinstance(cell.value, str) and REV_2024 in cell.value:
                    cell.value = cell.value.replace(REV_2024, REV_2026)
    table = workbook["Table 1"]
    colombia = next(c.row for c in table["B"] if c.value == "Colombia")
    table[f"M{colombia}"] = 9_999_999  # a faulty figure
    path = tmp_path / "undesa_pd_2026_ims_stock_by_sex_and_destination.xlsx"
    workbook.save(path)
    return path.read_bytes()


def test_a_new_edition_uploaded_in_the_admin_becomes_current_and_rolls_back(
    client: Client,
    officer,
    reference_data: None,
    django_capture_on_commit_callbacks,
    tmp_path: Path,
) -> None:
    import_file(UNDESA_2024)
    client.force_login(officer)
    content = rev2026_copy(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("data_import_list"),
            {"file": SimpleUploadedFile("undesa_pd_2026_destination.xlsx", content)},
        )
    job = ImportJob.objects.get()
    # The file names its edition, not its release date: the officer confirms it
    # (here: not known yet, provisional) before anything is imported.
    assert job.status == ImportJob.Status.NEEDS_IDENTIFICATION, job.error
    assert colombia_2024().vintage.label == REV_2024
    proposed = job.report["proposed"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("data_identify_import", args=[job.pk]),
            {**proposed, "date_is_provisional": "on"},
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert (job.report["vintage"], job.report["is_current"]) == (REV_2026, True)
    assert colombia_2024().value == 9_999_999

    page = client.get(reverse("data_dataset_list")).content.decode()
    assert f"Make {REV_2024} current" in page
    assert f"Make {REV_2026} current" not in page
    rev2024 = DatasetVintage.objects.get(label=REV_2024)
    response = client.post(reverse("data_make_vintage_current", args=[rev2024.pk]))
    assert response.status_code == 302
    assert colombia_2024().value == 3_063_518
    assert colombia_2024().vintage.label == REV_2024
    entry = ModelLogEntry.objects.get(action=vintages.VINTAGE_MADE_CURRENT)
    assert entry.user == officer
    assert entry.data["previous"] == REV_2026 and entry.data["vintage"] == REV_2024
    # Importing another (older) file afterwards does not undo the rollback.
    import_file(UNDESA_2020)
    assert colombia_2024().vintage.label == REV_2024


def test_making_an_edition_current_needs_the_data_officer_permission(
    client: Client, django_user_model, reference_data: None
) -> None:
    import_file(UNDESA_2020)
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    vintage = DatasetVintage.objects.get()
    response = client.post(reverse("data_make_vintage_current", args=[vintage.pk]))
    assert response.status_code in {302, 403}
    assert not ModelLogEntry.objects.filter(
        action=vintages.VINTAGE_MADE_CURRENT
    ).exists()


def wdi_zip(*, with_metadata: bool = True) -> bytes:
    """The WDI bulk download as the World Bank serves it: a ZIP of the series CSV
    and its two Metadata_ files."""
    folder = SHIPPED_DIR / "wdi_remittances"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(
            folder.glob("*API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv")
        ):
            if with_metadata or not path.name.startswith("Metadata_"):
                archive.write(path, arcname=path.name)
    return buffer.getvalue()


def test_the_publishers_zip_is_imported_with_its_metadata(
    client: Client,
    officer,
    reference_data: None,
    django_capture_on_commit_callbacks,
) -> None:
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("data_import_list"),
            {"file": SimpleUploadedFile("API_BX.TRF.PWKR.CD.DT_DS2.zip", wdi_zip())},
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE, job.error
    assert [file["file"] for file in job.report["files"]] == [
        "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
    ]
    # The Metadata_Country_ file told the aggregates from the economies.
    assert "World" in job.report["aggregates"]
    assert "WLD" not in " ".join(job.report["unknown_areas"])
    assert Observation.objects.filter(aggregate__code="WLD").exists()


def test_a_zip_without_the_metadata_cannot_replace_the_classified_edition(
    client: Client,
    officer,
    reference_data: None,
    django_capture_on_commit_callbacks,
) -> None:
    import_file(
        SHIPPED_DIR
        / "wdi_remittances"
        / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
    )
    stored = Observation.objects.count()
    # Other bytes than the imported file (else it is "unchanged"): a re-zipped copy
    # with one figure changed.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wdi_zip(with_metadata=False))) as source:
        name = source.namelist()[0]
        text = source.read(name).decode("utf-8-sig").replace('"66237847600"', '"1"')
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("data_import_list"),
            {"file": SimpleUploadedFile("wdi.zip", buffer.getvalue())},
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert f"Metadata_Country_{name}" in job.error
    assert Observation.objects.count() == stored


def test_a_reimport_that_would_change_current_figures_waits_for_confirmation(
    client: Client,
    officer,
    reference_data: None,
    django_capture_on_commit_callbacks,
) -> None:
    csv_path = (
        SHIPPED_DIR
        / "wdi_remittances"
        / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
    )
    import_file(csv_path)
    mexico = Observation.objects.current().filter(
        indicator__code="BX.TRF.PWKR.CD.DT", country__iso3="MEX", year=2023
    )
    # The same edition (same Last Updated Date) from another file: one figure changed.
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(wdi_zip())) as source,
        zipfile.ZipFile(buffer, "w") as archive,
    ):
        for name in source.namelist():
            content = source.read(name)
            if name == csv_path.name:
                content = content.replace(b'"66237847600"', b'"1"')
            archive.writestr(name, content)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("data_import_list"),
            {"file": SimpleUploadedFile("wdi.zip", buffer.getvalue())},
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.NEEDS_CONFIRMATION
    assert job.report["changes"] == {
        "BX.TRF.PWKR.CD.DT": {"added": 0, "changed": 1, "removed": 0}
    }
    assert mexico.get().value == 66_237_847_600  # nothing replaced yet
    page = client.get(reverse("data_import_detail", args=[job.pk])).content.decode()
    assert "Confirm and import" in page and "BX.TRF.PWKR.CD.DT" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("data_confirm_import", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert job.confirmed_by == officer and job.confirmed_at is not None
    assert mexico.get().value == 1
