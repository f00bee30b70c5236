"""Every role that reaches the admin signs in with a second factor under production
settings; sessions that can read personal data end when idle and within a day."""

from datetime import timedelta

import pytest
import time_machine
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from migrantscount.core.services import roles

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(MIGRANTSCOUNT_REQUIRE_2FA=True)
@pytest.mark.parametrize(
    "group",
    [roles.EDITORS, roles.TRANSLATORS, roles.DATA_OFFICERS, roles.STORY_MODERATORS],
)
def test_every_admin_role_needs_a_second_factor(client, group) -> None:
    roles.seed_roles()
    client.force_login(UserFactory(groups=[group]))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core_two_factor_setup"))


@override_settings(
    MIGRANTSCOUNT_STAFF_IDLE_MINUTES=30, MIGRANTSCOUNT_STAFF_SESSION_MAX_HOURS=9
)
def test_a_moderators_session_ends_after_30_idle_minutes(client) -> None:
    roles.seed_roles()
    client.force_login(UserFactory(groups=[roles.STORY_MODERATORS]))
    queue = "/admin/stories/moderation/"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get(queue).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(queue).status_code == 200
    with time_machine.travel(start + timedelta(minutes=60), tick=False):
        response = client.get(queue)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert "_auth_user_id" not in client.session


@override_settings(
    MIGRANTSCOUNT_STAFF_IDLE_MINUTES=30, MIGRANTSCOUNT_STAFF_SESSION_MAX_HOURS=9
)
def test_a_moderators_session_ends_within_a_working_day(client) -> None:
    roles.seed_roles()
    client.force_login(UserFactory(groups=[roles.STORY_MODERATORS]))
    start = timezone.now()
    for minutes in range(0, 9 * 60, 20):  # busy all day, never idle
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(hours=9, minutes=5), tick=False):
        assert client.get("/admin/").status_code == 302


@override_settings(MIGRANTSCOUNT_STAFF_IDLE_MINUTES=30)
def test_an_editor_without_personal_data_keeps_the_usual_session(client) -> None:
    roles.seed_roles()
    client.force_login(UserFactory(groups=[roles.EDITORS]))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=90), tick=False):
        assert client.get("/admin/").status_code == 200
