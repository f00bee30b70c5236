"""Mail the app sends: the author's receipt and decision, moderators' batched alerts."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.users.models import UserProfile

from migrantscount.stories import notifications
from migrantscount.stories.models import Submission
from migrantscount.stories.services import moderation

from .factories import SubmissionFactory, form_data
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db


def _html(message: mail.EmailMessage) -> str:
    alternatives = getattr(message, "alternatives", [])
    assert alternatives and alternatives[0][1] == "text/html"
    return str(alternatives[0][0])


def test_spanish_submission_gets_a_spanish_receipt_with_its_status_link(
    client, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    data = form_data(contact="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/stories/share/", data, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302
    status_url = "http://testserver" + response["Location"].split("?")[0]
    assert response["Location"].startswith("/es/stories/status/")
    submission = Submission.objects.get()
    assert submission.language == "es"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.extra_headers["Content-Language"] == "es"
    assert submission.reference in message.subject
    assert "Hemos recibido tu historia" in message.subject
    assert "Gracias por compartir tu historia." in message.body
    assert status_url.replace("http://testserver", "") in message.body
    assert status_url.replace("http://testserver", "") in _html(message)
    # Neither the link nor the contact reaches the log.
    token = response["Location"].split("/")[-2]
    assert token not in caplog.text
    assert "ana@example.org" not in caplog.text


def test_status_link_is_sealed_in_the_queue(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with django_capture_on_commit_callbacks(execute=True):
        receipt = _submit_with_email()
    stored = DBTaskResult.objects.get()
    assert receipt.token not in str(stored.args_kwargs)
    assert mail.outbox == []


def _submit_with_email():
    from migrantscount.stories.services import submissions

    return submissions.submit_story(
        submissions.StoryInput(
            title="A title",
            text="A story long enough to be accepted.",
            name="Ana",
            age_bracket="25_34",
            origin_country="VEN",
            residence_country="COL",
            sector="commerce",
            consent_text=submissions.current_consent_text("en"),
            name_display="anonymous",
            contact="ana@example.org",
        ),
        language="en",
    )


def test_phone_contact_gets_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = SubmissionFactory(contact="+57 300 123 4567")
    assert notifications.email_contact(submission) is None
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject_submission(
            submission, user=moderator(), reason=Submission.RejectionReason.DUPLICATE
        )
    assert mail.outbox == []


def test_no_contact_gets_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SubmissionFactory(contact="")
    assert mail.outbox == []


def test_published_story_is_announced_to_its_author_in_their_language(
    django_capture_on_commit_callbacks,
):
    submission = SubmissionFactory(language="fr", name_display="anonymous")
    story = draft_story(submission, moderator())
    with django_capture_on_commit_callbacks(execute=True):
        approve(story, approver())
    messages = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert len(messages) == 1
    message = messages[0]
    assert message.extra_headers["Content-Language"] == "fr"
    assert submission.reference in message.subject
    assert "publiée" in message.subject
    assert story.get_absolute_url() in message.body
    assert story.get_absolute_url() in _html(message)


def test_declined_story_tells_the_reason_and_never_the_note(
    django_capture_on_commit_callbacks,
):
    submission = SubmissionFactory(language="pt")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject_submission(
            submission,
            user=moderator(),
            reason=Submission.RejectionReason.DUPLICATE,
            note="Internal: same as ABC123",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "pt"
    assert submission.reference in message.subject
    assert "Já temos esta história" in message.body
    assert "Internal" not in message.body
    assert "Internal" not in _html(message)


def test_three_submissions_make_one_alert_per_moderator_without_personal_data():
    spanish = moderator("moderadora")
    profile = UserProfile.get_for_user(spanish)
    profile.preferred_language = "es"
    profile.save()
    english = moderator("moderator")
    submissions = [
        SubmissionFactory(
            name=f"Person{number}",
            title=f"Secret title {number}",
            text=f"Secret story text {number} long enough to be accepted.",
            contact=f"person{number}@example.org",
        )
        for number in range(3)
    ]
    mail.outbox.clear()

    assert notifications.alert_moderators() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [spanish.email, english.email]
    )
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "3 historias nuevas recibidas" in by_recipient[spanish.email].subject
    assert by_recipient[spanish.email].extra_headers["Content-Language"] == "es"
    assert "3 new story submissions" in by_recipient[english.email].subject
    for message in mail.outbox:
        everything = message.subject + message.body + _html(message)
        assert "/admin/stories/moderation/" in everything
        for submission in submissions:
            for private in (
                submission.reference,
                submission.name,
                submission.title,
                submission.text,
                submission.contact,
            ):
                assert private not in everything

    # Nothing new: nothing sent. One more submission: one more batch.
    mail.outbox.clear()
    assert notifications.alert_moderators() == 0
    assert mail.outbox == []
    SubmissionFactory()
    mail.outbox.clear()
    assert notifications.alert_moderators(now=timezone.now() + timedelta(seconds=1))
    assert len(mail.outbox) == 2
    assert "1 new story submission" in by_recipient_subject(mail.outbox, english.email)


def by_recipient_subject(outbox: list[mail.EmailMessage], address: str) -> str:
    return next(str(message.subject) for message in outbox if message.to == [address])
