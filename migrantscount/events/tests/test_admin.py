"""The Live interviews admin: who reaches it, and a series saved there writes its
occurrences."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from migrantscount.core.services.roles import COMMUNICATIONS_OFFICERS, EDITORS
from migrantscount.events import services
from migrantscount.stories.tests.helpers import user_in

from . import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_an_editor_edits_interviews_but_not_guests(client: Client) -> None:
    series = factories.series()
    services.write_occurrences(series)
    occurrence = series.occurrences.first()
    assert occurrence is not None
    guest = factories.own_consent_guest()
    client.force_login(user_in(EDITORS, "editor"))

    edit = reverse("wagtailsnippets_events_interview:edit", args=[occurrence.pk])
    assert client.get(edit).status_code == 200
    guest_edit = reverse("wagtailsnippets_events_guest:edit", args=[guest.pk])
    assert client.get(guest_edit).status_code in (302, 403)


@time_machine.travel(NOW, tick=False)
def test_a_communications_officer_reaches_guests(client: Client) -> None:
    guest = factories.own_consent_guest()
    client.force_login(user_in(COMMUNICATIONS_OFFICERS, "comms"))
    guest_edit = reverse("wagtailsnippets_events_guest:edit", args=[guest.pk])
    response = client.get(guest_edit)
    assert response.status_code == 200
    # The name is decrypted for the form, never stored in plain text.
    assert "María Pérez" in response.content.decode()


def test_a_guest_is_withdrawn_from_the_admin_after_a_confirmation(
    client: Client,
) -> None:
    from wagtail.models import ModelLogEntry

    from migrantscount.events.models import Guest

    guest = factories.own_consent_guest()
    interview = factories.interview(local_date=datetime(2030, 3, 13, tzinfo=UTC).date())
    services.attach_guest(interview, guest)
    client.force_login(user_in(COMMUNICATIONS_OFFICERS, "comms"))
    edit = reverse("wagtailsnippets_events_guest:edit", args=[guest.pk])
    withdraw = reverse("events_withdraw_guest", args=[guest.pk])
    assert withdraw in client.get(edit).content.decode()
    page = client.get(withdraw)
    assert page.status_code == 200
    assert "1 interview ahead" in page.content.decode()
    assert Guest.objects.get(pk=guest.pk).withdrawn_at is None  # a GET changes nothing
    response = client.post(withdraw)
    assert response.status_code == 302 and response["Location"] == edit
    guest.refresh_from_db()
    assert guest.is_withdrawn and guest.name == "" and guest.contact == ""
    assert not interview.appearances.exists()
    entry = ModelLogEntry.objects.get(action="events.guest_withdrawn")
    assert entry.user_id is not None and "María" not in str(entry.data)
    assert withdraw not in client.get(edit).content.decode()


def test_an_editor_cannot_withdraw_a_guest(client: Client) -> None:
    guest = factories.own_consent_guest()
    client.force_login(user_in(EDITORS, "editor"))
    response = client.post(reverse("events_withdraw_guest", args=[guest.pk]))
    assert response.status_code in (302, 403)
    guest.refresh_from_db()
    assert not guest.is_withdrawn
