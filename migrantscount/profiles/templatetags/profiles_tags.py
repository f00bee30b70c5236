from django import template

from migrantscount.profiles.queries.figures import Figure
from migrantscount.profiles.queries.indicators import KINDS

register = template.Library()


@register.filter
def persons(value: float | None) -> str:
    return Figure(value, "persons").display()


@register.simple_tag
def map_value(value: float | None, code: str) -> str:
    """A map row's value as the page shows it ("not published" when missing)."""
    return Figure(value, KINDS[code]).display()
