"""Recurring posts: "repeat every N weeks until DATE", each repeat its own delivery
row made ahead over a rolling horizon, at the same local time across daylight
saving, once with two schedulers, stopped with the rule or the post, re-checked for
consent at publish time, part of what approvers approve (issue 15)."""

from __future__ import annotations

import csv
import io
import os
import threading
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection

from migrantscount.social import audit
from migrantscount.social.models import Delivery, Post
from migrantscount.social.services import dispatch, export, posts, recurrence, waves

from . import factories
from .testnet import Network

pytestmark = pytest.mark.django_db
Status = Delivery.Status
NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def _utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _first(post: Post, account: Any, day: date, at: time = time(18, 0)) -> Delivery:
    (delivery,) = waves.schedule_at_local_time(
        post, accounts=[account], local_date=day, local_time=at
    )
    return delivery


def _repeats(post: Post) -> list[Delivery]:
    return list(
        Delivery.objects.filter(post=post, repeat_of__isnull=False).order_by("due_at")
    )


# --- The rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("every_weeks", "until", "message"),
    [
        (0, date(2026, 8, 1), "Repeat every 1 to 52 weeks."),
        (53, date(2026, 8, 1), "Repeat every 1 to 52 weeks."),
        (None, date(2026, 8, 1), "Repeat every 1 to 52 weeks."),
        (2, None, "Give the last date on which the post may be repeated."),
        (2, date(2026, 7, 1), "The until date must be after today (2026-07-01)."),
        (2, date(2025, 1, 1), "The until date must be after today (2026-07-01)."),
        (
            2,
            date(2027, 7, 2),
            "The until date can be at most a year ahead (2027-07-01).",
        ),
    ],
)
def test_a_bad_rule_is_refused_with_a_clear_message(
    every_weeks: int | None, until: date | None, message: str
) -> None:
    post = factories.post(approved=False)
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(posts.PostError) as error:
            recurrence.set_repeat_rule(
                post, every_weeks=every_weeks, until=until, user=factories.user()
            )
    assert message in error.value.messages
    post.refresh_from_db()
    assert post.repeat_every_weeks is None and post.repeat_until is None


def test_a_year_ahead_is_the_last_until_date_allowed() -> None:
    assert (
        recurrence.rule_problems(
            every_weeks=52, until=date(2027, 7, 1), today=date(2026, 7, 1)
        )
        == []
    )
    assert recurrence.one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)


# --- Materialising across daylight saving -----------------------------------------


@pytest.mark.parametrize(
    ("zone", "first_day", "expected"),
    [
        # Washington: EDT (UTC-4) until 1 November 2026, then EST (UTC-5).
        (
            "America/New_York",
            date(2026, 10, 20),
            [_utc(2026, 10, 27, 22), _utc(2026, 11, 3, 23), _utc(2026, 11, 10, 23)],
        ),
        # Santiago: UTC-4 until 6 September 2026, then UTC-3.
        (
            "America/Santiago",
            date(2026, 8, 25),
            [_utc(2026, 9, 1, 22), _utc(2026, 9, 8, 21), _utc(2026, 9, 15, 21)],
        ),
        # São Paulo and Asunción no longer change: UTC-3 all year.
        (
            "America/Sao_Paulo",
            date(2026, 10, 20),
            [_utc(2026, 10, 27, 21), _utc(2026, 11, 3, 21), _utc(2026, 11, 10, 21)],
        ),
        (
            "America/Asuncion",
            date(2026, 10, 20),
            [_utc(2026, 10, 27, 21), _utc(2026, 11, 3, 21), _utc(2026, 11, 10, 21)],
        ),
    ],
)
def test_repeats_keep_the_local_time_across_daylight_saving(
    testnet: Network, zone: str, first_day: date, expected: list[datetime]
) -> None:
    account = factories.account(time_zone=zone)
    post = factories.post(approved=False)
    with time_machine.travel(datetime.combine(first_day, time(9, 0), UTC)):
        _first(post, account, first_day)
        recurrence.set_repeat_rule(
            post,
            every_weeks=1,
            until=first_day + timedelta(weeks=3),
            user=factories.user(),
        )
    repeats = _repeats(post)
    assert [row.due_at for row in repeats] == expected
    assert [row.repeat_number for row in repeats] == [2, 3, 4]
    for row in repeats:
        assert row.local_time == time(18, 0) and row.time_zone == zone
        assert row.occurrence == row.due_at
        assert row.not_after - row.due_at == timedelta(hours=24)
        assert row.repeat_position() == (row.repeat_number, 4)


def test_only_a_rolling_horizon_is_made_and_never_past_the_until_date(
    testnet: Network,
) -> None:
    account = factories.account()
    post = factories.post(approved=False)
    with time_machine.travel(NOW, tick=False):
        first = _first(post, account, date(2026, 7, 2))
        # Every 2 weeks until 5 November: 9 repeats (16 July ... 5 November).
        recurrence.set_repeat_rule(
            post, every_weeks=2, until=date(2026, 11, 5), user=factories.user()
        )
    # Within 30 days: 16 and 30 July.
    assert [row.local_date for row in _repeats(post)] == [
        date(2026, 7, 16),
        date(2026, 7, 30),
    ]
    first = Delivery.objects.select_related("post", "account").get(pk=first.pk)
    assert first.repeat_position() == (1, 10)
    # A month later the job adds what came into the horizon, once.
    assert recurrence.materialise(now=_utc(2026, 8, 1, 0)) == 2
    assert recurrence.materialise(now=_utc(2026, 8, 1, 0)) == 0
    # The job stopped until 1 November: repeats already past their "not after"
    # are not made late; the last one is the until date's (the 19th is not).
    assert recurrence.materialise(now=_utc(2026, 11, 1, 0)) == 1
    assert recurrence.materialise(now=_utc(2027, 1, 1, 0)) == 0
    assert [row.local_date for row in _repeats(post)] == [
        date(2026, 7, 16),
        date(2026, 7, 30),
        date(2026, 8, 13),
        date(2026, 8, 27),
        date(2026, 11, 5),
    ]


def test_a_horizon_always_holds_the_next_two_repeats(testnet: Network) -> None:
    account = factories.account()
    post = factories.post(approved=False)
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 2))
        recurrence.set_repeat_rule(
            post, every_weeks=8, until=date(2027, 6, 1), user=factories.user()
        )
    # 27 August and 22 October: both beyond 30 days, the next two all the same.
    assert [row.local_date for row in _repeats(post)] == [
        date(2026, 8, 27),
        date(2026, 10, 22),
    ]


# --- Two schedulers ---------------------------------------------------------------


def test_two_schedulers_at_once_make_each_repeat_once(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = factories.account()
    post = factories.post(approved=False)
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 2))
        Post.objects.filter(pk=post.pk).update(
            repeat_every_weeks=1, repeat_until=date(2026, 7, 20)
        )
    original = recurrence._within_horizon
    interleaved: list[int] = []

    def other_scheduler_runs_in_between(
        planned: list[recurrence.Planned], now: datetime
    ) -> list[recurrence.Planned]:
        # The first scheduler has read which repeats exist (none); before it
        # writes, a second one runs all the way through.
        if not interleaved:
            interleaved.append(0)
            interleaved[0] = recurrence.materialise(post=post, now=now)
        return original(planned, now)

    monkeypatch.setattr(recurrence, "_within_horizon", other_scheduler_runs_in_between)
    made = recurrence.materialise(post=post, now=NOW)

    assert interleaved == [2]
    assert made == 0
    assert [row.local_date for row in _repeats(post)] == [
        date(2026, 7, 9),
        date(2026, 7, 16),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"),
    reason="real concurrency needs PostgreSQL",
)
def test_racing_scheduler_threads_make_each_repeat_once(testnet: Network) -> None:
    assert connection.vendor == "postgresql"
    account = factories.account()
    post = factories.post(approved=False)
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 2))
    Post.objects.filter(pk=post.pk).update(
        repeat_every_weeks=1, repeat_until=date(2026, 7, 30)
    )
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def scheduler() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            recurrence.materialise(now=NOW)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=scheduler) for _n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [row.repeat_number for row in _repeats(post)] == [2, 3, 4, 5]


# --- Stopping ---------------------------------------------------------------------


def test_removing_the_rule_cancels_what_is_not_out_and_keeps_what_is(
    testnet: Network,
) -> None:
    account = factories.account()
    post = factories.post(approved=False)
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 1), time(12, 0))
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 7, 29), user=factories.user()
        )
    posts.approve_post(post, approver=factories.approver())
    with time_machine.travel(_utc(2026, 7, 8, 12, 1), tick=False):
        dispatch.forget_holds()
        dispatch.run_once("w1")
        dispatch.forget_holds()
        dispatch.run_once("w1")
        published = [r for r in _repeats(post) if r.status == Status.PUBLISHED]
        assert [row.repeat_number for row in published] == [2]
        recurrence.stop_repeating(post, user=factories.user())
        assert recurrence.materialise() == 0
    statuses = {row.repeat_number or 0: row.status for row in _repeats(post)}
    assert statuses[2] == Status.PUBLISHED
    assert {statuses[n] for n in statuses if n > 2} == {Status.CANCELLED}
    post.refresh_from_db()
    assert not post.repeats and post.status == Post.Status.APPROVED


def test_cancelling_the_post_stops_its_repeats(testnet: Network) -> None:
    account = factories.account()
    post = factories.post(approved=False)
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 2))
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 12, 1), user=factories.user()
        )
        posts.cancel_post(post, user=factories.user())
    assert {row.status for row in _repeats(post)} == {Status.CANCELLED}
    count = len(_repeats(post))
    assert recurrence.materialise(now=_utc(2026, 9, 1, 0)) == 0
    assert len(_repeats(post)) == count


def test_changing_the_rule_replaces_pending_repeats_and_can_bring_them_back(
    testnet: Network,
) -> None:
    account = factories.account()
    post = factories.post(approved=False)
    user = factories.user()
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 2))
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 7, 23), user=user
        )
        weekly = {row.local_date: row.pk for row in _repeats(post)}
        recurrence.set_repeat_rule(
            post, every_weeks=2, until=date(2026, 7, 23), user=user
        )
        live = [row for row in _repeats(post) if row.status == Status.SCHEDULED]
        assert [(row.local_date, row.repeat_number) for row in live] == [
            (date(2026, 7, 16), 2)
        ]
        # The kept row is the same row (renumbered), not a new one.
        assert live[0].pk == weekly[date(2026, 7, 16)]
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 7, 23), user=user
        )
    live = [row for row in _repeats(post) if row.status == Status.SCHEDULED]
    assert [(row.local_date, row.repeat_number) for row in live] == [
        (date(2026, 7, 9), 2),
        (date(2026, 7, 16), 3),
        (date(2026, 7, 23), 4),
    ]
    assert {row.pk for row in live} == set(weekly.values())


def test_moving_one_occurrence_moves_only_that_one(testnet: Network) -> None:
    account = factories.account(time_zone="America/New_York")
    post = factories.post(approved=False)
    user = factories.user()
    with time_machine.travel(NOW, tick=False):
        first = _first(post, account, date(2026, 7, 2))
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 7, 30), user=user
        )
        before = [(row.pk, row.due_at) for row in _repeats(post)]
        waves.reschedule_at_local_time(
            first,
            local_date=date(2026, 7, 3),
            local_time=time(18, 0),
            time_zone="America/New_York",
            user=user,
        )
        (second, *_rest) = _repeats(post)
        waves.reschedule_at_local_time(
            second,
            local_date=date(2026, 7, 10),
            local_time=time(9, 0),
            time_zone="America/New_York",
            user=user,
        )
        assert recurrence.materialise(now=_utc(2026, 7, 5, 0)) == 0
    rows = _repeats(post)
    # The series keeps its dates: no repeat made again for a moved occurrence.
    assert [row.local_date for row in rows] == [
        date(2026, 7, 10),
        date(2026, 7, 16),
        date(2026, 7, 23),
        date(2026, 7, 30),
    ]
    assert [row.pk for row in rows] == [pk for pk, _due in before]
    assert rows[0].due_at == _utc(2026, 7, 10, 13)


# --- Networks that refuse the same text twice ------------------------------------


def test_x_is_refused_a_repeating_post(testnet: Network) -> None:
    x_account = factories.account("campaign_x", platform="x", base_url="https://x.com")
    post = factories.post({"en": "Migrants count."}, approved=False)
    with time_machine.travel(NOW, tick=False):
        posts.schedule_post(post, accounts=[x_account], due_at=_utc(2026, 7, 2, 18))
        with pytest.raises(posts.PostError) as error:
            recurrence.set_repeat_rule(
                post, every_weeks=1, until=date(2026, 8, 1), user=factories.user()
            )
        assert "refuses a text the account already posted" in error.value.messages[0]
        other = factories.post({"en": "Other."}, approved=False)
        recurrence.set_repeat_rule(
            other, every_weeks=1, until=date(2026, 8, 1), user=factories.user()
        )
        with pytest.raises(posts.PostError):
            posts.schedule_post(
                other, accounts=[x_account], due_at=_utc(2026, 7, 2, 18)
            )
    assert not Delivery.objects.filter(post=other).exists()


# --- Approval ---------------------------------------------------------------------


def test_setting_or_changing_the_rule_after_approval_sends_the_post_back(
    testnet: Network,
) -> None:
    account = factories.account()
    post = factories.post()
    assert post.status == Post.Status.APPROVED
    user = factories.user()
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 2))
        post.refresh_from_db()
        assert post.status == Post.Status.APPROVED
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 7, 20), user=user
        )
        post.refresh_from_db()
        assert post.status == Post.Status.AWAITING_APPROVAL
        # Nothing of it goes out while it waits.
    with time_machine.travel(_utc(2026, 7, 9, 22, 1), tick=False):
        dispatch.forget_holds()
        assert dispatch.run_once("w1").published == 0
    posts.approve_post(post, approver=factories.approver())
    with time_machine.travel(NOW, tick=False):
        recurrence.set_repeat_rule(
            post, every_weeks=2, until=date(2026, 7, 20), user=user
        )
    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL
    actions = _log(post)
    assert actions.count(audit.POST_REPEAT_SET) == 2
    assert actions.count(audit.POST_BACK_TO_APPROVAL) == 2


def _log(post: Post) -> list[str]:
    from wagtail.models import ModelLogEntry

    return list(
        ModelLogEntry.objects.for_instance(post).values_list("action", flat=True)
    )


# --- Consent at publish time ------------------------------------------------------


def test_consent_narrowed_cancels_later_repeats_and_takes_down_earlier_ones(
    testnet: Network,
) -> None:
    submission = factories.submission()
    story = factories.live_story(submission_row=submission)
    post = posts.create_story_post(story, author=factories.user())
    account = factories.account()
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 1), time(12, 5))
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 7, 29), user=factories.user()
        )
    posts.approve_post(post, approver=factories.approver())
    first = Delivery.objects.get(post=post, repeat_of__isnull=True)
    with time_machine.travel(_utc(2026, 7, 1, 12, 6), tick=False):
        dispatch.forget_holds()
        assert dispatch.run_once("w1").published == 1
    assert len(testnet.posts) == 1
    # "Stop sharing my story on social networks" without any hook telling social.
    type(submission).objects.filter(pk=submission.pk).update(allows_social=False)
    with time_machine.travel(_utc(2026, 7, 8, 12, 6), tick=False):
        dispatch.forget_holds()
        result = dispatch.run_once("w1")
        assert result.published == 0 and result.cancelled == 1
        first.refresh_from_db()
        assert first.status == Status.DELETE_PENDING
        dispatch.forget_holds()
        assert dispatch.run_once("w1").deleted == 1
        # The job makes no more repeats of a post taken down.
        assert recurrence.materialise() == 0
    assert {row.status for row in _repeats(post)} == {Status.CANCELLED}
    assert testnet.posts == {}
    assert testnet.count("publish") == 1
    post.refresh_from_db()
    assert post.status == Post.Status.CANCELLED


def test_an_erased_story_stops_every_later_repeat(testnet: Network) -> None:
    submission = factories.submission()
    story = factories.live_story(submission_row=submission)
    post = posts.create_story_post(story, author=factories.user())
    account = factories.account()
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 1), time(12, 5))
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 7, 29), user=factories.user()
        )
    posts.approve_post(post, approver=factories.approver())
    # The stories app erased the withdrawn story's rows (no hook told social).
    Post.objects.filter(pk=post.pk).update(story=None)
    with time_machine.travel(_utc(2026, 7, 1, 12, 6), tick=False):
        dispatch.forget_holds()
        dispatch.run_once("w1")
    assert set(post.deliveries.values_list("status", flat=True)) == {Status.CANCELLED}
    assert testnet.count("publish") == 0
    post.refresh_from_db()
    assert post.takedown_reason == "consent_withdrawn"


# --- Export pack and calendar ----------------------------------------------------


def test_the_export_pack_holds_a_repeat_of_that_day(testnet: Network) -> None:
    channel = factories.account(
        "wa-es", platform="whatsapp", language="es", time_zone="America/Bogota"
    )
    post = factories.post({"es": "Cuentan."}, approved=False)
    with time_machine.travel(NOW, tick=False):
        _first(post, channel, date(2026, 7, 2))
        recurrence.set_repeat_rule(
            post, every_weeks=1, until=date(2026, 7, 20), user=factories.user()
        )
    posts.approve_post(post, approver=factories.approver())
    archive = zipfile.ZipFile(io.BytesIO(export.build_pack(day=date(2026, 7, 9))))
    rows = list(csv.DictReader(io.StringIO(archive.read("schedule.csv").decode())))
    assert [(row["local_time"], row["account"]) for row in rows] == [
        ("2026-07-09 18:00", "wa-es")
    ]
    assert archive.read(rows[0]["text_file"]).decode().startswith("Cuentan.")


# --- The post page, the calendar and the history ----------------------------------


@pytest.fixture
def officer() -> Any:
    from django.contrib.auth.models import Group

    from migrantscount.core.services import roles
    from migrantscount.core.tests.factories import UserFactory

    roles.seed_roles()
    person = UserFactory(username="comms")  # type: ignore[no-untyped-call]
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


NAUGHTY = [
    ({"every_weeks": "abc", "until": "2026-08-01"}, "Enter a whole number."),
    ({"every_weeks": "-1", "until": "2026-08-01"}, "greater than or equal to 1"),
    ({"every_weeks": "9" * 40, "until": "2026-08-01"}, "less than or equal to 52"),
    ({"every_weeks": "2", "until": "2026-02-30"}, "Enter a valid date."),
    ({"every_weeks": "2", "until": "<script>alert(1)</script>"}, "valid date"),
    ({"every_weeks": "2\u202e", "until": "🙂"}, "Enter a valid date."),
    ({"every_weeks": "2", "until": ""}, "This field is required."),
    ({"every_weeks": "2", "until": "2026-06-30"}, "must be after today"),
    ({"every_weeks": "2", "until": "2030-01-01"}, "at most a year ahead"),
]


@pytest.mark.parametrize(("data", "message"), NAUGHTY)
def test_the_repeat_form_refuses_naughty_input_with_a_message(
    officer: Any, testnet: Network, data: dict[str, str], message: str
) -> None:
    from django.test import Client

    post = factories.post(approved=False)
    client = Client()
    client.force_login(officer)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            f"/admin/social/posts/{post.pk}/", {"action": "repeat", **data}
        )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()
    post.refresh_from_db()
    assert not post.repeats


def test_the_repeat_form_in_spanish(officer: Any, testnet: Network) -> None:
    from django.test import Client

    post = factories.post(approved=False)
    client = Client(headers={"accept-language": "es"})
    client.force_login(officer)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            f"/admin/social/posts/{post.pk}/",
            {"action": "repeat", "every_weeks": "2", "until": "2026-06-01"},
        )
    assert response.status_code == 400
    assert "La fecha final debe ser posterior a hoy" in response.content.decode()


def test_a_rule_set_on_the_post_page_shows_on_the_calendar_and_history(
    officer: Any, testnet: Network
) -> None:
    from django.test import Client

    account = factories.account("bogota", language="es", time_zone="America/Bogota")
    post = factories.post({"es": "Cuentan."}, approved=False)
    client = Client()
    client.force_login(officer)
    with time_machine.travel(NOW, tick=False):
        _first(post, account, date(2026, 7, 2))
        saved = client.post(
            f"/admin/social/posts/{post.pk}/",
            {"action": "repeat", "every_weeks": "1", "until": "2026-07-23"},
        )
        assert saved.status_code == 302
        page = client.get(f"/admin/social/posts/{post.pk}/").content.decode()
        assert "Repeats every week until" in page
        assert "repeat 2 of 4" in page
        calendar = client.get(
            "/admin/social/calendar/?view=week&date=2026-07-09"
        ).content.decode()
        assert "repeat 2 of 4" in calendar
        assert "18:00" in calendar
        stopped = client.post(
            f"/admin/social/posts/{post.pk}/", {"action": "stop_repeating"}
        )
        assert stopped.status_code == 302
        history = client.get(f"/admin/social/posts/{post.pk}/history/").content.decode()
    assert "Set the repeat rule of a social post" in history
    assert "every week until 2026-07-23 (was no repeat)" in history
    assert "Stop repeating a social post" in history
    assert "was every week until 2026-07-23; 3 repeats not out yet cancelled" in (
        history
    )
