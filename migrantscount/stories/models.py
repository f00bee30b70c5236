"""Stories shared by migrants: private submissions and the consent they were given under.

A Submission is never a Wagtail page, has no revisions and is not indexed: its
personal fields are encrypted at rest and erased on withdrawal (services/submissions.py).
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    Revision,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from migrantscount.core.fields import EncryptedTextField
from migrantscount.core.services.roles import CAMPAIGN_APPROVERS

from . import geo
from .search import AnalysedField, search_stories
from .storage import private_storage
from .text import normalise_for_search, sanitize


def hash_token(token: str) -> str:
    """SHA-256 of a status token: only the hash is stored, independent of SECRET_KEY."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ConsentText(models.Model):
    """The consent wording shown to a person, one version per language."""

    language = models.CharField(_("language"), max_length=8)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["language", "-version"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "version"], name="stories_consent_language_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} v{self.version}"


class Scope(models.TextChoices):
    """What a person may allow, each asked separately."""

    WEBSITE = "website", _("Publish on the website")
    SOCIAL = "social", _("Share on social networks")
    PRESS = "press", _("Quote to the press")
    INTERVIEW = "interview", _("Appear in a live interview")
    NAME = "name", _("Show my name")
    PHOTO = "photo", _("Show my photo")


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def decided(self) -> "SubmissionQuerySet":
        return self.filter(
            status__in=[Submission.Status.PUBLISHED, Submission.Status.REJECTED]
        )


class Submission(models.Model):
    """A story as sent by its author (or recorded on their behalf by staff)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Received")
        IN_REVIEW = "in_review", _("Being reviewed")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    class AgeBracket(models.TextChoices):
        UNDER_18 = "under_18", _("Under 18")
        FROM_18 = "18_24", _("18 to 24")
        FROM_25 = "25_34", _("25 to 34")
        FROM_35 = "35_49", _("35 to 49")
        FROM_50 = "50_64", _("50 to 64")
        FROM_65 = "65_plus", _("65 or older")

    class NameDisplay(models.TextChoices):
        FIRST_NAME = "first_name", _("My first name")
        PSEUDONYM = "pseudonym", _("The pseudonym I gave")
        ANONYMOUS = "anonymous", _("No name (anonymous)")

    class Sector(models.TextChoices):
        AGRICULTURE = "agriculture", _("Agriculture and fishing")
        CONSTRUCTION = "construction", _("Construction")
        MANUFACTURING = "manufacturing", _("Manufacturing")
        COMMERCE = "commerce", _("Commerce and small business")
        HOSPITALITY = "hospitality", _("Hotels, restaurants and tourism")
        DOMESTIC = "domestic", _("Domestic and care work")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        TECHNOLOGY = "technology", _("Technology")
        TRANSPORT = "transport", _("Transport and logistics")
        ARTS = "arts", _("Arts, culture and media")
        SCIENCE = "science", _("Science and research")
        PUBLIC = "public", _("Public service and NGOs")
        STUDENT = "student", _("Studying")
        OTHER = "other", _("Other")

    class RejectionReason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("It is not a story about migration")
        INCOMPLETE = "incomplete", _("There was not enough to publish")
        SAFETY = "safety", _("Publishing it could put someone at risk")
        DUPLICATE = "duplicate", _("We already have this story")
        GUIDELINES = "guidelines", _("It does not follow our publication guidelines")

    class Route(models.TextChoices):
        ONLINE = "online", _("Online form")
        STAFF = "staff", _("Recorded by staff")

    class ConsentMethod(models.TextChoices):
        ONLINE = "online", _("Given in the online form")
        WRITTEN = "written", _("Written, signed form")
        RECORDED_VERBAL = "recorded_verbal", _("Verbal, recorded")
        GUARDIAN = "guardian", _("Given by a parent or guardian")

    class WithdrawalRoute(models.TextChoices):
        SELF = "self", _("By the person, through the private link")
        STAFF = "staff", _("By staff, at the person's request")

    class WithdrawalReason(models.TextChoices):
        PRIVATE_LINK = "private_link", _("Private link")
        PHONE = "phone", _("Request by phone")
        EMAIL = "email", _("Request by e-mail or message")
        IN_PERSON = "in_person", _("Request in person")
        GUARDIAN = "guardian", _("Request by a parent or guardian")
        OTHER = "other", _("Other request from the person")

    # Identity of the record (no personal data).
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    route = models.CharField(
        _("route"), max_length=8, choices=Route.choices, default=Route.ONLINE
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    decided_at = models.DateTimeField(
        _("published or rejected at"), null=True, blank=True
    )

    # Consent.
    consent_text = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("consent text shown"),
    )
    consent_method = models.CharField(
        _("how consent was obtained"),
        max_length=16,
        choices=ConsentMethod.choices,
        default=ConsentMethod.ONLINE,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    allows_website = models.BooleanField(_("publish on the website"), default=False)
    allows_social = models.BooleanField(_("share on social networks"), default=False)
    allows_press = models.BooleanField(_("quote to the press"), default=False)
    allows_interview = models.BooleanField(
        _("appear in a live interview"), default=False
    )
    allows_photo = models.BooleanField(_("show the photo"), default=False)
    name_display = models.CharField(
        _("name shown"),
        max_length=12,
        choices=NameDisplay.choices,
        default=NameDisplay.ANONYMOUS,
    )

    # The story and personal data: erased on withdrawal.
    title = EncryptedTextField(_("title"), blank=True)
    text = EncryptedTextField(_("story"), blank=True)
    name = EncryptedTextField(_("first name or pseudonym"), blank=True)
    contact = EncryptedTextField(_("contact for follow-up"), blank=True)
    guardian_name = EncryptedTextField(_("guardian's name"), blank=True)
    occupation = EncryptedTextField(_("occupation"), blank=True)
    photo = models.FileField(
        _("photo"), storage=private_storage, upload_to="stories/", blank=True
    )
    age_bracket = models.CharField(
        _("age"), max_length=8, choices=AgeBracket.choices, blank=True
    )
    has_guardian_consent = models.BooleanField(_("a guardian consented"), default=False)
    origin_country = models.CharField(_("country of origin"), max_length=3, blank=True)
    residence_country = models.CharField(
        _("country of residence"), max_length=3, blank=True
    )
    distance_km = models.PositiveIntegerField(
        _("distance from home (km)"), null=True, blank=True
    )
    sector = models.CharField(
        _("sector"), max_length=16, choices=Sector.choices, blank=True
    )
    sdgs = models.JSONField(
        _("Sustainable Development Goals"), default=list, blank=True
    )
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    contact_erased_at = models.DateTimeField(
        _("contact erased at"), null=True, blank=True
    )

    # Moderation outcome: the reason is shown to the person, the note never is.
    rejection_reason = models.CharField(
        _("reason for not publishing"),
        max_length=16,
        choices=RejectionReason.choices,
        blank=True,
    )
    rejection_note = EncryptedTextField(_("internal note"), blank=True)

    # What remains after withdrawal.
    withdrawn_at = models.DateTimeField(
        _("consent withdrawn at"), null=True, blank=True
    )
    withdrawal_route = models.CharField(
        _("withdrawn"), max_length=8, choices=WithdrawalRoute.choices, blank=True
    )
    withdrawal_reason = models.CharField(
        _("withdrawal request"),
        max_length=16,
        choices=WithdrawalReason.choices,
        blank=True,
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("story submission")
        verbose_name_plural = _("story submissions")
        permissions = [
            ("add_submission_on_behalf", _("Can record a story on someone's behalf")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (
                    Q(title="")
                    & Q(text="")
                    & Q(name="")
                    & Q(contact="")
                    & Q(guardian_name="")
                    & Q(occupation="")
                    & Q(rejection_note="")
                    & Q(photo="")
                    & Q(ip_hash="")
                    & Q(withdrawn_at__isnull=False)
                ),
                name="stories_withdrawn_holds_no_content",
            ),
            models.CheckConstraint(
                condition=~Q(age_bracket="under_18") | Q(has_guardian_consent=True),
                name="stories_minor_needs_guardian",
            ),
        ]

    def __str__(self) -> str:
        # Only the reference: this label reaches Wagtail's audit log.
        return str(_("Story submission %(reference)s") % {"reference": self.reference})

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    def consent_allows(self, scope: Scope | str) -> bool:
        """Whether the person's consent covers this use. Ask before every use."""
        if self.is_withdrawn:
            return False
        scope = Scope(scope)
        if scope == Scope.NAME:
            return self.name_display != self.NameDisplay.ANONYMOUS and bool(self.name)
        if scope == Scope.PHOTO:
            return self.allows_photo and bool(self.photo)
        return bool(getattr(self, f"allows_{scope.value}"))


# Story fields a person writes, and whether each may hold several lines.
PLAIN_TEXT_FIELDS = {"title": False, "quote": True, "body": True, "name_display": False}


class StoryQuerySet(models.QuerySet["Story"]):
    def public(self) -> "StoryQuerySet":
        return self.filter(live=True)

    def public_in(self, language: str | None = None) -> "StoryQuerySet":
        """Live stories in `language`: the reader's (the active one) by default."""
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        return self.public().filter(locale__language_code=language)

    def with_sdg(self, number: int) -> "StoryQuerySet":
        value = str(number)
        return self.filter(
            Q(sdgs=value)
            | Q(sdgs__startswith=f"{value},")
            | Q(sdgs__endswith=f",{value}")
            | Q(sdgs__contains=f",{value},")
        )

    def matching(self, query: str, *, language: str | None = None) -> Any:
        """Search results (search.py): every word of `query`, unaccented and
        stemmed, best first. Filter before, on the FilterFields: results are not a
        queryset."""
        return search_stories(self, query, language=language)


class Story(
    TranslatableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """The redacted, public form of a submission, moderated by a Wagtail workflow.

    Holds only what the person's consent allows (services/moderation.py enforces
    it); the submission link is never shown or serialised publicly.
    """

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80)
    quote = models.TextField(
        _("quote"), max_length=300, help_text=_("One or two sentences from the story.")
    )
    body = models.TextField(
        _("story"), help_text=_("Plain text; a blank line starts a new paragraph.")
    )
    name_display = models.CharField(
        _("name shown"),
        max_length=60,
        blank=True,
        help_text=_("Empty for an anonymous story."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    origin_country = models.CharField(_("country of origin"), max_length=3)
    destination_country = models.CharField(_("country of residence"), max_length=3)
    distance_km = models.PositiveIntegerField(_("distance (km)"), null=True, blank=True)
    sector = models.CharField(
        _("sector"), max_length=16, choices=Submission.Sector.choices, blank=True
    )
    sdgs = models.CharField(
        _("Sustainable Development Goals"),
        max_length=60,
        blank=True,
        help_text=_("Goal numbers separated by commas, e.g. 8,10"),
    )
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES
    )
    is_example = models.BooleanField(
        _("example story"),
        default=False,
        help_text=_("Fictional demonstration content, labelled as such on the page."),
    )
    submission = models.ForeignKey(
        Submission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="stories",
    )
    # Accent-free, casefolded copy of the public text for search (text.py).
    search_text = models.TextField(blank=True, editable=False)

    objects = StoryQuerySet.as_manager()

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("quote"),
        TranslatableField("body"),
        SynchronizedField("slug"),
        # The name follows the person's consent, never a translator's choice.
        SynchronizedField("name_display", overridable=False),
        # Set only by photo_publication, never chosen in an editor.
        SynchronizedField("photo", overridable=False),
        SynchronizedField("origin_country"),
        SynchronizedField("destination_country"),
        SynchronizedField("distance_km"),
        SynchronizedField("sector"),
        SynchronizedField("sdgs"),
        SynchronizedField("original_language"),
        SynchronizedField("is_example"),
    ]
    # Analysed text (search.py): the title, then everything public including the
    # title again, so a word in the title ranks above one only in the text.
    search_fields = [
        AnalysedField("title"),
        index.AutocompleteField("title"),
        AnalysedField("search_text"),
        index.FilterField("locale"),
        index.RelatedFields("locale", [index.FilterField("language_code")]),
        index.FilterField("live"),
        index.FilterField("origin_country"),
        index.FilterField("destination_country"),
        index.FilterField("sector"),
        index.FilterField("sdgs"),
        index.FilterField("original_language"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["-first_published_at", "-pk"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="stories_story_locale_slug"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column: Wagtail's publish, wagtail-localize's sync and the editor
        # all save through here, so search always matches the saved text.
        self.clean_text()
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        with translation.override(self.locale.language_code):
            return reverse("stories:detail", kwargs={"slug": self.slug})

    @classmethod
    def get_indexed_objects(cls) -> "StoryQuerySet":
        # Only what is public is searchable (search.py removes unpublished ones).
        return super().get_indexed_objects().filter(live=True)

    def save_revision(self, *args: Any, **kwargs: Any) -> Revision:
        # The editor's drafts and wagtail-localize's translations reach revisions
        # without save(): clean before the content is serialised.
        self.clean_text()
        return super().save_revision(*args, **kwargs)

    def clean_text(self) -> None:
        """The public form's plain-text cleaning (text.sanitize) on every field a
        person writes, whoever writes it: moderators, the editor, translators."""
        for name, multiline in PLAIN_TEXT_FIELDS.items():
            setattr(self, name, sanitize(getattr(self, name), multiline=multiline))

    def publish(self, revision: Revision, user: Any = None, **kwargs: Any):
        # Every way of publishing ends here: the editor's Publish button, approving
        # the workflow, wagtail-localize's editor. Without a user it is the system
        # (scheduled publishing, the demo builder).
        if user is not None and not self.may_be_published_by(user, revision=revision):
            raise PublishPermissionError(
                _(
                    "A story is published by a Campaign approver who neither drafted "
                    "nor last edited it."
                )
            )
        return super().publish(revision, user=user, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.name_display and not self.consent_allows(Scope.NAME):
            raise ValidationError(
                {"name_display": _("The person did not agree to show a name.")}
            )

    def original_submission(self) -> "Submission | None":
        """The submission behind this story (translations share their original's)."""
        if self.submission_id:
            return self.submission
        if not self.translation_key:
            return None
        original = (
            Story.objects.filter(
                translation_key=self.translation_key, submission__isnull=False
            )
            .select_related("submission")
            .first()
        )
        return original.submission if original is not None else None

    def consent_allows(self, scope: Scope | str) -> bool:
        """Whether the person's consent covers this use of the story, in any
        language. Example stories are fictional: nobody's consent is involved."""
        submission = self.original_submission()
        if submission is None:
            return self.is_example
        return submission.consent_allows(scope)

    def may_be_published_by(self, user: Any, *, revision: Revision | None) -> bool:
        """Four eyes: a Campaign approver (or superuser) other than the person who
        drafted the story and the one who made the revision to publish."""
        if not user.is_active:
            return False
        if not (
            user.is_superuser or user.groups.filter(name=CAMPAIGN_APPROVERS).exists()
        ):
            return False
        authors = {revision.user_id if revision else None}
        if self.pk:
            first = self.revisions.order_by("created_at", "pk").first()
            authors.add(first.user_id if first else None)
        return user.pk not in authors

    @property
    def language(self) -> str:
        return self.locale.language_code

    @property
    def sdg_numbers(self) -> list[int]:
        return [int(part) for part in self.sdgs.split(",") if part.strip().isdigit()]

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]

    @property
    def is_translation(self) -> bool:
        return self.language != self.original_language

    def build_search_text(self) -> str:
        language = self.locale.language_code if self.locale_id else "en"
        parts = [
            self.title,
            self.quote,
            self.body,
            self.name_display,
            geo.country_name(self.origin_country, language),
            geo.country_name(self.destination_country, language),
        ]
        return normalise_for_search(" ".join(part for part in parts if part))

    def get_preview_template(self, request, mode_name):
        return "stories/story_preview.html"

    def get_preview_context(self, request, mode_name):
        # The page's parts come from the preview template's {% story_body %} tag
        # (presentation.py), so the model needs no presentation.
        context = super().get_preview_context(request, mode_name)
        context["story"] = self
        if self.pk and not self.photo_id:
            # Before publication the photo is private: the preview shows it through
            # the admin view that decrypts it for moderators and approvers.
            if StoryPhoto.objects.filter(translation_key=self.translation_key).exists():
                context["private_photo_url"] = reverse(
                    "stories_admin:story_photo", args=[self.pk]
                )
        return context


class StoryPhoto(models.Model):
    """The moderator's crop of a submission's photo, for one story in all its
    languages (same `translation_key`).

    Until the story is published the crop exists only here: encrypted in private
    storage, with no URL. Publishing copies it into a public Wagtail image
    (`public_image`); unpublishing the last live language deletes that copy and its
    renditions (services/photo_publication.py).
    """

    translation_key = models.UUIDField(unique=True, editable=False)
    file = models.FileField(storage=private_storage, upload_to="stories/crops/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    focal_point_x = models.PositiveIntegerField()
    focal_point_y = models.PositiveIntegerField()
    focal_point_width = models.PositiveIntegerField()
    focal_point_height = models.PositiveIntegerField()
    public_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story photo")
        verbose_name_plural = _("story photos")

    def __str__(self) -> str:
        return f"Story photo {self.pk}"
