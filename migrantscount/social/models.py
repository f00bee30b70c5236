"""Social networks: connected accounts, posts, their deliveries, and the pacing state.

The database is the plan: a `Delivery` row is one post going to one account at one
occurrence, and its status is the only truth about whether it went out. The
dispatcher (services/dispatch.py) moves rows through the status machine:

    scheduled → publishing → published
    publishing → unconfirmed (ambiguous failure) → lookup → published | scheduled
    scheduled / publishing → failed (permanent) | expired (past not_after) | cancelled
    published → delete_pending → deleting → deleted | manual_takedown

Field names follow the shared design (/tmp/social_design.md), with these additions:
`Post.story_key` (the story's translation key: a post's texts come from several
translations of one story, and withdrawal must find them all even if a translation
row is gone) and `Post.source_revisions` (the live revision of every translation a
text was made from; `source_revision_id` is the one of `Post.story`) and
`Post.source_submission_id` (the story's submission by id, so a withdrawal finds
its posts even after the stories app erased the story rows).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from migrantscount.core.fields import EncryptedTextField
from migrantscount.core.lib import timezones

if TYPE_CHECKING:
    # Imported where used: the platforms package loads every network module.
    from .platforms.base import Connection, RateLimit

# A repeat rule's longest interval (a year).
MAX_REPEAT_WEEKS = 52

hashtag_validator = RegexValidator(
    r"^[^\W_]\w*$",
    _("A hashtag is letters and digits without '#' or spaces, e.g. MigrantsCount."),
)


class Network(models.TextChoices):
    """The networks `platforms.PLATFORMS` knows (keys of that dict)."""

    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    X = "x", "X"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    THREADS = "threads", "Threads"
    LINKEDIN = "linkedin", "LinkedIn"
    WHATSAPP = "whatsapp", _("WhatsApp channel (export pack only)")


class Account(models.Model):
    """A connected account on one network, with its audience."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Connected")
        NEEDS_RECONNECT = "needs_reconnect", _("Needs reconnecting")
        DISCONNECTED = "disconnected", _("Disconnected")

    platform = models.CharField(_("network"), max_length=20, choices=Network.choices)
    handle = models.CharField(_("handle"), max_length=253)
    base_url = models.URLField(
        _("server"),
        max_length=300,
        help_text=_("The PDS or instance address, e.g. https://bsky.social"),
    )
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    # JSON of the platform's secrets (tokens, app password), encrypted at rest and
    # re-encrypted by rotate_encryption_key like every EncryptedTextField.
    credentials = EncryptedTextField(_("credentials"), blank=True, editable=False)
    instance_settings = models.JSONField(
        _("network settings"), default=dict, blank=True, editable=False
    )
    rate_limit = models.JSONField(
        _("last rate-limit headers"), default=dict, blank=True, editable=False
    )
    rate_limited_until = models.DateTimeField(
        _("rate-limited until"), null=True, blank=True, editable=False
    )
    # Set by the dispatcher when the account's pacing budget is spent: no publication
    # of it is claimed before the tokens are back (deletions and lookups still are).
    paced_until = models.DateTimeField(
        _("paced until"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    status_message = models.TextField(
        _("network's message"), blank=True, help_text=_("As the network wrote it.")
    )
    is_paused = models.BooleanField(
        _("paused"),
        default=False,
        help_text=_("Nothing is sent to a paused account; its schedule is kept."),
    )
    limit_story_replies = models.BooleanField(
        _("limit replies to story posts"),
        default=True,
        help_text=_(
            "Where the network allows it, only mentioned accounts can reply to posts "
            "of migrants' stories."
        ),
    )
    countries = models.ManyToManyField(
        "data.Country",
        blank=True,
        related_name="social_accounts",
        verbose_name=_("audience countries"),
    )
    language = models.CharField(
        _("audience language"), max_length=8, choices=settings.LANGUAGES
    )
    time_zone = models.CharField(
        _("audience time zone"),
        max_length=64,
        default="UTC",
        help_text=_("An IANA time zone, e.g. America/Mexico_City"),
    )
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("connected by"),
    )
    connected_at = models.DateTimeField(_("connected at"), null=True, blank=True)
    # The network's own id of what is posted as (X user id, Facebook Page id,
    # Instagram user id, LinkedIn organization URN); blank where the handle is it.
    remote_id = models.CharField(
        _("id on the network"), max_length=200, blank=True, editable=False
    )
    # When the stored access token stops working (None: it does not expire or the
    # network does not say). The refresh job renews it before then where it can.
    credentials_expire_at = models.DateTimeField(
        _("credential expires at"), null=True, blank=True, editable=False
    )
    # When the refresh token (or a long-lived token that cannot be refreshed) stops
    # working: after it only a person can reconnect the account.
    refresh_expires_at = models.DateTimeField(
        _("reconnection needed by"), null=True, blank=True, editable=False
    )
    # When the current access token was obtained (connection or refresh): with its
    # expiry, how long it lives, so the refresh job renews it a quarter before.
    credentials_refreshed_at = models.DateTimeField(
        _("credential renewed at"), null=True, blank=True, editable=False
    )
    # The expiry the owners were last warned about (a new expiry re-arms the warning).
    expiry_warned_for = models.DateTimeField(null=True, blank=True, editable=False)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="social_accounts_owned",
        verbose_name=_("owners"),
        help_text=_(
            "Told by e-mail when the connection needs a person (besides the person "
            "who connected it)."
        ),
    )
    monthly_budget = models.DecimalField(
        _("monthly budget (USD)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "For pay-per-use networks (X): nothing is scheduled that would take the "
            "month's spending beyond this. Empty: no limit."
        ),
    )
    requires_approval = models.BooleanField(
        _("posts need approval"),
        default=True,
        help_text=_(
            "Untick only for a channel where a person publishes by hand (an export "
            "pack): a post submitted for approval then goes to it without waiting."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("social account")
        verbose_name_plural = _("social accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "base_url", "handle"],
                name="social_account_unique_handle",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.handle}"

    @property
    def can_publish(self) -> bool:
        return self.status == self.Status.ACTIVE and not self.is_paused

    @property
    def needs_reconnect(self) -> bool:
        return self.status == self.Status.NEEDS_RECONNECT

    def get_credentials(self) -> dict[str, str]:
        if not self.credentials:
            return {}
        value: dict[str, str] = json.loads(self.credentials)
        return value

    def set_credentials(self, values: dict[str, str]) -> None:
        self.credentials = json.dumps(values, sort_keys=True) if values else ""

    def connection(self) -> Connection:
        """The account as a network module sees it (secrets decrypted)."""
        from .platforms.base import Connection, RateLimit

        limit = self.rate_limit or {}
        rate_limit = None
        if limit:
            reset = limit.get("reset_at")
            rate_limit = RateLimit(
                limit=limit.get("limit"),
                remaining=limit.get("remaining"),
                reset_at=datetime.fromisoformat(reset) if reset else None,
            )
        return Connection(
            base_url=self.base_url,
            handle=self.handle,
            credentials=self.get_credentials(),
            settings=dict(self.instance_settings or {}),
            rate_limit=rate_limit,
            expires_at=self.credentials_expire_at,
        )

    def store_connection(self, connection: Connection) -> list[str]:
        """Keep what a module changed on the connection (new tokens, instance
        settings, rate-limit headers); saves only those fields and returns them."""
        fields: list[str] = []
        if connection.credentials_changed:
            self.set_credentials(connection.credentials)
            connection.credentials_changed = False
            fields.append("credentials")
            if connection.expires_at != self.credentials_expire_at:
                # A module refreshed the token during a call (replace_tokens).
                self.credentials_expire_at = connection.expires_at
                self.credentials_refreshed_at = timezone.now()
                fields += ["credentials_expire_at", "credentials_refreshed_at"]
        if connection.settings != (self.instance_settings or {}):
            self.instance_settings = dict(connection.settings)
            fields.append("instance_settings")
        if connection.rate_limit is not None:
            value = rate_limit_json(connection.rate_limit)
            if value != self.rate_limit:
                self.rate_limit = value
                fields.append("rate_limit")
        if fields and self.pk:
            self.save(update_fields=fields)
        return fields


def rate_limit_json(rate_limit: RateLimit) -> dict[str, Any]:
    return {
        "limit": rate_limit.limit,
        "remaining": rate_limit.remaining,
        "reset_at": rate_limit.reset_at.isoformat() if rate_limit.reset_at else None,
    }


class HashtagRule(models.Model):
    """One rule choosing a campaign hashtag; the first that matches wins.

    Seeded: Spanish content → MigrantesCuentan; an audience country whose OAS
    language is Spanish → MigrantesCuentan; everyone else → MigrantsCount.
    """

    class Match(models.TextChoices):
        CONTENT_LANGUAGE = "content_language", _("Content in this language")
        AUDIENCE_COUNTRY_LANGUAGE = (
            "audience_country_language",
            _("Audience in a country with this OAS language"),
        )
        ALWAYS = "always", _("Everyone else")

    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    match = models.CharField(_("applies to"), max_length=30, choices=Match.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    hashtag = models.CharField(
        _("hashtag"),
        max_length=100,
        validators=[hashtag_validator],
        help_text=_("Without '#', in CamelCase, e.g. MigrantesCuentan."),
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("hashtag rule")
        verbose_name_plural = _("hashtag rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(match="always") | ~Q(language=""),
                name="social_hashtag_rule_language",
            )
        ]

    def __str__(self) -> str:
        if self.match == self.Match.ALWAYS:
            return f"#{self.hashtag}: {self.get_match_display()}"
        return f"#{self.hashtag}: {self.get_match_display()} ({self.language})"

    def clean(self) -> None:
        self.hashtag = self.hashtag.strip().lstrip("#")

    def matches(self, *, content_language: str, country_languages: set[str]) -> bool:
        if self.match == self.Match.ALWAYS:
            return True
        if self.match == self.Match.CONTENT_LANGUAGE:
            return content_language.split("-")[0] == self.language
        return self.language in country_languages


class Post(models.Model):
    """What to say, made from one source, with a text per language."""

    class SourceKind(models.TextChoices):
        STORY = "story", _("Story")
        DATA_FACT = "data_fact", _("Data fact")
        PAGE = "page", _("News page")
        FREE_TEXT = "free_text", _("Free text")
        INTERVIEW = "interview", _("Live interview")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("For the team only; never published."),
    )
    source_kind = models.CharField(
        _("made from"), max_length=12, choices=SourceKind.choices
    )
    story = models.ForeignKey(
        "stories.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("story"),
    )
    story_key = models.UUIDField(_("story translation key"), null=True, blank=True)
    # The story's submission, by id: a withdrawal finds the posts even after the
    # stories app erased the story rows (its hooks may run first).
    source_submission_id = models.PositiveBigIntegerField(
        _("story submission"), null=True, blank=True, db_index=True
    )
    source_revision_id = models.PositiveIntegerField(
        _("story revision"), null=True, blank=True
    )
    source_revisions = models.JSONField(
        _("story revisions per language"), default=dict, blank=True
    )
    # A source social does not know by model (an interview's announcement): its
    # owning app's UUID for it; `social.sources` describes it, take_down_derived
    # finds the posts by it.
    source_uid = models.UUIDField(
        _("source id"), null=True, blank=True, db_index=True, editable=False
    )
    fact_id = models.CharField(_("data fact"), max_length=120, blank=True)
    data_edition = models.CharField(_("data edition"), max_length=200, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_override = models.BooleanField(
        _("approved by its author (superuser override)"), default=False
    )
    review_note = models.TextField(_("reviewer's note"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True)
    takedown_reason = models.CharField(
        _("take-down reason"), max_length=200, blank=True
    )
    # Set by a take-down: whatever is (or turns out to be) on a network is deleted.
    takedown_deletes = models.BooleanField(_("delete from the networks"), default=False)
    # The repeat rule (services/recurrence.py): each scheduled delivery is shared
    # again every `repeat_every_weeks` weeks at the same local time in its zone,
    # on local dates up to `repeat_until`; both empty: the post does not repeat.
    repeat_every_weeks = models.PositiveSmallIntegerField(
        _("repeat every (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPEAT_WEEKS)],
    )
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("social post")
        verbose_name_plural = _("social posts")
        permissions = [("approve_post", _("Can approve social posts"))]
        indexes = [models.Index(fields=["story_key"], name="social_post_story_key")]
        constraints = [
            models.CheckConstraint(
                condition=Q(repeat_every_weeks__isnull=True, repeat_until__isnull=True)
                | Q(
                    repeat_every_weeks__gte=1,
                    repeat_every_weeks__lte=MAX_REPEAT_WEEKS,
                    repeat_until__isnull=False,
                ),
                name="social_post_repeat_rule",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(_("Post %(id)s") % {"id": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def repeats(self) -> bool:
        return self.repeat_every_weeks is not None and self.repeat_until is not None

    def current_source_revisions(self) -> dict[str, int | None]:
        """The live revision of each story translation this post's texts use."""
        from migrantscount.stories.models import Story

        if self.source_kind != self.SourceKind.STORY or self.story_key is None:
            return {}
        live = dict(
            Story.objects.filter(translation_key=self.story_key, live=True)
            .select_related("locale")
            .values_list("locale__language_code", "live_revision_id")
        )
        return {language: live.get(language) for language in self.source_revisions}

    def source_changed(self) -> bool:
        """Whether what the post was made from moved since it was recorded: a story
        translation redacted again (or unpublished), or a new data edition current."""
        if self.source_kind == self.SourceKind.STORY:
            if self.story_key is None:
                return True
            recorded = {
                language: int(revision) if revision is not None else None
                for language, revision in self.source_revisions.items()
            }
            return self.current_source_revisions() != recorded
        if self.source_kind == self.SourceKind.DATA_FACT:
            from .services.posts import current_data_edition

            return current_data_edition(self.fact_id) != self.data_edition
        if self.source_kind == self.SourceKind.PAGE:
            from wagtail.models import Page

            live = (
                Page.objects.filter(pk=self.page_id, live=True)
                .values_list("live_revision_id", flat=True)
                .first()
            )
            return live is None or live != self.source_revision_id
        return False


class PostText(models.Model):
    """A post's text in one language (the hashtag and link are added per delivery)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="texts", verbose_name=_("post")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(_("text"), blank=True)
    alt_text = models.TextField(
        _("image description"),
        blank=True,
        help_text=_("Required with an image: what a person who cannot see it misses."),
    )

    class Meta:
        ordering = ["post", "language"]
        verbose_name = _("post text")
        verbose_name_plural = _("post texts")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "language"], name="social_posttext_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post_id} ({self.language})"


class VariantText(models.Model):
    """One account's own text for a post, instead of its language's `PostText`
    (services/overrides.py); deleting it returns the variant to the proposed text."""

    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="variant_texts",
        verbose_name=_("post"),
    )
    account = models.ForeignKey(
        Account,
        on_delete=models.CASCADE,
        related_name="variant_texts",
        verbose_name=_("account"),
    )
    body = models.TextField(_("text for this account"))
    alt_text = models.TextField(_("image description for this account"), blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    edited_at = models.DateTimeField(_("edited at"))

    class Meta:
        ordering = ["post", "account"]
        verbose_name = _("variant text")
        verbose_name_plural = _("variant texts")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "account"], name="social_varianttext_unique_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.account_id}"


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def undelivered(self) -> DeliveryQuerySet:
        return self.filter(status__in=Delivery.UNDELIVERED)

    def due(self, now: datetime | None = None) -> DeliveryQuerySet:
        now = now or timezone.now()
        return self.filter(status=Delivery.Status.SCHEDULED, next_attempt_at__lte=now)


class Delivery(models.Model):
    """One post going to one account at one occurrence."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHING = "publishing", _("Publishing")
        UNCONFIRMED = "unconfirmed", _("Unconfirmed, being checked")
        PUBLISHED = "published", _("Published")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")
        DELETE_PENDING = "delete_pending", _("To be deleted")
        DELETING = "deleting", _("Being deleted")
        DELETED = "deleted", _("Deleted")
        MANUAL_TAKEDOWN = "manual_takedown", _("To be taken down by hand")

    # Not yet out, and still meant to go out.
    UNDELIVERED = (Status.SCHEDULED, Status.PUBLISHING, Status.UNCONFIRMED)
    # Out on the network (or maybe: unconfirmed) and so to be deleted on take-down.
    ON_NETWORK = (Status.PUBLISHED, Status.DELETE_PENDING, Status.DELETING)

    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("post"),
    )
    account = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("account"),
    )
    occurrence = models.DateTimeField(_("occurrence"))
    # A repeat of a post that repeats (services/recurrence.py): the delivery it
    # repeats (the first occurrence, scheduled by a person) and its place in the
    # series (2, 3, ...; the first occurrence is 1). Empty for a first occurrence.
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("repeat of"),
    )
    repeat_number = models.PositiveSmallIntegerField(
        _("repeat number"), null=True, blank=True
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    due_at = models.DateTimeField(_("due at"))
    # The time as a person entered it: a local date and time in a named zone. When
    # set, `due_at` is derived from them (services.schedule_times) and derived again
    # when the zone's rules change; empty for times given as instants.
    local_date = models.DateField(_("local date"), null=True, blank=True)
    local_time = models.TimeField(_("local time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[timezones.validate_time_zone],
        help_text=_("An IANA time zone, e.g. America/Asuncion"),
    )
    not_after = models.DateTimeField(
        _("not after"), help_text=_("Not sent later than this; expired instead.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("first sent at"), null=True, blank=True)
    last_error = models.TextField(
        _("network's last error"), blank=True, help_text=_("As the network wrote it.")
    )
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=100, editable=False
    )
    # The text as last sent, kept only while the outcome is unknown: a lookup after
    # an ambiguous failure compares it (Mastodon), even if a take-down blanked the
    # post meanwhile. Cleared once the delivery is settled.
    sent_text = models.TextField(_("text as sent"), blank=True, editable=False)
    remote_id = models.CharField(_("remote id"), max_length=200, blank=True)
    remote_uri = models.CharField(_("remote URI"), max_length=500, blank=True)
    remote_url = models.URLField(
        _("address on the network"), max_length=500, blank=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    delete_requested_at = models.DateTimeField(
        _("deletion requested at"), null=True, blank=True
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    takedown_reason = models.CharField(
        _("take-down reason"), max_length=200, blank=True
    )
    takedown_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken down by"),
    )
    takedown_done_at = models.DateTimeField(_("taken down at"), null=True, blank=True)
    # Pay-per-use networks (X): what publishing it costs, fixed when it is scheduled
    # (counted against the account's monthly budget until it is settled).
    cost = models.DecimalField(
        _("cost (USD)"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "account", "occurrence"],
                name="social_delivery_unique_occurrence",
            ),
            models.CheckConstraint(
                condition=Q(not_after__gte=models.F("due_at")),
                name="social_delivery_not_after_due",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="social_delivery_next"
            ),
            models.Index(fields=["account", "status"], name="social_delivery_account"),
        ]

    def __str__(self) -> str:
        return str(
            _("%(post)s to %(account)s at %(due)s")
            % {"post": self.post, "account": self.account, "due": self.due_at}
        )

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.not_after

    def repeat_position(self) -> tuple[int, int] | None:
        """(this occurrence's number, how many the post's rule makes) when the post
        repeats, counted from this occurrence's planned local date; else None."""
        post = self.post
        if post.repeat_every_weeks is None or post.repeat_until is None:
            return None
        number = self.repeat_number or 1
        zone_name = self.time_zone or self.account.time_zone
        # `occurrence` keeps the planned instant (rescheduling moves `due_at`).
        planned = timezones.in_zone(self.occurrence, zone_name).date()
        later = max((post.repeat_until - planned).days, 0) // (
            7 * post.repeat_every_weeks
        )
        return number, number + later


def default_not_after(due_at: datetime) -> datetime:
    return due_at + timedelta(hours=settings.SOCIAL_NOT_AFTER_HOURS)


class DispatchSwitch(models.Model):
    """The global pause switch (one row, pk 1): nothing is sent while paused."""

    is_paused = models.BooleanField(_("all sending paused"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch switch")
        verbose_name_plural = _("dispatch switch")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="social_switch_singleton")
        ]

    def __str__(self) -> str:
        return str(_("Sending paused") if self.is_paused else _("Sending"))

    @classmethod
    def load(cls) -> DispatchSwitch:
        switch, _created = cls.objects.get_or_create(pk=1)
        return switch


class PacingBucket(models.Model):
    """A token bucket per (account, budget), shared by every dispatcher process."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="pacing_buckets"
    )
    budget = models.CharField(max_length=60)
    tokens = models.FloatField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("pacing bucket")
        verbose_name_plural = _("pacing buckets")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "budget"], name="social_bucket_unique_budget"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.budget}: {self.tokens:.1f}"


class MetricSnapshot(models.Model):
    """What a network reported about one published delivery at one time.

    Taken on a decaying schedule after publication (services/metrics.py); None
    where the network reports no such count. The analytics app aggregates them.
    """

    delivery = models.ForeignKey(
        Delivery,
        on_delete=models.CASCADE,
        related_name="metric_snapshots",
        verbose_name=_("delivery"),
    )
    taken_at = models.DateTimeField(_("taken at"))
    # Which step of the schedule (0: after 1 hour, 1: 24 hours, ...) this was.
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    likes = models.PositiveIntegerField(_("likes"), null=True, blank=True)
    reposts = models.PositiveIntegerField(_("reposts"), null=True, blank=True)
    replies = models.PositiveIntegerField(_("replies"), null=True, blank=True)
    quotes = models.PositiveIntegerField(_("quotes"), null=True, blank=True)
    views = models.PositiveBigIntegerField(_("views"), null=True, blank=True)
    raw = models.JSONField(_("as the network reported"), default=dict, blank=True)

    class Meta:
        ordering = ["delivery", "taken_at"]
        verbose_name = _("reach snapshot")
        verbose_name_plural = _("reach snapshots")
        indexes = [
            models.Index(
                fields=["delivery", "taken_at"], name="social_snapshot_delivery"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.taken_at:%Y-%m-%d %H:%M}"


class Spend(models.Model):
    """Money a pay-per-use network (X) charged for one call: a post, a deletion, a
    lookup before a retry, a metrics read. Summed per account and calendar month."""

    account = models.ForeignKey(
        Account,
        on_delete=models.CASCADE,
        related_name="spends",
        verbose_name=_("account"),
    )
    delivery = models.ForeignKey(
        Delivery,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spends",
        verbose_name=_("delivery"),
    )
    kind = models.CharField(_("for"), max_length=40)
    amount = models.DecimalField(_("amount (USD)"), max_digits=10, decimal_places=4)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("network spending")
        verbose_name_plural = _("network spending")
        indexes = [models.Index(fields=["account", "at"], name="social_spend_month")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.kind} {self.amount}"
