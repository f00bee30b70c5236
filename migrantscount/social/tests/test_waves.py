"""Times entered in a named zone, re-derived when a zone's rules change; waves at
one local time in every audience's zone, spread within the pacing budgets; consent
checked when a wave is made (issue 15)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from migrantscount.social.models import Delivery, Post
from migrantscount.social.platforms.base import Budget
from migrantscount.social.services import posts, waves

from . import factories
from . import testnet as testnet_module

pytestmark = pytest.mark.django_db


def _utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # Washington: EDT (UTC-4) in July, EST (UTC-5) in January.
        ("America/New_York", date(2026, 7, 15), _utc(2026, 7, 15, 22)),
        ("America/New_York", date(2027, 1, 15), _utc(2027, 1, 15, 23)),
        # Santiago: UTC-4 in the southern winter, UTC-3 in summer.
        ("America/Santiago", date(2026, 7, 15), _utc(2026, 7, 15, 22)),
        ("America/Santiago", date(2027, 1, 15), _utc(2027, 1, 15, 21)),
        # Mexico City (no change since 2022), São Paulo (since 2019), Asunción
        # (since October 2024): the same offset all year.
        ("America/Mexico_City", date(2026, 7, 15), _utc(2026, 7, 16, 0)),
        ("America/Mexico_City", date(2027, 1, 15), _utc(2027, 1, 16, 0)),
        ("America/Sao_Paulo", date(2026, 7, 15), _utc(2026, 7, 15, 21)),
        ("America/Sao_Paulo", date(2027, 1, 15), _utc(2027, 1, 15, 21)),
        ("America/Asuncion", date(2026, 7, 15), _utc(2026, 7, 15, 21)),
        ("America/Asuncion", date(2027, 1, 15), _utc(2027, 1, 15, 21)),
    ],
)
def test_18_00_local_is_the_right_instant_across_daylight_saving(
    zone: str, day: date, expected: datetime
) -> None:
    assert waves.local_due_at(day, time(18, 0), zone) == expected


def test_a_time_the_clocks_skip_is_refused_with_a_clear_message() -> None:
    # Washington, 8 March 2026: 02:00 jumps to 03:00.
    with pytest.raises(posts.PostError) as error:
        waves.local_due_at(date(2026, 3, 8), time(2, 30), "America/New_York")
    assert "does not exist" in error.value.messages[0]
    with pytest.raises(posts.PostError):
        waves.local_due_at(date(2026, 3, 8), time(12, 0), "Mars/Olympus")


def test_a_wave_goes_out_at_18_00_in_each_audience_zone(
    testnet: testnet_module.Network,
) -> None:
    washington = factories.account(
        "dc.testnet.example", time_zone="America/New_York", language="en"
    )
    santiago = factories.account(
        "scl.testnet.example", time_zone="America/Santiago", language="es"
    )
    asuncion = factories.account(
        "asu.testnet.example", time_zone="America/Asuncion", language="es"
    )
    post = factories.post(approved=False)
    made = waves.schedule_at_local_time(
        post,
        accounts=[washington, santiago, asuncion],
        local_date=date(2026, 7, 15),
        local_time=time(18, 0),
        spread=True,
    )
    by_handle = {delivery.account.handle: delivery for delivery in made}
    assert by_handle["dc.testnet.example"].due_at == _utc(2026, 7, 15, 22)
    assert by_handle["scl.testnet.example"].due_at == _utc(2026, 7, 15, 22)
    assert by_handle["asu.testnet.example"].due_at == _utc(2026, 7, 15, 21)
    for delivery in Delivery.objects.all():
        assert delivery.local_time == time(18, 0)
        assert delivery.local_date == date(2026, 7, 15)
        assert delivery.time_zone == delivery.account.time_zone


def test_a_wave_is_spread_within_a_small_budget(
    testnet: testnet_module.Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two publications (3 points each) in any hour.
    monkeypatch.setattr(
        testnet_module, "BUDGETS", (Budget("writes", 6, timedelta(hours=1)),)
    )
    account = factories.account(time_zone="America/Sao_Paulo")
    busy = factories.post(approved=False)
    waves.schedule_at_local_time(
        busy,
        accounts=[account],
        local_date=date(2026, 7, 15),
        local_time=time(17, 40),
    )
    waves.schedule_at_local_time(
        factories.post({"en": "Second."}, approved=False),
        accounts=[account],
        local_date=date(2026, 7, 15),
        local_time=time(17, 50),
    )
    wave_post = factories.post({"en": "The wave."}, approved=False)
    (delivery,) = waves.schedule_at_local_time(
        wave_post,
        accounts=[account],
        local_date=date(2026, 7, 15),
        local_time=time(18, 0),
        spread=True,
    )
    # Two already fall in the hour before 18:00: the wave waits until the first
    # of them (17:40) is an hour old.
    assert delivery.due_at == _utc(2026, 7, 15, 21, 40)
    assert delivery.local_time == time(18, 40)
    # Without spreading, the same request keeps 18:00 (the dispatcher would pace).
    (plain,) = waves.schedule_at_local_time(
        factories.post({"en": "Plain."}, approved=False),
        accounts=[account],
        local_date=date(2026, 7, 15),
        local_time=time(18, 0),
    )
    assert plain.due_at == _utc(2026, 7, 15, 21)


def test_a_zone_rule_change_moves_the_instant_not_the_local_time(
    testnet: testnet_module.Network,
) -> None:
    account = factories.account(time_zone="America/Asuncion")
    (delivery,) = waves.schedule_at_local_time(
        factories.post(approved=False),
        accounts=[account],
        local_date=date(2026, 7, 15),
        local_time=time(18, 0),
    )
    # As derived with the tz database before October 2024 (Paraguay's winter at
    # UTC-4): 22:00 UTC. The current database keeps UTC-3 all year.
    old = _utc(2026, 7, 15, 22)
    Delivery.objects.filter(pk=delivery.pk).update(
        due_at=old, next_attempt_at=old, not_after=old + timedelta(hours=6)
    )
    assert waves.rederive_local_times(now=_utc(2026, 7, 1, 0)) == 1
    delivery.refresh_from_db()
    assert delivery.due_at == _utc(2026, 7, 15, 21)
    assert delivery.next_attempt_at == _utc(2026, 7, 15, 21)
    assert delivery.local_time == time(18, 0)
    assert delivery.not_after >= delivery.due_at
    assert waves.rederive_local_times(now=_utc(2026, 7, 1, 0)) == 0


def _wave_accounts() -> list[Any]:
    return [
        factories.account("en1.testnet.example", language="en", time_zone="UTC"),
        factories.account(
            "es1.testnet.example", language="es", time_zone="America/Bogota"
        ),
    ]


def test_a_wave_from_a_story_is_one_post_awaiting_approval(
    testnet: testnet_module.Network,
) -> None:
    story = factories.live_story(submission_row=factories.submission())
    factories.live_story(language="es", translation_of=story, quote="Pan.")
    post = waves.create_wave(
        accounts=_wave_accounts(),
        local_date=date(2026, 7, 15),
        local_time=time(18, 0),
        author=factories.user(),
        story=story,
    )
    assert post.status == Post.Status.AWAITING_APPROVAL
    assert post.deliveries.count() == 2
    assert set(post.texts.values_list("language", flat=True)) == {"en", "es"}
    assert sorted(post.deliveries.values_list("due_at", flat=True)) == [
        _utc(2026, 7, 15, 18),
        _utc(2026, 7, 15, 23),
    ]


def test_a_wave_refuses_a_story_whose_consent_left_out_social_networks(
    testnet: testnet_module.Network,
) -> None:
    story = factories.live_story(
        submission_row=factories.submission(allows_social=False)
    )
    with pytest.raises(posts.PostError) as error:
        waves.create_wave(
            accounts=_wave_accounts(),
            local_date=date(2026, 7, 15),
            local_time=time(18, 0),
            author=factories.user(),
            story=story,
        )
    assert "consent" in error.value.messages[0]
    assert not Post.objects.exists()


def test_rescheduling_sends_an_approved_post_back_and_checks_the_budget(
    testnet: testnet_module.Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        testnet_module, "BUDGETS", (Budget("writes", 3, timedelta(hours=1)),)
    )
    account = factories.account(time_zone="America/Mexico_City")
    post = factories.post()
    (delivery,) = waves.schedule_at_local_time(
        post, accounts=[account], local_date=date(2026, 7, 15), local_time=time(9, 0)
    )
    other = factories.post({"en": "Other."})
    waves.schedule_at_local_time(
        other, accounts=[account], local_date=date(2026, 7, 15), local_time=time(12, 0)
    )
    with pytest.raises(posts.PostError) as error:
        waves.reschedule_at_local_time(
            delivery,
            local_date=date(2026, 7, 15),
            local_time=time(12, 30),
            time_zone="America/Mexico_City",
            user=factories.user(),
        )
    assert "later time" in error.value.messages[0]
    moved = waves.reschedule_at_local_time(
        delivery,
        local_date=date(2026, 7, 16),
        local_time=time(18, 0),
        time_zone="America/Mexico_City",
        user=factories.user(),
    )
    assert moved.due_at == _utc(2026, 7, 17, 0)
    assert moved.local_time == time(18, 0)
    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL


@pytest.fixture
def officer() -> Any:
    from django.contrib.auth.models import Group

    from migrantscount.core.services import roles
    from migrantscount.core.tests.factories import UserFactory

    roles.seed_roles()
    person = UserFactory.create(username="comms")
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


def test_the_calendar_links_each_delivery_to_a_time_form_that_works_without_js(
    officer: Any, testnet: testnet_module.Network
) -> None:
    from django.test import Client

    account = factories.account(time_zone="America/Santiago", language="en")
    post = factories.post()
    (delivery,) = waves.schedule_at_local_time(
        post, accounts=[account], local_date=date(2026, 12, 10), local_time=time(9, 0)
    )
    client = Client()
    client.force_login(officer)
    page = client.get("/admin/social/calendar/?view=week&date=2026-12-10")
    form_url = f"/admin/social/deliveries/{delivery.pk}/time/"
    assert form_url in page.content.decode()
    form = client.get(form_url)
    assert form.status_code == 200
    assert 'type="time"' in form.content.decode()
    assert "09:00" in form.content.decode()
    # A time the clocks skip: refused with the reason, the typed values kept.
    bad = client.post(
        form_url,
        {
            "local_date": "2026-09-06",
            "local_time": "00:30",
            "time_zone": "America/Santiago",
        },
    )
    assert bad.status_code == 400
    assert "does not exist" in bad.content.decode()
    assert 'value="2026-09-06"' in bad.content.decode()
    moved = client.post(
        form_url,
        {
            "local_date": "2026-12-11",
            "local_time": "18:00",
            "time_zone": "America/Santiago",
        },
    )
    assert moved.status_code == 302
    delivery.refresh_from_db()
    assert delivery.due_at == _utc(2026, 12, 11, 21)
    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL


def test_the_wave_form_makes_one_post_for_the_chosen_accounts(
    officer: Any, testnet: testnet_module.Network
) -> None:
    from django.test import Client

    story = factories.live_story(submission_row=factories.submission())
    factories.live_story(language="es", translation_of=story, quote="Pan.")
    chosen = _wave_accounts()
    client = Client()
    client.force_login(officer)
    assert client.get("/admin/social/waves/new/").status_code == 200
    empty = client.post("/admin/social/waves/new/", {"local_time": "18:00"})
    assert empty.status_code == 400
    response = client.post(
        "/admin/social/waves/new/",
        {
            "story": story.pk,
            "accounts": [account.pk for account in chosen],
            "local_date": "2026-12-10",
            "local_time": "18:00",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.status == Post.Status.AWAITING_APPROVAL
    assert sorted(post.deliveries.values_list("due_at", flat=True)) == [
        _utc(2026, 12, 10, 18),
        _utc(2026, 12, 10, 23),
    ]
