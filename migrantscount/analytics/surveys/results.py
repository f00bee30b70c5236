"""A wave's results: per arm the responses, the mean index with its 95% interval and
the share answering "a good thing" per item with Wilson intervals; the difference
between the arms (Welch); the change since the previous wave; the median gap between
the estimated and the official share of people born abroad; campaign items.

Every breakdown of fewer than `MIN_CELL` responses is suppressed: it is counted but
none of its figures is shown or published. Intervals come from `..statistics`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from migrantscount.data.models import Country
from migrantscount.profiles.caching import cached
from migrantscount.profiles.queries.figures import Figure
from migrantscount.profiles.queries.profile import country_profile
from migrantscount.stories import geo

from ..models.surveys import (
    ACCEPTANCE_ITEMS,
    Acceptance,
    Agreement,
    SurveyResponse,
    SurveyWave,
)
from ..statistics import (
    MIN_CELL,
    Interval,
    mean_interval,
    median,
    welch_difference,
    wilson_interval,
)
from .questionnaire import ACCEPTANCE_PROMPTS

DESIGN_RANDOMISED = _(
    "Design: randomised within the wave. Respondents were assigned by chance to "
    "read the campaign item or a neutral text before answering, so a difference "
    "between the two groups can be attributed to the item."
)
DESIGN_BEFORE_AFTER = _(
    "Design: before/after between waves, not causal. Other things changed between "
    "the waves, and so did the people who answered."
)
DESIGN_DESCRIPTIVE = _("Design: descriptive, one wave.")
SAMPLE = _("Sample: self-selected online sample, not representative of the population.")
SIMULATED = _(
    "Simulated responses, made up for the demonstration: these are not real answers."
)
SUPPRESSED = _("Fewer than %(minimum)s responses: not shown.")


@dataclass(frozen=True)
class ItemShare:
    item: str
    label: str
    good: Interval | None


@dataclass(frozen=True)
class Group:
    """The index and the item shares of one group of responses."""

    key: str
    label: str
    responses: int
    index: Interval | None = None
    items: list[ItemShare] = field(default_factory=list)
    index_values: tuple[int, ...] = ()

    @property
    def is_suppressed(self) -> bool:
        return self.responses < MIN_CELL


@dataclass(frozen=True)
class Gap:
    country: str
    name: str
    official: Figure
    responses: int
    median_estimate: float | None = None
    median_gap: float | None = None

    @property
    def is_suppressed(self) -> bool:
        return self.responses < MIN_CELL


@dataclass(frozen=True)
class CampaignItemResult:
    key: str
    statement: str
    responses: int
    agree: Interval | None = None


@dataclass(frozen=True)
class WaveResults:
    wave: SurveyWave
    responses: int
    overall: Group
    arms: list[Group]
    difference: Interval | None
    previous: SurveyWave | None
    change: Interval | None
    comparison_now: Group | None
    comparison_before: Group | None
    gaps: list[Gap]
    overall_gap: Gap | None
    countries: list[Group]
    campaign_items: list[CampaignItemResult]

    @property
    def has_experiment(self) -> bool:
        return bool(self.arms)

    @property
    def minimum(self) -> int:
        return MIN_CELL

    def notes(self) -> list[str | Promise]:
        """The design and sample lines every chart and table of the wave carries."""
        lines: list[str | Promise] = []
        if self.wave.is_simulated:
            lines.append(SIMULATED)
        lines.append(DESIGN_RANDOMISED if self.has_experiment else DESIGN_DESCRIPTIVE)
        lines.append(SAMPLE)
        return lines


def group(key: str, label: str, responses: Sequence[SurveyResponse]) -> Group:
    count = len(responses)
    if count < MIN_CELL:
        return Group(key=key, label=label, responses=count)
    values = tuple(
        index
        for index in (row.acceptance_index for row in responses)
        if index is not None
    )
    items = []
    for item in ACCEPTANCE_ITEMS:
        answered = [getattr(row, item) for row in responses if getattr(row, item)]
        good = sum(1 for answer in answered if answer == Acceptance.GOOD)
        items.append(
            ItemShare(
                item=item,
                label=str(ACCEPTANCE_PROMPTS[item]),
                good=wilson_interval(good, len(answered))
                if len(answered) >= MIN_CELL
                else None,
            )
        )
    return Group(
        key=key,
        label=label,
        responses=count,
        index=mean_interval(values) if len(values) >= MIN_CELL else None,
        items=items,
        index_values=values,
    )


def _difference(first: Group | None, second: Group | None) -> Interval | None:
    if first is None or second is None or first.index is None or second.index is None:
        return None
    return welch_difference(first.index_values, second.index_values)


def _official_share(country: Country) -> Figure:
    profile = cached(("profile", country.pk), lambda: country_profile(country))
    return profile.immigrants_pct_population


def misperception_gaps(
    responses: Iterable[SurveyResponse],
) -> tuple[list[Gap], Gap | None]:
    """Per country asked about: the median estimate and the median of (estimate -
    official share born abroad), against the figure the country's page shows."""
    estimates: dict[str, list[int]] = defaultdict(list)
    for row in responses:
        if row.perceived_percent is not None and row.perceived_country:
            estimates[row.perceived_country].append(int(row.perceived_percent))
    countries = Country.objects.in_bulk(list(estimates), field_name="iso3")
    gaps: list[Gap] = []
    all_gaps: list[float] = []
    for code in sorted(estimates):
        values = estimates[code]
        country = countries.get(code)
        official = _official_share(country) if country else Figure(None, "percent")
        name = geo.country_name(code)
        if len(values) < MIN_CELL:
            gaps.append(Gap(code, name, official, len(values)))
            continue
        differences = (
            [value - official.value for value in values]
            if official.value is not None
            else []
        )
        all_gaps += differences
        gaps.append(
            Gap(
                code,
                name,
                official,
                len(values),
                median_estimate=median(values),
                median_gap=median(differences),
            )
        )
    overall = None
    if len(gaps) > 1 and len(all_gaps) >= MIN_CELL:
        overall = Gap(
            "",
            str(_("All countries")),
            Figure(None, "percent"),
            len(all_gaps),
            median_gap=median(all_gaps),
        )
    return gaps, overall


def _campaign_items(
    wave: SurveyWave, responses: Sequence[SurveyResponse], language: str
) -> list[CampaignItemResult]:
    results = []
    for item in wave.campaign_items.all():
        answers = [
            row.campaign_answers[item.key]
            for row in responses
            if isinstance(row.campaign_answers.get(item.key), int)
        ]
        agree = sum(1 for answer in answers if answer >= Agreement.AGREE)
        results.append(
            CampaignItemResult(
                key=str(item.key),
                statement=item.statement(language),
                responses=len(answers),
                agree=wilson_interval(agree, len(answers))
                if len(answers) >= MIN_CELL
                else None,
            )
        )
    return results


def _comparison(responses: Iterable[SurveyResponse]) -> list[SurveyResponse]:
    """Those who did not read the campaign item in the wave (the neutral text's
    arm, or everyone when there was no experiment): the before/after comparison."""
    return [row for row in responses if row.arm != SurveyResponse.Arm.CAMPAIGN]


def wave_results(wave: SurveyWave, *, language: str = "en") -> WaveResults:
    responses = list(wave.responses.all())
    overall = group("all", str(_("All respondents")), responses)
    arms: list[Group] = []
    difference = None
    if wave.has_experiment:
        by_arm = {
            arm: [row for row in responses if row.arm == arm]
            for arm in (SurveyResponse.Arm.CAMPAIGN, SurveyResponse.Arm.PLACEBO)
        }
        arms = [group(arm.value, str(arm.label), rows) for arm, rows in by_arm.items()]
        difference = _difference(arms[0], arms[1])
    previous = wave.previous_wave
    comparison_now = comparison_before = None
    change = None
    if previous is not None:
        label = str(_("Did not read the campaign item in the wave"))
        comparison_now = group("now", label, _comparison(responses))
        comparison_before = group(
            "before", label, _comparison(previous.responses.all())
        )
        change = _difference(comparison_now, comparison_before)
    gaps, overall_gap = misperception_gaps(responses)
    by_country: dict[str, list[SurveyResponse]] = defaultdict(list)
    for row in responses:
        if row.country:
            by_country[row.country].append(row)
    countries = [
        group(code, geo.country_name(code), rows)
        for code, rows in sorted(by_country.items())
    ]
    return WaveResults(
        wave=wave,
        responses=len(responses),
        overall=overall,
        arms=arms,
        difference=difference,
        previous=previous,
        change=change,
        comparison_now=comparison_now,
        comparison_before=comparison_before,
        gaps=gaps,
        overall_gap=overall_gap,
        countries=countries,
        campaign_items=_campaign_items(wave, responses, language),
    )
