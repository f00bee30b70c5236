"""Perception surveys: waves, their texts and campaign items, and anonymous responses.

The core instrument is Gallup's Migrant Acceptance Index (three items, scored good
thing 3, depends or don't know 1, bad thing 0; index 0-9; a respondent missing an item
has no index), plus a misperception item (the share of people living in a country who
were born abroad, compared with the official figure) and optional campaign items.
A response holds no address, no time finer than the day and no identifier; the arm
it was randomly assigned to is logged on it (docs/analytics.md "Perception surveys").
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

survey_languages_validator = RegexValidator(
    r"^(en|es|fr|pt)(,(en|es|fr|pt))*$",
    _("Language codes of the site separated by commas, without spaces, e.g. es,en"),
)


class Acceptance(models.TextChoices):
    """The answers to each Migrant Acceptance Index item."""

    GOOD = "good", _("A good thing")
    DEPENDS = "depends", _("It depends")
    DONT_KNOW = "dont_know", _("Don't know")
    BAD = "bad", _("A bad thing")


# Gallup's scoring: good thing 3, depends or don't know 1, bad thing 0.
ACCEPTANCE_POINTS = {
    Acceptance.GOOD: 3,
    Acceptance.DEPENDS: 1,
    Acceptance.DONT_KNOW: 1,
    Acceptance.BAD: 0,
}
# The three items, in Gallup's order of increasing personal proximity.
ACCEPTANCE_ITEMS = ("living", "neighbour", "relative")


class Agreement(models.IntegerChoices):
    """The five-point answer to a campaign item."""

    STRONGLY_DISAGREE = 1, _("Strongly disagree")
    DISAGREE = 2, _("Disagree")
    NEITHER = 3, _("Neither agree nor disagree")
    AGREE = 4, _("Agree")
    STRONGLY_AGREE = 5, _("Strongly agree")


class SurveyWaveQuerySet(models.QuerySet["SurveyWave"]):
    def open_at(self, moment: datetime | None = None) -> SurveyWaveQuerySet:
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=moment)
        )

    def closed_at(self, moment: datetime | None = None) -> SurveyWaveQuerySet:
        return self.filter(closes_at__lte=moment or timezone.now())


class SurveyWave(ClusterableModel):  # type: ignore[misc]
    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        FOLLOW_UP = "follow_up", _("Follow-up")
        OTHER = "other", _("Other")

    class Treatment(models.TextChoices):
        NONE = "none", _("No experiment")
        STORY = "story", _("A published story")
        DATA_FACT = "data_fact", _("A data fact")

    name = models.CharField(
        _("name"), max_length=120, help_text=_("For editors; readers see the titles.")
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.BASELINE
    )
    previous_wave = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="following_waves",
        verbose_name=_("previous wave"),
        help_text=_("The wave this one is compared with (before/after, not causal)."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=20,
        default="en,es,fr,pt",
        validators=[survey_languages_validator],
        help_text=_("Language codes separated by commas, e.g. es,en"),
    )
    countries = models.ManyToManyField(
        "data.Country",
        related_name="survey_waves",
        verbose_name=_("audience countries"),
        help_text=_("Where the respondents are meant to live."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: open until an editor sets a closing date."),
    )
    treatment = models.CharField(
        _("campaign item shown first"),
        max_length=12,
        choices=Treatment.choices,
        default=Treatment.NONE,
        help_text=_(
            "Respondents are randomly assigned to see it, or a neutral text, before "
            "answering."
        ),
    )
    treatment_story = models.ForeignKey(
        "stories.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("story shown"),
    )
    treatment_fact_country = models.ForeignKey(
        "data.Country",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of the data fact"),
    )
    treatment_fact_id = models.CharField(
        _("data fact"),
        max_length=120,
        blank=True,
        help_text=_("The fact's id, as listed on the data facts page."),
    )
    treatment_percent = models.PositiveSmallIntegerField(
        _("share assigned to the campaign item (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    is_simulated = models.BooleanField(
        _("simulated example"),
        default=False,
        help_text=_("Demonstration wave whose responses are simulated, labelled so."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SurveyWaveQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "pk"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="analytics_wave_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(treatment_percent__gte=1, treatment_percent__lte=99),
                name="analytics_wave_treatment_percent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("surveys:form", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.treatment == self.Treatment.STORY and self.treatment_story_id is None:
            raise ValidationError(
                {"treatment_story": _("Choose the story respondents may see.")}
            )
        if self.treatment == self.Treatment.DATA_FACT and not (
            self.treatment_fact_country_id and self.treatment_fact_id
        ):
            raise ValidationError(
                {"treatment_fact_id": _("Choose the country and the data fact.")}
            )
        if self.previous_wave_id is not None and self.previous_wave_id == self.pk:
            raise ValidationError({"previous_wave": _("A wave cannot follow itself.")})

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def has_experiment(self) -> bool:
        return bool(self.treatment != self.Treatment.NONE)

    def is_open(self, moment: datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment and (
            self.closes_at is None or moment < self.closes_at
        )

    def is_closed(self, moment: datetime | None = None) -> bool:
        return self.closes_at is not None and self.closes_at <= (
            moment or timezone.now()
        )

    def text_for(self, language: str) -> SurveyWaveText | None:
        texts = {text.language: text for text in self.texts.all()}
        return (
            texts.get(language) or texts.get("en") or next(iter(texts.values()), None)
        )

    def url_in(self, language: str, name: str = "surveys:form") -> str:
        with translation.override(language):
            return reverse(name, kwargs={"slug": self.slug})


class SurveyWaveText(Orderable):  # type: ignore[misc]
    wave = ParentalKey(SurveyWave, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    placebo = models.TextField(
        _("neutral text"),
        max_length=1500,
        blank=True,
        help_text=_(
            "Shown instead of the campaign item to the comparison group: about the "
            "same length, on an unrelated subject."
        ),
    )

    class Meta(Orderable.Meta):  # type: ignore[misc]
        verbose_name = _("survey wave text")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "language"], name="analytics_wave_text_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class CampaignItem(Orderable):  # type: ignore[misc]
    """An optional statement of the wave, answered on a five-point agreement scale."""

    wave = ParentalKey(
        SurveyWave, on_delete=models.CASCADE, related_name="campaign_items"
    )
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("A short name for the open data.")
    )
    statement_en = models.CharField(_("statement (English)"), max_length=300)
    statement_es = models.CharField(_("statement (Spanish)"), max_length=300)
    statement_fr = models.CharField(_("statement (French)"), max_length=300)
    statement_pt = models.CharField(_("statement (Portuguese)"), max_length=300)

    class Meta(Orderable.Meta):  # type: ignore[misc]
        verbose_name = _("campaign item")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "key"], name="analytics_campaign_item_key"
            )
        ]

    def __str__(self) -> str:
        return str(self.statement_en)

    def statement(self, language: str) -> str:
        return str(getattr(self, f"statement_{language}", "") or self.statement_en)


class SurveyResponse(models.Model):
    """One anonymous answer sheet: no address, no clock time, no identifier."""

    class Arm(models.TextChoices):
        CAMPAIGN = "campaign", _("Campaign item")
        PLACEBO = "placebo", _("Neutral text")
        NONE = "none", _("No experiment")

    class AgeBracket(models.TextChoices):
        FROM_18 = "18_24", _("18 to 24")
        FROM_25 = "25_34", _("25 to 34")
        FROM_35 = "35_49", _("35 to 49")
        FROM_50 = "50_64", _("50 to 64")
        FROM_65 = "65_plus", _("65 or older")

    wave = models.ForeignKey(
        SurveyWave, on_delete=models.CASCADE, related_name="responses"
    )
    # The random assignment, logged with the share it was drawn with.
    arm = models.CharField(_("arm"), max_length=10, choices=Arm.choices)
    assigned_percent = models.PositiveSmallIntegerField(
        _("share assigned to the campaign item when drawn (%)"), default=0
    )
    shown_campaign_item = models.BooleanField(
        _("campaign item shown"),
        default=False,
        help_text=_("False when the arm's item was no longer available."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    submitted_on = models.DateField(_("submitted on"))
    living = models.CharField(
        _("migrants living in the country"),
        max_length=10,
        choices=Acceptance.choices,
        blank=True,
    )
    neighbour = models.CharField(
        _("a migrant becoming a neighbour"),
        max_length=10,
        choices=Acceptance.choices,
        blank=True,
    )
    relative = models.CharField(
        _("a migrant marrying a close relative"),
        max_length=10,
        choices=Acceptance.choices,
        blank=True,
    )
    perceived_percent = models.PositiveSmallIntegerField(
        _("estimated share born abroad (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    perceived_country = models.CharField(
        _("country the estimate is about"), max_length=3, blank=True
    )
    campaign_answers = models.JSONField(_("campaign items"), default=dict, blank=True)
    country = models.CharField(_("country of residence"), max_length=3, blank=True)
    age_bracket = models.CharField(
        _("age"), max_length=8, choices=AgeBracket.choices, blank=True
    )
    is_simulated = models.BooleanField(_("simulated"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["wave", "arm"], name="analytics_response_arm")]
        constraints = [
            models.CheckConstraint(
                condition=Q(perceived_percent__isnull=True)
                | Q(perceived_percent__lte=100),
                name="analytics_response_percent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave} #{self.pk}"

    def item_answers(self) -> dict[str, str]:
        return {item: getattr(self, item) for item in ACCEPTANCE_ITEMS}

    @property
    def acceptance_index(self) -> int | None:
        """Gallup's index, 0-9; None when any of the three items is missing."""
        answers = self.item_answers().values()
        if not all(answers):
            return None
        return sum(ACCEPTANCE_POINTS[Acceptance(answer)] for answer in answers)
