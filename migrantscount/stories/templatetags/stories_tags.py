from django import template

from migrantscount.stories import geo

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The name of an alpha-3 country code in the active language."""
    return geo.country_name(code)
