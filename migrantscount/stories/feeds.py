from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from .models import Story


class StoriesRssFeed(Feed):
    """The 20 newest published stories in the reader's language."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return _("Migrants' stories — Migrants Count")

    def link(self) -> str:
        return reverse("stories:index")

    def description(self) -> str:
        return _("Stories of migrants in the Americas, told in their own words.")

    def items(self):
        return Story.objects.public_in().select_related("locale")[:20]

    def item_title(self, item: Story) -> str:
        return item.title

    def item_description(self, item: Story) -> str:
        return item.quote

    def item_link(self, item: Story) -> str:
        return item.get_absolute_url()

    def item_author_name(self, item: Story) -> str:
        return item.name_display or _("Anonymous")

    def item_pubdate(self, item: Story):
        return item.first_published_at

    def item_updateddate(self, item: Story):
        return item.last_published_at


class StoriesAtomFeed(StoriesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
