"""Services: submission, consent checks, withdrawal, retention."""

from datetime import timedelta
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from migrantscount.core.periodic import JOBS
from migrantscount.stories import hooks
from migrantscount.stories.models import Scope, Submission
from migrantscount.stories.photos import process_photo
from migrantscount.stories.services import submissions

from .factories import SubmissionFactory, jpeg_with_gps

pytestmark = pytest.mark.django_db


def _raw(submission: Submission, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM stories_submission WHERE id = %s",  # noqa: S608
            [submission.pk],
        )
        return cursor.fetchone()[0]


def test_personal_fields_are_encrypted_at_rest():
    submission = SubmissionFactory(
        title="Title-plain", text="Story-plain text here", contact="c@example.org"
    )
    for column, plain in [
        ("title", "Title-plain"),
        ("text", "Story-plain text here"),
        ("name", "Ana"),
        ("contact", "c@example.org"),
    ]:
        stored = _raw(submission, column)
        assert stored and plain not in stored
    fresh = Submission.objects.get(pk=submission.pk)
    assert (fresh.title, fresh.contact) == ("Title-plain", "c@example.org")


def test_distance_is_great_circle_between_packaged_country_centres(reference_countries):
    # The reference data's points (countryinfo): Venezuela (8, -66), Colombia (4, -72).
    submission = SubmissionFactory(origin_country="VEN", residence_country="COL")
    assert 790 <= submission.distance_km <= 810
    same = SubmissionFactory(origin_country="MEX", residence_country="MEX")
    assert same.distance_km == 0
    unknown = SubmissionFactory(origin_country="ATA", residence_country="COL")
    assert unknown.distance_km is None
    # No centre point in countryinfo: the reference data falls back to the capital.
    curacao = SubmissionFactory(origin_country="CUW", residence_country="VEN")
    assert curacao.distance_km is not None and 100 <= curacao.distance_km <= 700


def test_token_is_stored_only_as_hash_and_survives_a_secret_key_change(settings):
    receipt = submissions.submit_story(
        submissions.StoryInput(
            title="t",
            text="some text long enough",
            name="",
            age_bracket="25_34",
            origin_country="PER",
            residence_country="CHL",
            sector="health",
            consent_text=submissions.current_consent_text("es"),
            name_display="anonymous",
        ),
        language="es",
        ip_address="192.0.2.7",
    )
    submission = receipt.submission
    assert receipt.token not in str(
        Submission.objects.filter(pk=submission.pk).values()
    )
    assert len(submission.token_hash) == 64
    assert "192.0.2.7" not in submission.ip_hash
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert submissions.find_by_token(receipt.token) == submission
    assert submissions.find_by_token(receipt.token + "x") is None
    assert submission.consent_text.language == "es"


def test_consent_allows_only_what_was_ticked():
    submission = SubmissionFactory(
        allows_website=True, allows_social=False, name_display="anonymous"
    )
    assert submission.consent_allows(Scope.WEBSITE)
    assert not submission.consent_allows("social")
    assert not submission.consent_allows(Scope.PRESS)
    assert not submission.consent_allows(Scope.NAME)
    assert not submission.consent_allows(Scope.PHOTO)  # no photo, no consent
    named = SubmissionFactory(name_display="pseudonym", name="Luz")
    assert named.consent_allows(Scope.NAME)
    with pytest.raises(ValueError):
        named.consent_allows("billboard")


def test_photo_consent_needs_both_the_tick_and_a_photo():
    photo = process_photo(BytesIO(jpeg_with_gps()), size=10_000)
    submission = SubmissionFactory(photo=photo, allows_photo=True)
    assert submission.consent_allows(Scope.PHOTO)


def test_withdrawal_erases_and_nothing_is_allowed_afterwards(settings):
    photo = process_photo(BytesIO(jpeg_with_gps()), size=10_000)
    submission = SubmissionFactory(photo=photo, allows_photo=True, allows_social=True)
    path = settings.STORIES_PRIVATE_MEDIA_ROOT / submission.photo.name
    assert path.exists()

    withdrawn = submissions.withdraw_submission(submission, route="self")

    assert not path.exists()
    fresh = Submission.objects.get(pk=submission.pk)
    assert fresh.status == Submission.Status.WITHDRAWN
    assert fresh.withdrawal_route == "self"
    assert fresh.withdrawn_at is not None
    for name, value in submissions.ERASED_FIELDS.items():
        assert getattr(fresh, name) == value, name
    assert not fresh.photo
    assert not any(fresh.consent_allows(scope) for scope in Scope)
    assert withdrawn.reference == submission.reference


def test_withdrawal_is_idempotent():
    submission = SubmissionFactory()
    first = submissions.withdraw_submission(submission, route="self")
    again = submissions.withdraw_submission(submission, route="staff", reason="phone")
    assert again.withdrawn_at == first.withdrawn_at
    assert again.withdrawal_route == "self"
    assert ModelLogEntry.objects.filter(action=submissions.WITHDRAWN).count() == 1


def test_withdrawal_hooks_run_before_erasure_and_a_failing_hook_rolls_back(
    monkeypatch,
):
    seen = []
    monkeypatch.setattr(hooks, "WITHDRAWAL_HOOKS", [])

    @hooks.on_withdrawal
    def remember(submission: Submission) -> None:
        seen.append((submission.pk, submission.title))

    submission = SubmissionFactory(title="Still here")
    submissions.withdraw_submission(submission, route="self")
    assert seen == [(submission.pk, "Still here")]

    @hooks.on_withdrawal
    def broken(submission: Submission) -> None:
        raise RuntimeError("social network down")

    other = SubmissionFactory(title="Keep me")
    with pytest.raises(RuntimeError):
        submissions.withdraw_submission(other, route="self")
    other.refresh_from_db()
    assert other.status == Submission.Status.SUBMITTED
    assert other.title == "Keep me"


def test_staff_withdrawal_is_audited_without_personal_data(django_user_model):
    staff = django_user_model.objects.create_user("moderator", password="x")
    submission = SubmissionFactory(name="Zelda-unique", contact="z@example.org")
    submissions.withdraw_submission(
        submission, route="staff", reason="phone", user=staff
    )
    entry = ModelLogEntry.objects.get(action=submissions.WITHDRAWN)
    assert entry.user_id == staff.pk
    assert entry.data == {
        "reference": submission.reference,
        "route": "staff",
        "reason": "phone",
    }
    assert "Zelda" not in entry.label and "z@example.org" not in str(entry.data)


def test_decided_submissions_lose_contact_after_retention(settings):
    settings.STORIES_CONTACT_RETENTION_DAYS = 30
    published = SubmissionFactory(contact="pub@example.org")
    rejected = SubmissionFactory(contact="rej@example.org")
    waiting = SubmissionFactory(contact="wait@example.org")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        submissions.record_decision(published, status="published")
        submissions.record_decision(rejected, status="rejected")
    with time_machine.travel(start + timedelta(days=29), tick=False):
        assert submissions.erase_expired_contacts() == 0
    with time_machine.travel(start + timedelta(days=30, minutes=1), tick=False):
        assert submissions.erase_expired_contacts() == 2
        assert submissions.erase_expired_contacts() == 0  # safe to run twice
    expected = [(published, ""), (rejected, ""), (waiting, "wait@example.org")]
    for submission, contact in expected:
        submission.refresh_from_db()
        assert submission.contact == contact
    assert published.ip_hash == "" and waiting.ip_hash != ""
    assert published.title  # the story itself stays


def test_retention_runs_as_periodic_job_and_command(settings):
    settings.STORIES_CONTACT_RETENTION_DAYS = 0
    submission = SubmissionFactory(contact="x@example.org")
    submissions.record_decision(submission, status="rejected")
    assert "erase_expired_contacts" in JOBS
    JOBS["erase_expired_contacts"].func()
    submission.refresh_from_db()
    assert submission.contact == ""
    other = SubmissionFactory(contact="y@example.org")
    submissions.record_decision(other, status="published")
    out = StringIO()
    call_command("erase_expired_contacts", stdout=out)
    assert "Erased contact details of 1 submissions" in out.getvalue()
    other.refresh_from_db()
    assert other.contact == ""


def test_withdrawn_submission_cannot_be_published():
    submission = SubmissionFactory()
    submissions.withdraw_submission(submission, route="self")
    with pytest.raises(ValueError):
        submissions.record_decision(submission, status="published")
