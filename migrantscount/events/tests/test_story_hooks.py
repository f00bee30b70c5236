"""A story's withdrawal or narrowed consent reaches its interview guests."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from migrantscount.events import services
from migrantscount.events.models import Guest, GuestScope
from migrantscount.social.tests import factories as social_factories
from migrantscount.stories.models import Scope
from migrantscount.stories.services.submissions import (
    narrow_consent,
    withdraw_submission,
)

from . import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def story_guest(**values: object) -> tuple[object, Guest]:
    submission = social_factories.submission(allows_interview=True)
    story = social_factories.live_story(submission_row=submission)
    guest = Guest(story=story, language="es", name="Ana Díaz", contact="ana@x.org")
    for name, value in values.items():
        setattr(guest, name, value)
    guest.full_clean()
    guest.save()
    assert guest.story_submission_id == submission.pk
    return submission, guest


@time_machine.travel(NOW, tick=False)
def test_withdrawing_the_story_withdraws_the_guest_it_was_the_basis_of() -> None:
    submission, guest = story_guest()
    ahead = factories.interview()
    services.attach_guest(ahead, guest)

    withdraw_submission(submission, route="self")  # type: ignore[arg-type]

    guest.refresh_from_db()
    assert guest.withdrawn_at is not None
    assert (guest.name, guest.contact, guest.story_id) == ("", "", None)
    assert not ahead.appearances.exists()


@time_machine.travel(NOW, tick=False)
def test_a_guest_with_their_own_consent_keeps_it() -> None:
    submission, guest = story_guest(
        consent_text=factories.consent_text(),
        consent_method="written",
        consent_given_at=NOW,
        allows_live=True,
    )
    withdraw_submission(submission, route="self")  # type: ignore[arg-type]
    guest.refresh_from_db()
    assert guest.withdrawn_at is None
    assert guest.story_id is None
    assert guest.consent_allows(GuestScope.LIVE)


@time_machine.travel(NOW, tick=False)
def test_removing_the_interview_from_the_consent_removes_the_guest_ahead() -> None:
    submission, guest = story_guest()
    past = factories.interview(local_date=date(2027, 2, 1))
    ahead = factories.interview()
    services.attach_guest(past, guest)
    services.attach_guest(ahead, guest)

    narrow_consent(submission, scopes=[Scope.INTERVIEW], route="self")  # type: ignore[arg-type]

    assert not ahead.appearances.exists()
    assert past.appearances.exists()
    guest.refresh_from_db()
    assert not guest.consent_allows(GuestScope.LIVE)
