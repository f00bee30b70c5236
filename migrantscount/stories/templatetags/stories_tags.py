from django import template

from migrantscount.stories import geo

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The name of an alpha-3 country code in the active language."""
    return geo.country_name(code)


@register.simple_tag
def latest_stories(count: int = 3) -> list:
    """The newest live stories in the reader's language (for the home page)."""
    from migrantscount.stories.views import public_stories

    return list(public_stories().order_by("-first_published_at", "-pk")[:count])
