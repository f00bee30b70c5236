import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from migrantscount.data.models import BilateralStock, Country, ImportJob

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
