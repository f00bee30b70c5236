"""Unpublished submissions are deleted when the privacy notice says, and the notice's
numbers are the job's settings."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from migrantscount.core.periodic import JOBS
from migrantscount.pages.demo import content_legal
from migrantscount.stories import retention
from migrantscount.stories.models import Submission
from migrantscount.stories.services import submissions

from .factories import SubmissionFactory, processed_photo

pytestmark = pytest.mark.django_db


def test_unpublished_submissions_are_deleted_twelve_months_after_receipt(settings):
    settings.STORIES_UNPUBLISHED_RETENTION_DAYS = 365
    year_ago = timezone.now() - timedelta(days=366)
    with time_machine.travel(year_ago, tick=False):
        never_handled = SubmissionFactory(photo=processed_photo())
        declined = SubmissionFactory()
        published = SubmissionFactory()
    submissions.record_decision(declined, status="rejected")
    submissions.record_decision(published, status="published")
    recent = SubmissionFactory()
    photo = settings.STORIES_PRIVATE_MEDIA_ROOT / never_handled.photo.name
    assert photo.exists()

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert retention.delete_expired_unpublished() == 2

    remaining = set(Submission.objects.values_list("pk", flat=True))
    assert remaining == {published.pk, recent.pk}
    assert not photo.exists()
    assert "delete_expired_unpublished" in JOBS


@pytest.mark.parametrize(
    ("language", "months", "days"),
    [
        ("en", r"(\d+) months after they are received", r"(\d+) days after"),
        ("es", r"(\d+) meses después de su", r"(\d+) días después"),
        ("fr", r"(\d+) mois après", r"(\d+) jours après"),
        ("pt", r"(\d+) meses após o", r"(\d+) dias após"),
    ],
)
def test_the_notice_states_the_periods_the_jobs_use(settings, language, months, days):
    settings.STORIES_UNPUBLISHED_RETENTION_DAYS = 730
    settings.STORIES_CONTACT_RETENTION_DAYS = 60
    text = content_legal.retention_item(language)
    periods = retention.retention_days()
    assert int(re.search(months, text).group(1)) * 30.4 == pytest.approx(
        periods["unpublished"], abs=16
    )
    assert int(re.search(days, text).group(1)) == periods["contact"] == 60


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_the_privacy_notice_carries_that_text(language):
    assert content_legal.retention_item(language) in str(content_legal.PRIVACY)
    assert "twelve" not in str(content_legal.PRIVACY)


def test_the_notice_promises_no_preview_that_nothing_shows():
    text = str(content_legal.PRIVACY)
    for promise in (
        "shown the version",
        "se le muestra la versión",
        "la version qui paraîtra vous est montrée",
        "você vê a versão",
    ):
        assert promise not in text
