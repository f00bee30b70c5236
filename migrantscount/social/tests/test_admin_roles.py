"""Roles for social posts (four eyes) and make run's local demo team."""

import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

from migrantscount.core.management.commands.ensure_admin import DEMO_TEAM
from migrantscount.core.services import roles
from migrantscount.core.services.security import two_factor_required
from migrantscount.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[3]


def social_permissions(group_name: str) -> set[str]:
    group = roles.seed_roles()[group_name]
    return set(
        group.permissions.filter(content_type__app_label="social").values_list(
            "codename", flat=True
        )
    )


def test_communications_officers_compose_schedule_and_connect_but_never_approve() -> (
    None
):
    codenames = social_permissions(roles.COMMUNICATIONS_OFFICERS)
    for model in ("account", "post", "posttext", "delivery", "dispatchswitch"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= codenames
    assert "approve_post" not in codenames
    assert not any(codename.startswith("delete_") for codename in codenames)


def test_campaign_approvers_approve_and_see_posts_but_do_not_compose() -> None:
    codenames = social_permissions(roles.CAMPAIGN_APPROVERS)
    assert {"approve_post", "view_post", "view_delivery", "view_account"} <= codenames
    assert not any(codename.startswith(("add_", "change_")) for codename in codenames)


@pytest.mark.parametrize(
    "group_name",
    [roles.EDITORS, roles.TRANSLATORS, roles.STORY_MODERATORS, roles.DATA_OFFICERS],
)
def test_other_roles_have_nothing_of_social(group_name: Any) -> None:
    assert social_permissions(group_name) == set()


def test_ensure_admin_makes_the_demo_team_once(settings: Any, tmp_path: Any) -> None:
    settings.VAR_DIR = tmp_path
    roles.seed_roles()
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("ensure_admin", stdout=StringIO())

    users = get_user_model().objects
    comms = users.get(username="comms")
    approver = users.get(username="approver")
    assert list(comms.groups.values_list("name", flat=True)) == [
        roles.COMMUNICATIONS_OFFICERS
    ]
    assert list(approver.groups.values_list("name", flat=True)) == [
        roles.CAMPAIGN_APPROVERS
    ]
    assert not comms.is_superuser and not approver.is_superuser
    for username in ("admin", "comms", "approver"):
        password_file = tmp_path / (
            "admin_password" if username == "admin" else f"{username}_password"
        )
        password = password_file.read_text().strip()
        assert password_file.stat().st_mode & 0o777 == 0o600
        assert password in out.getvalue()
        assert Client().login(username=username, password=password)
    assert "local demo only" in out.getvalue()


def test_make_run_exempts_exactly_the_demo_accounts_from_two_factor() -> None:
    text = (REPO / "scripts" / "run.sh").read_text()
    match = re.search(r'MIGRANTSCOUNT_2FA_EXEMPT_USERS:-([^}"]*)\}', text)
    assert match
    assert set(match.group(1).split(",")) == {"admin", *DEMO_TEAM}


@override_settings(MIGRANTSCOUNT_REQUIRE_2FA=True)
def test_the_demo_approver_is_exempt_only_when_listed() -> None:
    roles.seed_roles()
    approver = UserFactory(  # type: ignore[no-untyped-call]
        username="approver", groups=[roles.CAMPAIGN_APPROVERS]
    )
    assert two_factor_required(approver)
    with override_settings(MIGRANTSCOUNT_2FA_EXEMPT_USERS=["admin", *DEMO_TEAM]):
        assert not two_factor_required(approver)
