"""The post page's scheduling form: a local date and time in a named IANA zone (by
default each account audience's), kept on the deliveries with `due_at` derived by
the same helpers as waves and the calendar; a time the clocks skip is refused next
to the field; the viewer's zone is shown beside the account's (issue 15)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.users.models import UserProfile

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.models import Delivery, Post
from migrantscount.social.services import waves

from . import factories
from . import testnet as testnet_module

pytestmark = pytest.mark.django_db


def _utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def officer() -> Any:
    roles.seed_roles()
    person = UserFactory.create(username="comms")
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _schedule(client: Client, post: Post, **values: Any) -> Any:
    return client.post(
        f"/admin/social/posts/{post.pk}/", {"action": "schedule", **values}
    )


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        ("America/New_York", "2026-07-15", _utc(2026, 7, 15, 22)),
        ("America/New_York", "2027-01-15", _utc(2027, 1, 15, 23)),
        ("America/Santiago", "2026-07-15", _utc(2026, 7, 15, 22)),
        ("America/Santiago", "2027-01-15", _utc(2027, 1, 15, 21)),
        ("America/Mexico_City", "2026-07-15", _utc(2026, 7, 16, 0)),
        ("America/Mexico_City", "2027-01-15", _utc(2027, 1, 16, 0)),
        ("America/Sao_Paulo", "2026-07-15", _utc(2026, 7, 15, 21)),
        ("America/Sao_Paulo", "2027-01-15", _utc(2027, 1, 15, 21)),
        ("America/Asuncion", "2026-07-15", _utc(2026, 7, 15, 21)),
        ("America/Asuncion", "2027-01-15", _utc(2027, 1, 15, 21)),
    ],
)
def test_the_post_page_reads_18_00_in_the_accounts_zone_across_daylight_saving(
    officer: Any,
    testnet: testnet_module.Network,
    zone: str,
    day: str,
    expected: datetime,
) -> None:
    account = factories.account(time_zone=zone)
    post = factories.post(approved=False)
    response = _schedule(
        _client(officer), post, accounts=[account.pk], date=day, time="18:00"
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.due_at == expected
    assert (delivery.local_date, delivery.local_time, delivery.time_zone) == (
        date.fromisoformat(day),
        time(18, 0),
        zone,
    )


def test_a_chosen_zone_is_used_for_every_account_and_kept(
    officer: Any, testnet: testnet_module.Network
) -> None:
    mexico = factories.account("mx", time_zone="America/Mexico_City")
    lima = factories.account("pe", time_zone="America/Lima")
    post = factories.post(approved=False)
    response = _schedule(
        _client(officer),
        post,
        accounts=[mexico.pk, lima.pk],
        date="2026-12-10",
        time="09:30",
        time_zone="America/Santiago",
    )
    assert response.status_code == 302
    rows = Delivery.objects.all()
    assert {row.due_at for row in rows} == {_utc(2026, 12, 10, 12, 30)}
    assert {row.time_zone for row in rows} == {"America/Santiago"}


def test_a_post_page_time_is_derived_again_when_the_zones_rules_change(
    officer: Any, testnet: testnet_module.Network
) -> None:
    account = factories.account(time_zone="America/Asuncion")
    post = factories.post(approved=False)
    _schedule(
        _client(officer), post, accounts=[account.pk], date="2030-01-15", time="18:00"
    )
    # As if scheduled under the old rule (UTC-3 in summer was also DST's offset;
    # simulate an hour's drift).
    Delivery.objects.update(due_at=_utc(2030, 1, 15, 22))
    assert waves.rederive_local_times(now=_utc(2030, 1, 1, 0)) == 1
    assert Delivery.objects.get().due_at == _utc(2030, 1, 15, 21)


def test_a_time_the_clocks_skip_is_refused_next_to_the_time_field(
    officer: Any, testnet: testnet_module.Network
) -> None:
    santiago = factories.account("cl", time_zone="America/Santiago")
    washington = factories.account("dc", time_zone="America/New_York")
    post = factories.post(approved=False)
    client = _client(officer)
    # Washington, 8 March 2026: 02:00 jumps to 03:00.
    response = _schedule(
        client, post, accounts=[washington.pk], date="2026-03-08", time="02:30"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "does not exist on 2026-03-08 in America/New_York" in html
    assert 'id="id_time-error"' in html or "error-message" in html
    assert 'value="2026-03-08"' in html
    # Santiago, 6 September 2026: 00:00 jumps to 01:00.
    response = _schedule(
        client, post, accounts=[santiago.pk], date="2026-09-06", time="00:30"
    )
    assert response.status_code == 400
    assert "America/Santiago" in response.content.decode()
    assert not Delivery.objects.exists()


def test_the_viewers_zone_is_offered_and_shown_beside_the_accounts(
    officer: Any, testnet: testnet_module.Network
) -> None:
    profile = UserProfile.get_for_user(officer)
    profile.current_time_zone = "America/Sao_Paulo"
    profile.save()
    account = factories.account(time_zone="America/Bogota")
    post = factories.post(approved=False)
    client = _client(officer)
    html = client.get(f"/admin/social/posts/{post.pk}/").content.decode()
    assert "Yours: America/Sao_Paulo" in html
    assert "Your time zone is America/Sao_Paulo" in html
    _schedule(client, post, accounts=[account.pk], date="2026-12-10", time="18:00")
    html = client.get(f"/admin/social/posts/{post.pk}/").content.decode()
    # 18:00 in Bogotá (UTC-5) is 20:00 in São Paulo (UTC-3).
    assert "(America/Bogota)" in html
    assert "12/10/2026 8 p.m. yours (America/Sao_Paulo)" in html
    assert "12/10/2026 6 p.m. (America/Bogota)" in html


def test_an_approved_post_scheduled_to_accounts_in_several_zones_stays_approved(
    officer: Any, testnet: testnet_module.Network
) -> None:
    quito = factories.account("ec", time_zone="America/Guayaquil")
    toronto = factories.account("ca", time_zone="America/Toronto")
    post = factories.post(approved=True, author=officer)
    client = _client(officer)
    _schedule(
        client,
        post,
        accounts=[quito.pk, toronto.pk],
        date="2026-12-10",
        time="18:00",
    )
    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert Delivery.objects.count() == 2
    # Adding an account afterwards is a change to what was approved.
    lima = factories.account("pe", time_zone="America/Lima")
    _schedule(client, post, accounts=[lima.pk], date="2026-12-10", time="18:00")
    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL


def test_not_after_hours_is_counted_from_the_local_time(
    officer: Any, testnet: testnet_module.Network
) -> None:
    account = factories.account(time_zone="America/Mexico_City")
    post = factories.post(approved=False)
    _schedule(
        _client(officer),
        post,
        accounts=[account.pk],
        date="2026-12-10",
        time="18:00",
        not_after_hours="2",
    )
    delivery = Delivery.objects.get()
    assert delivery.not_after == _utc(2026, 12, 11, 2)


@pytest.mark.parametrize(
    "values",
    [
        {"time_zone": "Mars/Olympus"},
        {"time_zone": "<script>alert(1)</script>"},
        {"time_zone": "America/Bogota\u202e"},
        {"time_zone": "🏳️‍🌈" * 500},
        {"time": "25:00"},
        {"time": "1\u0335\u0308\u03018:00"},
        {"date": "2026-02-30"},
        {"date": "x" * 10000},
        {"not_after_hours": "<b>2</b>"},
    ],
)
def test_naughty_schedule_input_is_refused_clearly(
    officer: Any, testnet: testnet_module.Network, values: dict[str, str]
) -> None:
    account = factories.account(time_zone="America/Bogota")
    post = factories.post(approved=False)
    fields = {"accounts": [account.pk], "date": "2026-12-10", "time": "18:00"}
    response = _schedule(_client(officer), post, **(fields | values))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "error-message" in html
    assert not Delivery.objects.exists()


def test_a_date_in_arabic_indic_digits_is_read_as_that_date(
    officer: Any, testnet: testnet_module.Network
) -> None:
    account = factories.account(time_zone="America/Bogota")
    post = factories.post(approved=False)
    response = _schedule(
        _client(officer),
        post,
        accounts=[account.pk],
        date="\u0662\u0660\u0662\u0666-12-10",
        time="18:00",
    )
    assert response.status_code == 302
    assert Delivery.objects.get().local_date == date(2026, 12, 10)
