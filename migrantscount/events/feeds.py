from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.translation import gettext as _

from . import presentation
from .models import Interview


class InterviewsAtomFeed(Feed):  # type: ignore[type-arg]
    """Upcoming interviews (and cancellations), soonest first, in the reader's
    language; times in the audience zone of that language."""

    feed_type: type[SyndicationFeed] = Atom1Feed

    def title(self) -> str:
        return _("Live interviews — Migrants Count")

    def link(self) -> str:
        return reverse("events:index")

    def subtitle(self) -> str:
        return _("Live interviews with migrants in the Americas.")

    def items(self) -> list[Interview]:
        return list(
            Interview.objects.upcoming()
            .select_related("series")
            .prefetch_related("texts", "series__texts")[:50]
        )

    def _language(self) -> str:
        return translation.get_language() or "en"

    def item_title(self, item: Interview) -> str:
        text = item.text_for(self._language())
        title = text.title if text else _("Live interview")
        if item.is_cancelled:
            return _("Cancelled: %(title)s") % {"title": title}
        return str(title)

    def item_description(self, item: Interview) -> str:
        language = self._language()
        text = item.text_for(language)
        when = presentation.when(
            item.starts_at,
            zone_name=presentation.audience_zone(None, language),
            language=language,
        )
        summary = text.summary if text else ""
        return f"{when}. {summary}".strip()

    def item_link(self, item: Interview) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Interview) -> str:
        return f"urn:uuid:{item.uid}"

    def item_pubdate(self, item: Interview) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Interview) -> datetime:
        return item.updated_at
