"""Figures of the survey results as the page shows them, in the reader's locale."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from ..statistics import Interval

register = template.Library()


@register.filter
def share(value: float | None) -> str:
    """0.4567 -> "45.7 %" (the locale's decimal mark)."""
    if value is None:
        return ""
    return f"{number_format(value * 100, 1)} %"


@register.filter
def decimal(value: float | None, places: int = 2) -> str:
    if value is None:
        return ""
    return str(number_format(value, places))


@register.filter
def share_interval(interval: Interval | None) -> str:
    if interval is None:
        return ""
    return f"{share(interval.low)} – {share(interval.high)}"


@register.filter
def interval(interval: Interval | None) -> str:
    if interval is None:
        return ""
    return f"{decimal(interval.low)} – {decimal(interval.high)}"
