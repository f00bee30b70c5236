"""A backup restored after a withdrawal does not bring the story back: the erasure
ledger outside the database is replayed (core.services.ledger, withdrawal_ledger.py)."""

import pytest
from django.db import connection

from migrantscount.core.lib import crypto
from migrantscount.core.services import ledger
from migrantscount.core.services.backups import backup_site, restore_site
from migrantscount.stories.models import Submission
from migrantscount.stories.services import submissions

from .factories import SubmissionFactory, processed_photo

pytestmark = pytest.mark.skipif(
    connection.vendor not in {"sqlite", "postgresql"},
    reason="needs SQLite or PostgreSQL",
)


@pytest.fixture
def backup_dirs(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.MIGRANTSCOUNT_BACKUP_DIR = tmp_path / "var" / "backups"


def test_withdrawal_after_a_backup_stays_withdrawn_after_restore(
    transactional_db, backup_dirs, settings
) -> None:
    kept = SubmissionFactory.create(
        text="Kept story, long enough to be accepted.", photo=processed_photo()
    )
    gone = SubmissionFactory.create(
        text="Withdrawn story, long enough to be accepted.",
        contact="gone@example.org",
        photo=processed_photo(),
    )
    kept_photo, gone_photo = kept.photo.name, gone.photo.name
    archive = backup_site()

    submissions.withdraw_submission(gone, route="self")
    assert [entry.record_id for entry in ledger.read_entries()] == [gone.pk]

    restore_site(archive)

    gone = Submission.objects.get(pk=gone.pk)
    assert gone.is_withdrawn
    assert gone.text == "" and gone.contact == "" and not gone.photo
    assert not (settings.STORIES_PRIVATE_MEDIA_ROOT / gone_photo).exists()
    # The story that was not withdrawn is back whole: encrypted rows and photo.
    kept = Submission.objects.get(pk=kept.pk)
    assert kept.text == "Kept story, long enough to be accepted."
    assert kept.contact == "ana@example.org"
    photo = settings.STORIES_PRIVATE_MEDIA_ROOT / kept_photo
    assert crypto.decrypt_bytes(photo.read_bytes())[:2] == b"\xff\xd8"  # a JPEG
    # Replaying again changes nothing and adds no entry.
    assert ledger.replay_ledger() == 0
    assert len(ledger.read_entries()) == 1


def test_the_ledger_holds_ids_and_times_but_no_content(
    db, backup_dirs, django_capture_on_commit_callbacks
) -> None:
    submission = SubmissionFactory.create(
        title="Secret title", name="Ana", contact="ana-ledger@example.org"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submissions.withdraw_submission(submission, route="self")
    assert not ledger.ledger_path().exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    text = ledger.ledger_path().read_text()
    assert f'"record_id": {submission.pk}' in text
    for content in ("Secret title", "Ana", "ana-ledger", submission.reference):
        assert content not in text


def test_narrowed_consent_after_a_backup_stays_narrowed_after_restore(
    transactional_db, backup_dirs
) -> None:
    submission = SubmissionFactory.create(
        allows_social=True, allows_press=True, allows_interview=True
    )
    other = SubmissionFactory.create(allows_social=True)
    archive = backup_site()

    submissions.narrow_consent(submission, scopes=["social", "press"], route="self")
    entries = ledger.read_entries()
    assert sorted(entry.kind for entry in entries) == [
        "stories.consent_narrowed.press",
        "stories.consent_narrowed.social",
    ]
    assert {entry.record_id for entry in entries} == {submission.pk}
    text = ledger.ledger_path().read_text()
    assert submission.reference not in text and "Ana" not in text

    restore_site(archive)

    submission = Submission.objects.get(pk=submission.pk)
    assert not submission.consent_allows("social")
    assert not submission.consent_allows("press")
    assert submission.consent_allows("interview")  # not taken back: kept
    assert submission.consent_allows("website") and not submission.is_withdrawn
    assert Submission.objects.get(pk=other.pk).consent_allows("social")
    # Replaying again changes nothing and adds no entry.
    assert ledger.replay_ledger() == 0
    assert len(ledger.read_entries()) == 2


def test_a_later_narrowing_of_the_same_story_is_recorded_too(
    transactional_db, backup_dirs
) -> None:
    submission = SubmissionFactory.create(allows_social=True, allows_press=True)
    submissions.narrow_consent(submission, scopes=["social"], route="self")
    archive = backup_site()
    submissions.narrow_consent(submission, scopes=["press"], route="staff")

    restore_site(archive)

    submission = Submission.objects.get(pk=submission.pk)
    assert not submission.consent_allows("press")
    press = [e for e in ledger.read_entries() if e.kind.endswith(".press")]
    assert [entry.details["route"] for entry in press] == ["staff"]
