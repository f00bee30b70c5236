from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

if TYPE_CHECKING:
    # For annotations only: the news index page routes its feeds here.
    from .models import NewsIndexPage, NewsPage


class NewsRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __init__(self, index: "NewsIndexPage") -> None:
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return self.index.title

    def link(self) -> str:
        return self.index.get_full_url(self.request) or "/"

    def description(self) -> str:
        return self.index.intro

    def items(self):
        return self.index.news()[:20]

    def item_title(self, item: "NewsPage") -> str:
        return item.title

    def item_description(self, item: "NewsPage") -> str:
        return item.intro

    def item_link(self, item: "NewsPage") -> str:
        return item.get_full_url(self.request) or ""

    def item_pubdate(self, item: "NewsPage"):
        return item.first_published_at

    def item_updateddate(self, item: "NewsPage"):
        return item.last_published_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.index.intro
