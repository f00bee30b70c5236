"""The admin form for export-only channels (WhatsApp): no credentials asked, an
audience like any account's (so the hashtag rules apply), the permission of adding
accounts, naughty names escaped or refused clearly (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.data.models import Country
from migrantscount.social.models import Account
from migrantscount.social.services import posts

pytestmark = pytest.mark.django_db

URL = "/admin/social/accounts/channels/new/"


def _member(group: str, username: str) -> Client:
    roles.seed_roles()
    person = UserFactory.create(username=username)
    person.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(person)
    return client


def _refused(response: Any) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard."""
    return (response.status_code, response.get("Location")) in (
        (403, None),
        (302, "/admin/"),
    )


@pytest.fixture
def officer() -> Client:
    return _member(roles.COMMUNICATIONS_OFFICERS, "comms")


def _colombia() -> Country:
    country, _created = Country.objects.get_or_create(
        iso3="COL",
        defaults={
            "iso2": "CO",
            "name_en": "Colombia",
            "is_oas_member": True,
            "oas_language": "es",
        },
    )
    return country


def test_an_officer_adds_a_whatsapp_channel_without_credentials(
    officer: Client,
) -> None:
    colombia = _colombia()
    form = officer.get(URL)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'type="password"' not in html
    assert 'name="app_password"' not in html
    assert 'name="instance_url"' not in html
    response = officer.post(
        URL,
        {
            "platform": "whatsapp",
            "handle": "Migrantes Cuentan (Colombia)",
            "language": "en",
            "time_zone": "America/Bogota",
            "countries": [colombia.pk],
        },
    )
    assert response.status_code == 302
    channel = Account.objects.get()
    assert (channel.platform, channel.time_zone, channel.language) == (
        "whatsapp",
        "America/Bogota",
        "en",
    )
    assert channel.get_credentials() == {}
    assert list(channel.countries.all()) == [colombia]
    # The hashtag rule reads the audience country: Spanish-speaking Colombia.
    assert posts.hashtag_for(channel, "en") == "MigrantesCuentan"
    listing = officer.get("/admin/social/accounts/").content.decode()
    assert "Migrantes Cuentan (Colombia)" in listing
    assert f"/admin/social/accounts/{channel.pk}/" in listing
    # Changed later with the ordinary audience form.
    edited = officer.post(
        f"/admin/social/accounts/{channel.pk}/",
        {
            "display_name": "",
            "language": "es",
            "time_zone": "America/Lima",
            "requires_approval": "on",
        },
    )
    assert edited.status_code == 302
    channel.refresh_from_db()
    assert (channel.language, channel.time_zone) == ("es", "America/Lima")


@pytest.mark.parametrize(
    "group", [roles.CAMPAIGN_APPROVERS, roles.EDITORS, roles.STORY_MODERATORS]
)
def test_roles_that_may_not_add_accounts_may_not_add_a_channel(group: str) -> None:
    client = _member(group, "someone")
    assert _refused(client.get(URL))
    response = client.post(
        URL,
        {
            "platform": "whatsapp",
            "handle": "Sneaky",
            "language": "en",
            "time_zone": "UTC",
        },
    )
    assert _refused(response)
    assert not Account.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "Migrantes 🇨🇴🧑🏽‍🌾 Cuentan",
        "مهاجرون يعدّون \u202eRTL",
        "Z\u0335\u0308\u0301a\u0336\u0303l\u0337\u0310g\u0334\u0311o",
        "<script>alert('x')</script><b>bold</b>",
    ],
)
def test_naughty_channel_names_are_kept_and_shown_escaped(
    officer: Client, name: str
) -> None:
    response = officer.post(
        URL,
        {"platform": "whatsapp", "handle": name, "language": "es", "time_zone": "UTC"},
    )
    assert response.status_code == 302
    assert Account.objects.get().handle == name
    listing = officer.get("/admin/social/accounts/").content.decode()
    assert "<script>alert('x')</script>" not in listing
    if name.startswith("<script>"):
        assert "&lt;script&gt;" in listing


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"handle": "x" * 254}, "at most 253 characters"),
        ({"handle": "   "}, "This field is required"),
        ({"handle": "bell\x07"}, "control characters"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"time_zone": "<b>UTC</b>"}, "Select a valid choice"),
        ({"platform": "bluesky"}, "Select a valid choice"),
        ({"base_url": "javascript:alert(1)"}, "Enter a valid URL"),
    ],
)
def test_bad_channel_input_is_refused_with_a_message(
    officer: Client, values: dict[str, str], message: str
) -> None:
    fields = {
        "platform": "whatsapp",
        "handle": "Canal",
        "language": "es",
        "time_zone": "UTC",
    }
    response = officer.post(URL, fields | values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Account.objects.exists()


def test_a_second_channel_of_the_same_name_is_refused(officer: Client) -> None:
    fields = {
        "platform": "whatsapp",
        "handle": "Canal",
        "language": "es",
        "time_zone": "UTC",
    }
    assert officer.post(URL, fields).status_code == 302
    again = officer.post(URL, fields | {"time_zone": "America/Lima"})
    assert again.status_code == 400
    assert "A channel with this name exists" in again.content.decode()
    assert Account.objects.get().time_zone == "UTC"
