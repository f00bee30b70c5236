"""The survey results' intervals, all from `scipy.stats` (nothing hand-rolled).

- a mean: Student's t interval (`ttest_1samp(...).confidence_interval`);
- a share: Wilson score interval (`binomtest(...).proportion_ci(method="wilson")`);
- a difference of two means: Welch's t interval, unequal variances
  (`ttest_ind(..., equal_var=False).confidence_interval`), with its p-value.

A sample too small for an interval (fewer than two values for a mean) gives None;
whether a figure may be shown at all is decided by the caller (suppression below
`MIN_CELL` responses).
"""

from __future__ import annotations

import statistics
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

CONFIDENCE = 0.95
# No breakdown of fewer responses than this is shown or published.
MIN_CELL = 10


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float
    n: int
    p_value: float | None = None


def mean_interval(values: Sequence[float]) -> Interval | None:
    if len(values) < 2:
        return None
    with warnings.catch_warnings():
        # Identical values (everyone answered alike) make scipy warn about
        # precision; the interval it returns is then the value itself, as it should.
        warnings.simplefilter("ignore", RuntimeWarning)
        result = stats.ttest_1samp(values, 0.0)
        low, high = result.confidence_interval(CONFIDENCE)
    return Interval(
        estimate=float(statistics.fmean(values)),
        low=float(low),
        high=float(high),
        n=len(values),
    )


def wilson_interval(successes: int, n: int) -> Interval | None:
    if n < 1:
        return None
    result = stats.binomtest(successes, n)
    interval = result.proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return Interval(
        estimate=successes / n,
        low=float(interval.low),
        high=float(interval.high),
        n=n,
    )


def welch_difference(
    first: Sequence[float], second: Sequence[float]
) -> Interval | None:
    """Mean of `first` minus mean of `second`, with Welch's interval."""
    if len(first) < 2 or len(second) < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = stats.ttest_ind(first, second, equal_var=False)
        low, high = result.confidence_interval(CONFIDENCE)
    p_value = float(result.pvalue)
    return Interval(
        estimate=float(statistics.fmean(first) - statistics.fmean(second)),
        low=float(low),
        high=float(high),
        n=len(first) + len(second),
        p_value=None if p_value != p_value else p_value,  # NaN: no variance at all
    )


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None
