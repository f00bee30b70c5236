"""A live story's analysed text for the public story search (stories/search_index.py)."""

from django.db import models

from .story import Story


class StorySearchEntry(models.Model):
    """One row per live story: its title and public text analysed as search.py
    analyses them, and reserved tokens for the filters. Its full-text index lives
    beside it (migration 0008): on SQLite an FTS5 table kept by triggers, whose rowid
    is the story's id; on PostgreSQL generated vectors with a GIN index."""

    story = models.OneToOneField(
        Story,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    title = models.TextField()
    body = models.TextField()
    facets = models.TextField()

    def __str__(self) -> str:
        return self.title
