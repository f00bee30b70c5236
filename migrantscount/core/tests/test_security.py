from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from migrantscount.core.models import LoginFailure
from migrantscount.core.services import audit, roles, security

from .factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse 42"
LOGIN_URL = "/admin/login/"


def sign_in(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_block_the_sixth_attempt_with_a_clear_message(client) -> None:
    user = UserFactory.create(groups=[])
    for _ in range(5):
        response = sign_in(client, user.username, "wrong")
        assert response.status_code == 200
        assert not is_signed_in(client)

    response = sign_in(client, user.username, PASSWORD)

    assert not is_signed_in(client)
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_throttle_is_per_username_and_ip(client) -> None:
    user = UserFactory.create(is_superuser=True, is_staff=True)
    for _ in range(5):
        sign_in(client, user.username, "wrong", ip="10.0.0.1")

    response = sign_in(client, user.username, PASSWORD, ip="10.0.0.2")

    assert response.status_code == 302
    assert is_signed_in(client)


def test_throttle_lifts_after_the_window(client) -> None:
    user = UserFactory.create(is_superuser=True, is_staff=True)
    for _ in range(5):
        sign_in(client, user.username.upper(), "wrong")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = sign_in(client, user.username, PASSWORD)
        assert response.status_code == 302
        assert security.prune_login_failures() == 0  # cleared by the success


def test_four_failures_do_not_block(client) -> None:
    user = UserFactory.create(is_superuser=True, is_staff=True)
    for _ in range(4):
        sign_in(client, user.username, "wrong")
    assert LoginFailure.objects.filter(username=user.username).count() == 4
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_backend_refuses_throttled_credentials_on_any_login_path() -> None:
    user = UserFactory.create()
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        assert authenticate(request, username=user.username, password="x") is None
    assert authenticate(request, username=user.username, password=PASSWORD) is None
    other = RequestFactory().post("/", REMOTE_ADDR="10.0.0.8")
    assert authenticate(other, username=user.username, password=PASSWORD) == user


def test_old_failures_are_pruned() -> None:
    with time_machine.travel(timezone.now() - timedelta(hours=1)):
        LoginFailure.objects.create(username="old", ip_address="10.0.0.1")
    LoginFailure.objects.create(username="new", ip_address="10.0.0.1")
    assert security.prune_login_failures() == 1
    assert list(LoginFailure.objects.values_list("username", flat=True)) == ["new"]


@pytest.fixture
def approver():
    roles.seed_roles()
    return UserFactory.create(groups=[roles.CAMPAIGN_APPROVERS])


def current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@override_settings(MIGRANTSCOUNT_REQUIRE_2FA=True)
def test_approver_must_enrol_then_verify_each_session(client, approver) -> None:
    client.force_login(approver)
    response = client.get("/admin/pages/")
    setup_url = reverse("core_two_factor_setup")
    assert response.status_code == 302
    assert response["Location"].startswith(setup_url)

    page = client.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html and "otpauth://totp/" in html
    device = TOTPDevice.objects.get(user=approver, confirmed=False)

    wrong = client.post(setup_url, {"token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200 and "not valid" in wrong.content.decode()
    at_once = client.post(setup_url, {"token": current_token(device)})
    assert "Too many wrong codes" in at_once.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        device.refresh_from_db()
        done = client.post(
            setup_url, {"token": current_token(device), "next": "/admin/pages/"}
        )
        assert done.status_code == 302 and done["Location"] == "/admin/pages/"
        assert client.get("/admin/").status_code == 200
    assert ModelLogEntry.objects.filter(
        action=audit.TWO_FACTOR_ENROLLED, object_id=str(approver.pk)
    ).exists()

    # A new session asks for a code from the enrolled device.
    client.logout()
    client.force_login(approver)
    response = client.get("/admin/")
    verify_url = reverse("core_two_factor_verify")
    assert response["Location"].startswith(verify_url)
    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        device.refresh_from_db()
        done = client.post(verify_url, {"token": current_token(device), "next": "/"})
        assert done.status_code == 302
        assert client.get("/admin/").status_code == 200


@override_settings(MIGRANTSCOUNT_REQUIRE_2FA=True)
def test_verify_refuses_a_wrong_code(client, approver) -> None:
    TOTPDevice.objects.create(user=approver, name="phone", confirmed=True)
    client.force_login(approver)
    response = client.post(reverse("core_two_factor_verify"), {"token": "123456"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


@override_settings(MIGRANTSCOUNT_REQUIRE_2FA=True)
def test_redirect_target_cannot_leave_the_site(client, approver) -> None:
    device = TOTPDevice.objects.create(user=approver, name="phone", confirmed=True)
    client.force_login(approver)
    response = client.post(
        reverse("core_two_factor_verify"),
        {"token": current_token(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/admin/"


@override_settings(MIGRANTSCOUNT_REQUIRE_2FA=True)
def test_superusers_need_2fa_but_the_exempt_demo_admin_does_not(client) -> None:
    roles.seed_roles()
    superuser = UserFactory.create(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 302

    with override_settings(MIGRANTSCOUNT_2FA_EXEMPT_USERS=["admin"]):
        demo = UserFactory.create(username="admin", is_superuser=True, is_staff=True)
        client.force_login(demo)
        assert client.get("/admin/").status_code == 200


def test_2fa_is_off_outside_production_settings(client, approver) -> None:
    client.force_login(approver)
    assert client.get("/admin/").status_code == 200


def test_reset_two_factor_removes_devices_and_refuses_unknown_users(approver) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    TOTPDevice.objects.create(user=approver, name="phone", confirmed=True)
    call_command("reset_two_factor", approver.username)
    assert not TOTPDevice.objects.filter(user=approver).exists()
    with pytest.raises(CommandError, match="No user named"):
        call_command("reset_two_factor", "nobody")
