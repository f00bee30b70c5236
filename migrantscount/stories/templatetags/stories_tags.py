from django import template
from django.template import Context

from migrantscount.stories import geo, presentation
from migrantscount.stories.models import Story

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """The name of an alpha-3 country code in the active language."""
    return geo.country_name(code)


@register.simple_tag
def latest_stories(count: int = 3) -> list[Story]:
    """The newest live stories in the reader's language (for the home page)."""
    return list(
        Story.objects.public_in().order_by("-first_published_at", "-pk")[:count]
    )


@register.inclusion_tag("stories/includes/story_body.html", takes_context=True)
def story_body(context: Context, story: Story) -> dict[str, object]:
    """The story's article as its public page shows it (for previews, which the
    model renders without the page's view)."""
    return {
        **presentation.story_context(story, context.get("request"), hashtag=None),
        "private_photo_url": context.get("private_photo_url", ""),
    }
