from django import template

from migrantscount.profiles.formatting import format_number, format_usd
from migrantscount.profiles.queries import KINDS, Figure

register = template.Library()


@register.simple_tag
def chart_value(row: dict, key: str, kind: str) -> str:
    value = row.get(key)
    if kind == "persons":
        return Figure(value, "persons").display()
    if value is None:
        return Figure(None).display()
    return format_usd(value) if kind == "usd" else format_number(value)


@register.filter
def persons(value: float | None) -> str:
    return Figure(value, "persons").display()


@register.simple_tag
def map_value(value: float | None, code: str) -> str:
    """A map row's value as the page shows it ("not published" when missing)."""
    return Figure(value, KINDS[code]).display()
