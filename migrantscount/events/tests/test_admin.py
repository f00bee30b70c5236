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
