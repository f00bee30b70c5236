"""The redacted public Story, moderated by a Wagtail workflow, and its private photo."""

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

from migrantscount.core.services.roles import CAMPAIGN_APPROVERS

from .. import geo
from ..search import AnalysedField, search_stories
from ..storage import private_storage
from ..text import normalise_for_search, sanitize
from .consent import Scope
from .submission import Submission

# Story fields a person writes, and whether each may hold several lines.
PLAIN_TEXT_FIELDS = {"title": False, "quote": True, "body": True, "name_display": False}
# The fields build_search_text reads.
SEARCH_TEXT_SOURCES = {
    *PLAIN_TEXT_FIELDS,
    "origin_country",
    "destination_country",
    "locale",
}


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
        # all save through here, so search always matches the saved text. A save of
        # other columns only (a draft revision of a live story saves latest_revision
        # with the draft's text in memory) leaves it as the saved text made it.
        self.clean_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.search_text = self.build_search_text()
        elif SEARCH_TEXT_SOURCES & set(update_fields):
            self.search_text = self.build_search_text()
            kwargs["update_fields"] = {*update_fields, "search_text"}
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
