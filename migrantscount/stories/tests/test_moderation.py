import pytest

from migrantscount.stories.models import Story, Submission
from migrantscount.stories.services import moderation

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db


def test_story_is_a_draft_in_the_workflow_until_approved():
    submission = SubmissionFactory(name_display="anonymous")
    story = draft_story(submission, moderator())
    assert story.live is False
    assert story.current_workflow_state is not None
    assert story.current_workflow_state.workflow.name == moderation.WORKFLOW_NAME
    submission.refresh_from_db()
    assert submission.status == Submission.Status.IN_REVIEW
    assert not Story.objects.public().exists()

    story = approve(story, approver())
    assert story.live is True
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PUBLISHED
    assert submission.decided_at is not None


def test_no_story_without_website_consent():
    submission = SubmissionFactory(allows_website=False)
    with pytest.raises(moderation.ModerationError):
        draft_story(submission, moderator())
    assert not Story.objects.exists()


def test_name_needs_name_consent():
    submission = SubmissionFactory(name_display="anonymous")
    with pytest.raises(moderation.ModerationError):
        draft_story(submission, moderator(), name_display="Ana")
    assert not Story.objects.exists()


def test_photo_needs_photo_consent(settings):
    from .factories import processed_photo

    photo = processed_photo()
    submission = SubmissionFactory(photo=photo, allows_photo=False)
    with pytest.raises(moderation.ModerationError):
        draft_story(submission, moderator(), use_photo=True)
    assert not Story.objects.exists()


def test_photo_is_cropped_privately_and_published_as_a_wagtail_image_with_focal_point():
    from migrantscount.stories.models import StoryPhoto

    from .factories import processed_photo

    photo = processed_photo(size=(800, 600))
    submission = SubmissionFactory(photo=photo, allows_photo=True)
    story = draft_story(
        submission,
        moderator(),
        name_display="Ana",
        use_photo=True,
        crop=moderation.Crop(left=25, top=0, width=50, height=100),
        focal_point=moderation.FocalPoint(x=50, y=25),
    )
    assert story.photo is None
    private = StoryPhoto.objects.get(translation_key=story.translation_key)
    assert (private.width, private.height) == (400, 600)
    assert (private.focal_point_x, private.focal_point_y) == (200, 150)

    image = approve(story, approver()).photo
    assert (image.width, image.height) == (400, 600)
    assert (image.focal_point_x, image.focal_point_y) == (200, 150)
    assert "Secret Artist" not in image.file.open("rb").read().decode("latin-1")


def test_second_story_from_one_submission_is_refused():
    submission = SubmissionFactory()
    user = moderator()
    draft_story(submission, user)
    with pytest.raises(moderation.ModerationError):
        draft_story(submission, user, title="Another")


def test_opening_a_submission_is_audited_without_personal_data():
    from wagtail.models import ModelLogEntry

    submission = SubmissionFactory(title="MRKTITLEopen", name="MRKNAMEopen")
    moderation.open_submission(submission, user=moderator())
    entry = ModelLogEntry.objects.get(action=moderation.SUBMISSION_OPENED)
    assert entry.data == {"reference": submission.reference}
    assert "MRK" not in entry.label + str(entry.data)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.IN_REVIEW


def test_rejection_shows_reason_never_note(client):
    from migrantscount.stories.services import submissions

    receipt_submission = SubmissionFactory()
    # A fresh token: the factory's token is not kept, so make one we know.
    token = "known-token-for-rejection-test"
    Submission.objects.filter(pk=receipt_submission.pk).update(
        token_hash=submissions.hash_token(token)
    )
    user = moderator()
    draft_story(receipt_submission, user)
    moderation.reject_submission(
        receipt_submission,
        user=user,
        reason=Submission.RejectionReason.SAFETY,
        note="MRKNOTEinternal",
    )
    assert not Story.objects.exists()
    receipt_submission.refresh_from_db()
    assert receipt_submission.status == Submission.Status.REJECTED
    response = client.get(f"/en/stories/status/{token}/")
    content = response.content.decode()
    assert "Publishing it could put someone at risk" in content
    assert "MRKNOTEinternal" not in content


def test_published_story_cannot_be_rejected():
    submission = SubmissionFactory()
    approve(draft_story(submission, moderator()), approver())
    with pytest.raises(moderation.ModerationError):
        moderation.reject_submission(submission, user=None, reason="duplicate")


def test_moderation_queue_is_for_moderators_only(client):
    submission = SubmissionFactory(title="MRKTITLEqueue")
    client.force_login(approver())
    for url in (
        "/admin/stories/moderation/",
        f"/admin/stories/moderation/{submission.pk}/",
    ):
        refused = client.get(url)
        assert refused.status_code in (302, 403)
        assert "MRKTITLEqueue" not in refused.content.decode()
    client.force_login(moderator())
    assert client.get("/admin/stories/moderation/").status_code == 200
    response = client.get(f"/admin/stories/moderation/{submission.pk}/")
    assert "MRKTITLEqueue" in response.content.decode()
    assert response["Cache-Control"].startswith("no-store")


def test_moderator_makes_story_through_the_admin(client):
    submission = SubmissionFactory(name="Ana", name_display="first_name")
    client.force_login(moderator())
    response = client.post(
        f"/admin/stories/moderation/{submission.pk}/",
        {
            "action": "create",
            "title": "Bread for the street",
            "quote": "We bake for everyone.",
            "body": "Paragraph one.\n\nParagraph two.",
            "name_display": "Ana",
            "crop_left": 0,
            "crop_top": 0,
            "crop_width": 100,
            "crop_height": 100,
            "focal_x": 50,
            "focal_y": 50,
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302
    assert story.name_display == "Ana"
    assert story.workflow_in_progress
