"""The stories' places in menus and calls to action (see pages.sections)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from migrantscount.pages.sections import register_site_section


@register_site_section("stories", _("Stories index"))
def stories_index_url() -> str:
    return reverse("stories:index")


@register_site_section("share_story", _("Share-your-story form"))
def share_story_url() -> str:
    return reverse("stories:submit")
