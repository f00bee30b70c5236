"""Story search through Wagtail's database search backend (SQLite FTS5, PostgreSQL
full-text), ranked, with the same results on both databases.

SQLite's FTS5 has no Spanish, French or Portuguese stemmer and the backend takes one
text-search configuration, so the text is analysed here, before either database sees
it: accents dropped and casefolded (`text.normalise_for_search`), split into words of
letters and digits, each word stemmed by Snowball in the story's language. The index
holds that analysed text and a query goes through the same analysis, so "Sao Paulo"
finds "São Paulo" and "enfermera" finds "enfermeras"; whole words only, so "port"
does not find "support". PostgreSQL runs with the `simple` configuration
(settings.WAGTAILSEARCH_BACKENDS), which only lowercases, and FTS5's default
tokenizer does no more with this text.

Only live stories are indexed (`Story.get_indexed_objects`); an unpublished story
leaves the index at once (`remove_unpublished_story`) and an erased one with its
row (erasure.py).
"""

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import snowballstemmer  # type: ignore[import-untyped]
from wagtail.search import index
from wagtail.search.backends import get_search_backend, get_search_backends
from wagtail.search.query import Or, PlainText

from .hooks import on_unpublished
from .text import normalise_for_search

if TYPE_CHECKING:
    from .models import Story, StoryQuerySet

# Snowball algorithms for the site's languages; any other language is only unaccented.
STEMMERS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese"}
# Words of a query past this are ignored (a query is at most 100 characters).
MAX_QUERY_WORDS = 8
_WORD = re.compile(r"[^\W_]+")
_local = threading.local()


def _stemmer(language: str) -> Any:
    # Snowball's stemmer objects keep state between calls: one per thread.
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return stemmers[language]


@lru_cache(maxsize=65536)
def _stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word))


def analyse(text: str, language: str) -> str:
    """Unaccented, casefolded, stemmed words of `text`, separated by spaces."""
    words = _WORD.findall(normalise_for_search(text))
    if language not in STEMMERS:
        return " ".join(words)
    return " ".join(_stem(word, language) for word in words)


class AnalysedField(index.SearchField):
    """A search field indexed as `analyse(value, story's language)`. A field named
    "title" stays the backend's title column, ranked above the rest."""

    def get_value(self, obj: "Story") -> str:
        value = super().get_value(obj)
        return analyse(str(value or ""), obj.language)


def search_stories(
    stories: "StoryQuerySet", query: str, *, language: str | None
) -> Any:
    """`stories` (already filtered on FilterFields) matching every word of `query`,
    best first: a word in the title counts twice (title and text columns).

    `language` is the language of the stories searched; without one (the API across
    languages) a story matches the query as stemmed in any of the site's languages.
    """
    languages = [language] if language else list(STEMMERS)
    analysed = []
    for code in languages:
        words = analyse(query, code).split()[:MAX_QUERY_WORDS]
        if words and " ".join(words) not in analysed:
            analysed.append(" ".join(words))
    if not analysed:
        return stories.none()
    queries = [PlainText(words, operator="and") for words in analysed]
    return get_search_backend().search(
        queries[0] if len(queries) == 1 else Or(queries), stories
    )


@on_unpublished
def remove_unpublished_story(story: "Story", delete_published: bool) -> None:
    """An offline story leaves the search index in the unpublishing transaction."""
    for backend in get_search_backends(with_auto_update=True):
        backend.delete(story)
