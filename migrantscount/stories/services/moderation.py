"""Moderation: a moderator reads a submission, makes the redacted public Story as a
draft and starts its workflow, or rejects the submission with a reason.

The Story carries only what the person's consent covers (website, name, photo); the
checks live here so every caller (admin view, demo builder, tests) goes through them.
"""

from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Workflow,
    WorkflowContentType,
    WorkflowTask,
)

from migrantscount.core.services.audit import log_platform_event
from migrantscount.core.services.roles import CAMPAIGN_APPROVERS

from .. import hooks, text
from ..models import Scope, Story, Submission
from . import erasure, photo_publication, submissions
from .photo_publication import Crop, FocalPoint

SUBMISSION_OPENED = "stories.submission_opened"
SUBMISSION_REJECTED = "stories.submission_rejected"
STORY_DRAFTED = "stories.story_drafted"
PHOTO_VIEWED = "stories.photo_viewed"
COPIES_TAKEN_DOWN = "stories.published_copies_taken_down"
WORKFLOW_NAME = "Story approval"
RESERVED_SLUGS = {"share", "status", "feed", "search"}


class ModerationError(ValueError):
    """The action is not allowed for this submission; the message is for staff."""


def ensure_story_workflow() -> Workflow:
    """The "Story approval" workflow, assigned to the Story model (idempotent)."""
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    # Approvers only: moderators draft, someone else publishes (Story.publish).
    task.groups.set([Group.objects.get_or_create(name=CAMPAIGN_APPROVERS)[0]])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Story),
        defaults={"workflow": workflow},
    )
    return workflow


@transaction.atomic
def open_submission(submission: Submission, *, user: AbstractBaseUser) -> Submission:
    """A moderator reads the decrypted submission: audited, moves it into review."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    log_platform_event(
        SUBMISSION_OPENED,
        instance=submission,
        user=user,
        data={"reference": submission.reference},
    )
    if submission.status == Submission.Status.SUBMITTED:
        submission.status = Submission.Status.IN_REVIEW
        submission.save(update_fields=["status"])
    return submission


def record_photo_view(
    submission: Submission | None, *, user: AbstractBaseUser, photo: str
) -> None:
    """A moderator or approver saw a private photo (`photo`: "submission" or
    "story"), decrypted for them: audited with the reference only."""
    log_platform_event(
        PHOTO_VIEWED,
        instance=submission,
        user=user,
        data={"reference": submission.reference if submission else "", "photo": photo},
    )


def unique_slug(title: str, *, exclude_key: UUID | None = None) -> str:
    base = slugify(title)[:70].strip("-") or "story"
    if base in RESERVED_SLUGS:
        base = f"{base}-story"
    stories = Story.objects.filter(slug__startswith=base)
    if exclude_key is not None:
        stories = stories.exclude(translation_key=exclude_key)
    taken = set(stories.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_consent(
    submission: Submission, *, name_display: str, use_photo: bool
) -> None:
    if submission.is_withdrawn:
        raise ModerationError(_("Consent for this story was withdrawn."))
    if submission.status == Submission.Status.REJECTED:
        raise ModerationError(_("This submission was rejected."))
    if not submission.consent_allows(Scope.WEBSITE):
        raise ModerationError(
            _("The person did not agree to publication on the website.")
        )
    if name_display and not submission.consent_allows(Scope.NAME):
        raise ModerationError(_("The person did not agree to show a name."))
    if use_photo and not submission.consent_allows(Scope.PHOTO):
        raise ModerationError(_("The person did not agree to show a photo."))


@transaction.atomic
def create_story_from_submission(
    submission: Submission,
    *,
    user: AbstractBaseUser | None,
    title: str,
    quote: str,
    body: str,
    name_display: str = "",
    use_photo: bool = False,
    crop: Crop | None = None,
    focal_point: FocalPoint | None = None,
) -> Story:
    """Make the redacted Story as a draft in the submission's language and submit it
    to the "Story approval" workflow."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    name_display = text.sanitize(name_display, multiline=False)
    _check_consent(submission, name_display=name_display, use_photo=use_photo)
    if submission.stories.exists():
        raise ModerationError(_("A story was already made from this submission."))
    locale, _created = Locale.objects.get_or_create(language_code=submission.language)
    title = text.sanitize(title, multiline=False)
    story = Story(
        locale=locale,
        title=title,
        slug=unique_slug(title),
        quote=text.sanitize(quote),
        body=text.sanitize(body),
        name_display=name_display,
        origin_country=submission.origin_country,
        destination_country=submission.residence_country,
        distance_km=submission.distance_km,
        sector=submission.sector,
        sdgs=",".join(str(number) for number in submission.sdgs),
        original_language=submission.language,
        submission=submission,
        live=False,
        has_unpublished_changes=True,
    )
    story.full_clean(exclude=["translation_key"])
    story.save()
    if use_photo:
        # Private and encrypted until the story is published (photo_publication.py).
        photo_publication.make_private_crop(
            submission,
            translation_key=story.translation_key,
            crop=crop or Crop(),
            focal_point=focal_point or FocalPoint(),
        )
    story.save_revision(user=user, log_action=True)
    ensure_story_workflow().start(story, user)
    if submission.status == Submission.Status.SUBMITTED:
        submission.status = Submission.Status.IN_REVIEW
        submission.save(update_fields=["status"])
    log_platform_event(
        STORY_DRAFTED,
        instance=submission,
        user=user,
        data={"reference": submission.reference},
    )
    return story


@transaction.atomic
def reject_submission(
    submission: Submission,
    *,
    user: AbstractBaseUser | None,
    reason: str,
    note: str = "",
) -> Submission:
    """Decide not to publish. The person sees the reason; the note stays internal.
    Any unpublished Story made from it is deleted."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.is_withdrawn:
        raise ModerationError(_("Consent for this story was withdrawn."))
    if Story.objects.filter(submission=submission, live=True).exists():
        raise ModerationError(
            _("This story is published; unpublish it before rejecting.")
        )
    erasure.delete_stories_of_submission(submission)
    submission.rejection_reason = Submission.RejectionReason(reason)
    submission.rejection_note = text.sanitize(note) if note else ""
    submission.save(update_fields=["rejection_reason", "rejection_note"])
    submission = submissions.record_decision(
        submission, status=Submission.Status.REJECTED
    )
    log_platform_event(
        SUBMISSION_REJECTED,
        instance=submission,
        user=user,
        data={"reference": submission.reference, "reason": submission.rejection_reason},
    )
    return submission


def story_published(story: Story) -> None:
    """After Wagtail publishes a story: its photo becomes public (if consented), and
    the first publication of the original decides its submission."""
    photo_publication.publish_photo(story)
    if story.submission_id is None or story.is_translation:
        return
    submission = story.submission
    if submission is None or submission.status == Submission.Status.PUBLISHED:
        return
    if not submission.is_withdrawn:
        submissions.record_decision(submission, status=Submission.Status.PUBLISHED)


def story_unpublished(story: Story) -> None:
    """After Wagtail unpublishes a story: the public copy of its photo goes, and
    what other apps planned with it stops (`hooks.on_unpublished`)."""
    photo_publication.unpublish_photo(story)
    hooks.run_unpublished_hooks(story, delete_published=False)


@transaction.atomic
def take_down_published_copies(story: Story, *, user: AbstractBaseUser | None) -> Story:
    """For a safety reason, a moderator asks that what was already published from an
    unpublished story elsewhere (social posts) be taken down too. Audited."""
    if story.live:
        raise ModerationError(_("Unpublish the story first."))
    hooks.run_unpublished_hooks(story, delete_published=True)
    log_platform_event(
        COPIES_TAKEN_DOWN,
        instance=story,
        user=user,
        data={"story": story.pk, "locale": story.locale.language_code},
    )
    return story


@transaction.atomic
def submit_translation(story: Story, *, user: AbstractBaseUser | None) -> Story:
    """Save a translation's current strings as a draft and submit it to the same
    workflow as originals. Publishing stays with approvers."""
    from wagtail_localize.models import Translation

    if not story.is_translation:
        raise ModerationError(_("This story is not a translation."))
    translation = Translation.objects.filter(
        source__object__translation_key=story.translation_key,
        target_locale=story.locale,
        enabled=True,
    ).first()
    if translation is not None:
        translation.save_target(user=user, publish=False)
        story.refresh_from_db()
    elif story.get_latest_revision() is None:
        story.save_revision(user=user)
    if story.workflow_in_progress:
        return story
    ensure_story_workflow().start(story, user)
    return story
