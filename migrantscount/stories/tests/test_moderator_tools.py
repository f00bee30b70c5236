"""Moderators can do their job in the tool: the submission view shows the contact,
the guardian and their consent, how consent was obtained and every scope; the queue
is searched by reference and filtered."""

import pytest
from django.test import Client
from django.urls import reverse

from migrantscount.stories.models import Submission

from .factories import SubmissionFactory
from .helpers import moderator

pytestmark = pytest.mark.django_db


def test_the_submission_view_shows_what_follow_up_and_checks_need(
    client: Client,
) -> None:
    submission = SubmissionFactory.create(
        contact="+57 300 555 0101",
        age_bracket="under_18",
        guardian_name="Rosa Pérez",
        has_guardian_consent=True,
        allows_press=True,
        allows_interview=False,
    )
    client.force_login(moderator())
    page = client.get(reverse("stories_admin:submission", args=[submission.pk]))
    html = page.content.decode()
    assert "+57 300 555 0101" in html
    assert "Rosa Pérez" in html
    assert "Given in the online form" in html  # consent method
    assert "Quote to the press" in html and "Appear in a live interview" in html
    assert "A guardian consented" in html or "guardian consented" in html


def test_the_queue_is_searched_by_reference_and_filtered(client: Client) -> None:
    first, second = SubmissionFactory.create(), SubmissionFactory.create()
    Submission.objects.filter(pk=second.pk).update(status="rejected")
    client.force_login(moderator())
    queue = reverse("stories_admin:queue")

    found = client.get(queue, {"q": first.reference.lower(), "status": ""})
    assert first.reference in found.content.decode()
    assert second.reference not in found.content.decode()

    rejected = client.get(queue, {"status": "rejected"}).content.decode()
    assert second.reference in rejected and first.reference not in rejected
    assert 'label for="id_q"' in rejected
