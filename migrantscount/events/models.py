"""Live interviews: series with a recurrence rule, occurrences written ahead as rows,
guests with their own consent, hosts and interpreters.

A start is the local date and time plus an IANA zone (`timezones.py`); the UTC
instant `starts_at` is derived from them on every save, so a series keeps 18:00 in
Washington across daylight-saving changes while its instant moves.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from migrantscount.core.fields import EncryptedTextField
from migrantscount.stories.models import Scope as StoryScope

from . import recurrence, timezones

languages_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?(,[a-z]{2,3}(-[A-Za-z0-9]{2,8})?)*$",
    _("Language codes separated by commas, without spaces, e.g. es,en,ht"),
)
sdgs_validator = RegexValidator(
    r"^$|^(1[0-7]|[1-9])(,(1[0-7]|[1-9]))*$",
    _("Goal numbers from 1 to 17 separated by commas, e.g. 8,10"),
)


class Platform(models.TextChoices):
    FACEBOOK_LIVE = "facebook_live", _("Facebook Live")
    YOUTUBE_LIVE = "youtube_live", _("YouTube Live")
    INSTAGRAM_LIVE = "instagram_live", _("Instagram Live")
    OTHER = "other", _("Other")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written, signed form")
    RECORDED_VERBAL = "recorded_verbal", _("Verbal, recorded")
    ONLINE = "online", _("Given online")
    GUARDIAN = "guardian", _("Given by a parent or guardian")


class GuestScope(models.TextChoices):
    """What a guest may allow, each asked separately."""

    LIVE = "live", _("Appear in the live interview")
    RECORDING_KEPT = "recording_kept", _("Keep the recording")
    RECORDING_PUBLISHED = "recording_published", _("Publish the recording")
    CLIPS = "clips", _("Share clips on social networks")
    NAME = "name", _("Show my name")
    FACE = "face", _("Show my face")


class GuestConsentText(models.Model):
    """The wording a guest agreed to, one version per language."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["language", "-version"]
        verbose_name = _("guest consent text")
        verbose_name_plural = _("guest consent texts")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "version"], name="events_consent_language_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} v{self.version}"


class Person(models.Model):  # type: ignore[django-manager-missing]
    """A host or an interpreter: someone on the team side of an interview."""

    name = models.CharField(_("name"), max_length=120)
    contact = EncryptedTextField(
        _("e-mail"), blank=True, help_text=_("For reminders; never shown publicly.")
    )
    language = models.CharField(
        _("language for reminders"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/New_York",
        validators=[timezones.validate_time_zone],
        help_text=_("An IANA time zone, e.g. America/Mexico_City"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("admin user"),
    )
    contact_erased_at = models.DateTimeField(
        _("contact erased at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("host or interpreter")
        verbose_name_plural = _("hosts and interpreters")

    def __str__(self) -> str:
        return self.name


class Guest(models.Model):  # type: ignore[django-manager-missing]
    """A person interviewed live. Appears only with a basis: a published story
    whose consent covers a live interview, or their own consent recorded here.

    The name and contact are encrypted at rest and erased on withdrawal; the name
    shown publicly is a separate field, allowed only with consent to show it.
    """

    class Appearance(models.TextChoices):
        ON_CAMERA = "on_camera", _("On camera")
        FACE_HIDDEN = "face_hidden", _("Face hidden")
        VOICE_ONLY = "voice_only", _("Voice only")

    name = EncryptedTextField(_("name"), blank=True)
    contact = EncryptedTextField(
        _("e-mail"), blank=True, help_text=_("For reminders; never shown publicly.")
    )
    public_name = models.CharField(
        _("name shown"),
        max_length=60,
        blank=True,
        help_text=_("Empty unless the guest agreed to show a name."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="es"
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/New_York",
        validators=[timezones.validate_time_zone],
        help_text=_("An IANA time zone, e.g. America/Mexico_City"),
    )
    story = models.ForeignKey(
        "stories.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interview_guests",
        verbose_name=_("published story"),
        help_text=_("Only a story whose consent covers a live interview."),
    )

    # The story's submission by id, kept when the story rows are erased on
    # withdrawal (stories' erasure runs before this app's hook), so the hook still
    # finds the guest.
    story_submission_id = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    # The guest's own consent (versioned wording, each use asked separately).
    consent_text = models.ForeignKey(
        GuestConsentText,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guests",
        verbose_name=_("consent text agreed to"),
    )
    consent_method = models.CharField(
        _("how consent was obtained"),
        max_length=16,
        choices=ConsentMethod.choices,
        blank=True,
    )
    consent_given_at = models.DateTimeField(
        _("consent given at"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    allows_live = models.BooleanField(_("appear in the live interview"), default=False)
    allows_recording_kept = models.BooleanField(_("keep the recording"), default=False)
    allows_recording_published = models.BooleanField(
        _("publish the recording"), default=False
    )
    allows_clips = models.BooleanField(
        _("share clips on social networks"), default=False
    )
    allows_name = models.BooleanField(_("show the name"), default=False)
    allows_face = models.BooleanField(_("show the face"), default=False)
    appearance = models.CharField(
        _("appears"),
        max_length=12,
        choices=Appearance.choices,
        default=Appearance.FACE_HIDDEN,
    )
    do_not_record = models.BooleanField(
        _("do not record"),
        default=False,
        help_text=_("No recording of an interview with this guest is kept or shown."),
    )

    withdrawn_at = models.DateTimeField(
        _("consent withdrawn at"), null=True, blank=True, editable=False
    )
    contact_erased_at = models.DateTimeField(
        _("contact erased at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | (Q(name="") & Q(contact="") & Q(public_name="")),
                name="events_withdrawn_guest_holds_no_personal_data",
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this label reaches the admin's history.
        return str(_("Guest %(number)s") % {"number": self.pk or "–"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, like Story.search_text: every path saves through here.
        if self.story is not None:
            submission = self.story.original_submission()
            self.story_submission_id = submission.pk if submission else None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "story_submission_id"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.has_own_consent and not (self.consent_method and self.consent_given_at):
            errors["consent_method"] = _(
                "Say how and when the guest gave the consent recorded."
            )
        if (
            self.story is not None
            and not self.has_own_consent
            and not self.story_allows_interview()
        ):
            errors["story"] = _(
                "This story's consent does not cover a live interview: record the "
                "guest's own consent first."
            )
        if self.public_name and not self.consent_allows(GuestScope.NAME):
            errors["public_name"] = _("The guest did not agree to show a name.")
        if self.appearance == self.Appearance.ON_CAMERA and not self.consent_allows(
            GuestScope.FACE
        ):
            errors["appearance"] = _("The guest did not agree to show their face.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def has_own_consent(self) -> bool:
        return self.consent_text_id is not None

    def story_allows_interview(self) -> bool:
        story = self.story
        return (
            story is not None
            and bool(story.live)
            and story.consent_allows(StoryScope.INTERVIEW)
        )

    def consent_allows(self, scope: GuestScope | str) -> bool:
        """Whether this guest's consent covers this use. Ask before every use.

        Own consent answers each scope; a story's consent covers appearing live
        (and showing the name as the story does) but never a recording or clips.
        """
        if self.is_withdrawn:
            return False
        scope = GuestScope(scope)
        if self.has_own_consent:
            allowed = bool(getattr(self, f"allows_{scope.value}"))
            if scope == GuestScope.RECORDING_KEPT:
                return allowed and not self.do_not_record
            if scope == GuestScope.RECORDING_PUBLISHED:
                return allowed and self.allows_recording_kept and not self.do_not_record
            return allowed
        if not self.story_allows_interview():
            return False
        story = self.story
        assert story is not None  # noqa: S101  (checked just above)
        if scope == GuestScope.LIVE:
            return True
        if scope == GuestScope.NAME:
            return story.consent_allows(StoryScope.NAME)
        return False

    def shown_name(self) -> str:
        """The name a public page may show, or ''."""
        if not self.consent_allows(GuestScope.NAME):
            return ""
        if self.public_name:
            return self.public_name
        if not self.has_own_consent and self.story is not None:
            return str(self.story.name_display)
        return ""


class Schedule(models.Model):
    """What a series and its occurrences share."""

    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/New_York",
        validators=[timezones.validate_time_zone],
        help_text=_("The start is kept at this local time across daylight saving."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60
    )
    platform = models.CharField(
        _("platform"),
        max_length=20,
        choices=Platform.choices,
        default=Platform.FACEBOOK_LIVE,
    )
    watch_url = models.URLField(_("where to watch"), max_length=500, blank=True)
    host = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host"),
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=60,
        default="es",
        validators=[languages_validator],
        help_text=_("Language codes separated by commas, e.g. es,en"),
    )
    sdgs = models.CharField(
        _("Sustainable Development Goals"),
        max_length=60,
        blank=True,
        validators=[sdgs_validator],
        help_text=_("Goal numbers separated by commas, e.g. 8,10"),
    )
    is_example = models.BooleanField(
        _("example"),
        default=False,
        help_text=_("Demonstration content, labelled as such on the page."),
    )
    live_account = models.ForeignKey(
        "social.Account",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"platform": "facebook"},
        verbose_name=_("Facebook Page for the live video"),
        help_text=_(
            "A scheduled live video is created on this Page when the interview is "
            "seven days away. Empty: none (an occurrence uses its series' Page)."
        ),
    )
    announcement_accounts = models.ManyToManyField(
        "social.Account",
        blank=True,
        related_name="+",
        verbose_name=_("announce on"),
        help_text=_(
            "Social accounts that announce the interview a week, a day and an hour "
            "before, and when it is live (each post approved by a second person). "
            "An occurrence without its own uses its series' accounts."
        ),
    )
    announce_cancellation = models.BooleanField(
        _("announce a cancellation"),
        default=False,
        help_text=_("If it is cancelled, post a notice on the same accounts."),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Hash of what calendars must hear about (start, zone, duration, status, rule,
    # place): a change bumps `sequence` in save().
    schedule_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived columns: every path (admin, services, shell) saves through here,
        # so a calendar's SEQUENCE always follows a significant change.
        self.derive()
        fingerprint = hashlib.sha256(
            "\x1f".join(self.schedule_parts()).encode("utf-8")
        ).hexdigest()
        if self.schedule_fingerprint and fingerprint != self.schedule_fingerprint:
            self.sequence += 1
        self.schedule_fingerprint = fingerprint
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                *self.derived_fields(),
                "sequence",
                "schedule_fingerprint",
            }
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """Fill derived columns before saving."""

    def derived_fields(self) -> list[str]:
        return []

    def schedule_parts(self) -> list[str]:
        return [self.time_zone, str(self.duration_minutes), self.watch_url]

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def sdg_numbers(self) -> list[int]:
        return [int(part) for part in self.sdgs.split(",") if part.strip().isdigit()]

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class Series(Schedule, ClusterableModel):  # type: ignore[misc,django-manager-missing]
    """Interviews held on a recurrence rule (RFC 5545 RRULE), e.g. every other
    Wednesday at 18:00 in Washington. Its occurrences are `Interview` rows written
    ahead by `services.write_occurrences`."""

    name = models.CharField(
        _("internal name"), max_length=120, help_text=_("For the team; not shown.")
    )
    first_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("local start time"))
    rule = models.CharField(
        _("recurrence rule"),
        max_length=300,
        validators=[recurrence.validate_rule],
        help_text=_(
            "An RFC 5545 rule, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=WE (every other "
            "Wednesday) or FREQ=MONTHLY;BYDAY=2WE (the second Wednesday). UNTIL in "
            "local time is accepted."
        ),
    )
    exceptions = models.TextField(
        _("dates without an interview"),
        blank=True,
        validators=[recurrence.validate_exceptions],
        help_text=_("One local date per line, e.g. 2026-12-23"),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Occurrences are written ahead only for an active series."),
    )
    countries = models.ManyToManyField(
        "data.Country",
        blank=True,
        related_name="interview_series",
        verbose_name=_("related countries"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("interview series")
        verbose_name_plural = _("interview series")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.rule and self.time_zone and self.first_date and self.start_time:
            try:
                self.rule = recurrence.normalise_rule(
                    self.rule, dtstart=self.dtstart_local()
                )
            except ValidationError as error:
                raise ValidationError({"rule": error.messages}) from error

    def schedule_parts(self) -> list[str]:
        return [
            *super().schedule_parts(),
            self.first_date.isoformat() if self.first_date else "",
            self.start_time.isoformat() if self.start_time else "",
            self.rule,
            self.exceptions,
        ]

    def dtstart_local(self) -> datetime:
        return datetime.combine(
            self.first_date, self.start_time, tzinfo=timezones.zone(self.time_zone)
        )

    def exception_dates(self) -> set[Any]:
        return recurrence.parse_exceptions(self.exceptions)

    def text_for(self, language: str) -> SeriesText | None:
        texts = {text.language: text for text in self.texts.all()}
        return (
            texts.get(language) or texts.get("en") or next(iter(texts.values()), None)
        )


class SeriesText(Orderable):  # type: ignore[misc]
    series = ParentalKey(Series, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=150)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)

    class Meta(Orderable.Meta):  # type: ignore[misc]
        verbose_name = _("series text")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "language"], name="events_series_text_language"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)


class InterviewQuerySet(models.QuerySet["Interview"]):
    def upcoming(self, now: datetime | None = None) -> InterviewQuerySet:
        now = now or timezone.now()
        return self.filter(ends_at__gt=now).order_by("starts_at", "pk")

    def past(self, now: datetime | None = None) -> InterviewQuerySet:
        now = now or timezone.now()
        return self.filter(ends_at__lte=now).order_by("-starts_at", "-pk")


class Interview(Schedule, ClusterableModel):  # type: ignore[misc,django-manager-missing]
    """One live interview, alone or an occurrence of a series.

    An occurrence keeps its `recurrence_id` (the local start the rule gave it, in
    RFC 5545 form): moving it changes `local_date`/`local_time` only, so calendars
    see an override of that occurrence and not a new event.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        LIVE = "live", _("Live now")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("series"),
    )
    recurrence_id = models.CharField(
        _("occurrence of the series"),
        max_length=15,
        blank=True,
        editable=False,
        help_text=_("The local start the series' rule gave this occurrence."),
    )
    local_date = models.DateField(_("date"))
    local_time = models.TimeField(_("local start time"))
    starts_at = models.DateTimeField(_("starts at (UTC)"), editable=False)
    ends_at = models.DateTimeField(_("ends at (UTC)"), editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    guests = models.ManyToManyField(
        Guest, through="Appearance", related_name="interviews", blank=True
    )
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    countries = models.ManyToManyField(
        "data.Country",
        blank=True,
        related_name="interviews",
        verbose_name=_("related countries"),
    )

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("live interview")
        verbose_name_plural = _("live interviews")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "recurrence_id"],
                condition=Q(series__isnull=False),
                name="events_one_row_per_occurrence",
            ),
            models.CheckConstraint(
                condition=Q(series__isnull=True) | ~Q(recurrence_id=""),
                name="events_occurrence_has_recurrence_id",
            ),
        ]

    def __str__(self) -> str:
        text = self.text_for("en")
        title = text.title if text else str(_("Live interview"))
        return f"{title} ({self.local_date:%Y-%m-%d} {self.local_time:%H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"uid": self.uid})

    def url_in(self, language: str) -> str:
        with translation.override(language):
            return self.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if (
            self.local_date
            and self.local_time
            and self.time_zone
            and not timezones.exists(self.local_date, self.local_time, self.time_zone)
        ):
            raise ValidationError(
                {
                    "local_time": _(
                        "This time does not exist on that day in %(zone)s (clocks "
                        "jump forward)."
                    )
                    % {"zone": self.time_zone}
                }
            )

    def derive(self) -> None:
        self.starts_at = timezones.to_utc(
            self.local_date, self.local_time, self.time_zone
        )
        self.ends_at = self.starts_at + self.duration

    def derived_fields(self) -> list[str]:
        return ["starts_at", "ends_at"]

    def schedule_parts(self) -> list[str]:
        return [
            *super().schedule_parts(),
            self.local_date.isoformat(),
            self.local_time.isoformat(),
            self.status,
        ]

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_moved(self) -> bool:
        """An occurrence no longer at the start its series' rule gave it."""
        return bool(self.recurrence_id) and self.recurrence_id != self.local_stamp()

    def local_start(self) -> datetime:
        return datetime.combine(
            self.local_date, self.local_time, tzinfo=timezones.zone(self.time_zone)
        )

    def local_stamp(self) -> str:
        return f"{self.local_date:%Y%m%d}T{self.local_time:%H%M%S}"

    def text_for(self, language: str) -> InterviewText | SeriesText | None:
        """The title and summary in `language`: the interview's own, else its
        series', else English, else any."""
        own = {text.language: text for text in self.texts.all()}
        series = {}
        if self.series_id and self.series is not None:
            series = {text.language: text for text in self.series.texts.all()}
        for candidates in ((own, language), (series, language), (own, "en")):
            found = candidates[0].get(candidates[1])
            if found is not None:
                return found
        if series.get("en") is not None:
            return series["en"]
        return next(iter(own.values()), None) or next(iter(series.values()), None)

    def transcript_for(self, language: str) -> str:
        for text in self.texts.all():
            if text.language == language and text.transcript:
                return str(text.transcript)
        return ""

    def guests_allow(self, scope: GuestScope) -> bool:
        """True when every guest's consent covers `scope` (and there is one)."""
        guests = [appearance.guest for appearance in self.appearances.all()]
        return bool(guests) and all(guest.consent_allows(scope) for guest in guests)

    def announcing_accounts(self) -> list[Any]:
        """The social accounts that announce it: its own, else its series'."""
        own = list(self.announcement_accounts.all())
        if own or self.series is None:
            return own
        return list(self.series.announcement_accounts.all())

    def recording_may_be_shown(self) -> bool:
        return bool(self.recording_url) and self.guests_allow(
            GuestScope.RECORDING_PUBLISHED
        )


class InterviewText(Orderable):  # type: ignore[misc]
    interview = ParentalKey(Interview, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=150)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    transcript = models.TextField(
        _("transcript"),
        blank=True,
        help_text=_("After the interview; shown only when the recording may be."),
    )

    class Meta(Orderable.Meta):  # type: ignore[misc]
        verbose_name = _("interview text")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "language"], name="events_interview_text_language"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)


class Appearance(Orderable):  # type: ignore[misc]
    """A guest in one interview (each occurrence of a series its own)."""

    interview = ParentalKey(
        Interview, on_delete=models.CASCADE, related_name="appearances"
    )
    guest = models.ForeignKey(
        Guest, on_delete=models.PROTECT, related_name="appearances"
    )

    class Meta(Orderable.Meta):  # type: ignore[misc]
        verbose_name = _("guest")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "guest"], name="events_guest_once_per_interview"
            )
        ]

    def __str__(self) -> str:
        return str(self.guest)

    def clean(self) -> None:
        super().clean()
        if self.guest_id and not self.guest.consent_allows(GuestScope.LIVE):
            raise ValidationError(
                {
                    "guest": _(
                        "This guest has no consent to appear in a live interview: "
                        "neither a story whose consent covers it nor their own."
                    )
                }
            )


class Interpretation(Orderable):  # type: ignore[misc]
    """The interpreter into one language."""

    interview = ParentalKey(
        Interview, on_delete=models.CASCADE, related_name="interpretations"
    )
    language = models.CharField(_("language"), max_length=8)
    interpreter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="interpretations",
        verbose_name=_("interpreter"),
    )

    class Meta(Orderable.Meta):  # type: ignore[misc]
        verbose_name = _("interpreter")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "language"],
                name="events_one_interpreter_per_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.interpreter}"


class Caption(Orderable):  # type: ignore[misc]
    """WebVTT captions of the recording in one language."""

    interview = ParentalKey(
        Interview, on_delete=models.CASCADE, related_name="captions"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(
        _("WebVTT file"),
        upload_to="events/captions/",
        validators=[FileExtensionValidator(["vtt"])],
    )

    class Meta(Orderable.Meta):  # type: ignore[misc]
        verbose_name = _("captions")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "language"], name="events_captions_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}.vtt"


class ReminderSent(models.Model):
    """One reminder e-mail sent (or deliberately skipped), so the periodic job sends
    each at most once. Keyed by the start it announced: a moved interview gets its
    reminders again for the new time. Holds no address, only whose row it was."""

    class Recipient(models.TextChoices):
        HOST = "host", _("host")
        INTERPRETER = "interpreter", _("interpreter")
        GUEST = "guest", _("guest")

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    starts_at = models.DateTimeField()
    minutes_before = models.PositiveIntegerField()
    recipient = models.CharField(max_length=12, choices=Recipient.choices)
    recipient_id = models.PositiveIntegerField()
    sent = models.BooleanField(default=True)  # False: skipped (no e-mail address)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "interview",
                    "starts_at",
                    "minutes_before",
                    "recipient",
                    "recipient_id",
                ],
                name="events_one_reminder_per_start_and_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interview_id} {self.recipient} {self.minutes_before} min"


class LiveVideo(models.Model):
    """The Facebook live video of one interview, as the Graph API reported it.

    The stream URL and key are encrypted and shown only to the interview's host
    and superusers."""

    interview = models.OneToOneField(
        Interview,
        on_delete=models.CASCADE,
        related_name="live_video",
        verbose_name=_("interview"),
    )
    account = models.ForeignKey(
        "social.Account",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Facebook Page"),
    )
    remote_id = models.CharField(_("live video id"), max_length=100)
    status = models.CharField(_("status on Facebook"), max_length=30, blank=True)
    planned_start_at = models.DateTimeField(_("planned start"), null=True)
    stream_url = EncryptedTextField(_("stream URL"), blank=True)
    stream_key = EncryptedTextField(_("stream key"), blank=True)
    video_id = models.CharField(_("recording's video id"), max_length=100, blank=True)
    permalink_url = models.URLField(_("on Facebook"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    recording_delete_requested_at = models.DateTimeField(
        _("recording deletion requested at"), null=True, blank=True
    )
    recording_deleted_at = models.DateTimeField(
        _("recording deleted at"), null=True, blank=True
    )
    last_error = models.TextField(_("Facebook's last error"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Facebook live video")
        verbose_name_plural = _("Facebook live videos")

    def __str__(self) -> str:
        return f"{self.remote_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        """Still to be followed: not cancelled and no recording settled."""
        return self.cancelled_at is None and self.status not in (
            "VOD",
            "SCHEDULED_EXPIRED",
            "SCHEDULED_CANCELED",
        )

    def stream_visible_to(self, user: Any) -> bool:
        if getattr(user, "is_superuser", False):
            return True
        host = self.interview.host
        return bool(host and host.user_id and host.user_id == user.pk)


class Announcement(models.Model):
    """One announcement of an interview in one language: a social post made by the
    social engine (approved by four eyes), or none where the interview has no text
    in that language (nothing is machine-translated)."""

    class Kind(models.TextChoices):
        WEEK = "week", _("A week before")
        DAY = "day", _("A day before")
        HOUR = "hour", _("An hour before")
        LIVE = "live", _("Live now")
        CANCELLED = "cancelled", _("Cancellation notice")

    interview = models.ForeignKey(
        Interview,
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("interview"),
    )
    kind = models.CharField(_("when"), max_length=10, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    post = models.ForeignKey(
        "social.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("social post"),
    )
    # Guests the text names (a withdrawal takes those announcements down).
    named_guests = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["interview", "kind", "language"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "kind", "language"],
                name="events_one_announcement_per_kind_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interview_id} {self.kind} {self.language}"
