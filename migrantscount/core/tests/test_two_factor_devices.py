"""Adding a second TOTP device needs a verified session; the person hears of every
device added or removed, and the audit log keeps both."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from migrantscount.core.services import audit, roles

from .factories import UserFactory

pytestmark = pytest.mark.django_db
SETUP_URL = "/admin/two-factor/setup/"


def current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.fixture
def moderator():
    roles.seed_roles()
    return UserFactory(groups=[roles.STORY_MODERATORS])


@override_settings(MIGRANTSCOUNT_REQUIRE_2FA=True)
def test_a_password_alone_cannot_add_a_second_device(client, moderator) -> None:
    TOTPDevice.objects.create(user=moderator, name="phone", confirmed=True)
    client.force_login(moderator)  # password accepted, no code given yet

    page = client.get(SETUP_URL)

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("core_two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=moderator, confirmed=False).exists()
    # Even with a device an attacker made earlier, the setup form refuses.
    rogue = TOTPDevice.objects.create(user=moderator, name="rogue", confirmed=False)
    response = client.post(SETUP_URL, {"token": current_token(rogue)})
    rogue.refresh_from_db()
    assert response.status_code == 302
    assert rogue.confirmed is False
    assert client.get("/admin/stories/moderation/").status_code == 302


@override_settings(MIGRANTSCOUNT_REQUIRE_2FA=True)
def test_enrolling_e_mails_the_person_and_a_verified_session_may_add_another(
    client, moderator, django_capture_on_commit_callbacks
) -> None:
    client.force_login(moderator)
    client.get(SETUP_URL)
    first = TOTPDevice.objects.get(user=moderator, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETUP_URL, {"token": current_token(first)})
    first.refresh_from_db()
    assert first.confirmed
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert "added" in mail.outbox[0].body

    # Signed in with the code, the person may add a spare device.
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        assert client.get(SETUP_URL).status_code == 200
        spare = TOTPDevice.objects.get(user=moderator, confirmed=False)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(SETUP_URL, {"token": current_token(spare)})
    spare.refresh_from_db()
    assert spare.confirmed
    assert len(mail.outbox) == 2
    assert (
        ModelLogEntry.objects.filter(
            action=audit.TWO_FACTOR_ENROLLED, object_id=str(moderator.pk)
        ).count()
        == 2
    )


def test_removing_devices_e_mails_the_person_and_is_audited(
    moderator, django_capture_on_commit_callbacks
) -> None:
    TOTPDevice.objects.create(user=moderator, name="phone", confirmed=True)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reset_two_factor", moderator.username)

    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert "removed" in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(
        action=audit.TWO_FACTOR_RESET, object_id=str(moderator.pk)
    ).exists()
