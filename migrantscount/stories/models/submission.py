"""A story as sent by its author: private, encrypted, erased on withdrawal
(services/submissions.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from migrantscount.core.fields import EncryptedTextField

from ..storage import private_storage
from .consent import ConsentText, Scope


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
