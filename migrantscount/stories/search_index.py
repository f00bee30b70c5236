"""The public story search's own table (StorySearchEntry and its full-text index,
migration 0008), beside Wagtail's index, which the admin listing and any search this
table cannot express still use (search.py).

Wagtail's index keeps every model's text in shared rows, so a story search joined
each match to its index entry and then to the story for the locale and filters
(docs/benchmarks.md: most of a query's time). Here one row per live story holds its
analysed title and text, each word prefixed by the story's language (`in_language`:
a search in one language reads only that language's stories), and a `facets` column
of reserved tokens for the other filters (origin, destination, sector, original
language, each SDG), so a search is one full-text match, filters included, ranked
and sliced in the index:

- SQLite: an FTS5 table over the entries (external content, kept by triggers) whose
  rowid is the story's id, ranked by bm25 with the facets weighing nothing;
- PostgreSQL: the title (weight A) and text (B) as one generated vector and the
  facets as another, one GIN index on both, ranked by ts_rank on the text.

Ties go to the newest story first. Only live stories have an entry: every save of
a story re-reads its row and writes or deletes the entry (`refresh`), a deleted
story's entry goes with it (the foreign key), and erasure removes it explicitly.
"""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import connection

from migrantscount.core.lib.languages import language_codes

from .analysis import analyse

if TYPE_CHECKING:
    from .models import Story

FTS_TABLE = "stories_storysearch_fts"
ENTRY_TABLE = "stories_storysearchentry"
# Filters a facet token can stand for, with the token's prefix.
FACETS = {
    "language": "fl",
    "origin_country": "fo",
    "destination_country": "fd",
    "sector": "fs",
    "original_language": "fa",
    "sdg": "fg",
}


def facet_token(facet: str, value: str) -> str:
    """A word no analysed text contains in the facets column: the facet's prefix
    and the value's bytes in hex (exact for any value, letters and digits only)."""
    return FACETS[facet] + value.encode().hex()


def facet_tokens(
    *,
    language: str,
    origin_country: str,
    destination_country: str,
    sector: str,
    original_language: str,
    sdgs: str,
) -> str:
    # An SDG as StoryQuerySet.with_sdg finds it: one item of the comma-separated list.
    values = [
        ("language", language),
        ("origin_country", origin_country),
        ("destination_country", destination_country),
        ("sector", sector),
        ("original_language", original_language),
        *(("sdg", part) for part in sdgs.split(",") if part),
    ]
    return " ".join(facet_token(facet, value) for facet, value in values)


def word_prefix(language: str) -> str:
    # Letters then a digit: the language code (no digit in it) ends at the first "0".
    return "".join(char for char in language.lower() if char.isalpha()) + "0"


def in_language(words: str, language: str) -> str:
    """Analysed words as the table indexes them: each prefixed by the story's
    language, so a word's doclist holds the stories of one language only and a
    search in one language needs no language facet to intersect with."""
    prefix = word_prefix(language)
    return " ".join(prefix + word for word in words.split())


def text_queries(
    queries: Sequence[str], facets: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The table's text alternatives for analysed `queries` and the facets still
    to match: one language facet becomes the words' prefix; without one, any of
    the site's languages."""
    language_facets = [
        token for token in facets if token.startswith(FACETS["language"])
    ]
    if len(set(language_facets)) == 1:
        languages = [bytes.fromhex(language_facets[0][2:]).decode()]
        facets = [token for token in facets if token not in language_facets]
    else:  # none (any language), or two that no story has at once (kept: none found)
        languages = list(language_codes())
    alternatives = []
    for words in queries:
        for language in languages:
            if in_language(words, language) not in alternatives:
                alternatives.append(in_language(words, language))
    return alternatives, list(facets)


def entry_values(story: "Story") -> dict[str, str]:
    language = story.locale.language_code
    return {
        "title": in_language(analyse(story.title, language), language),
        "body": in_language(analyse(story.search_text, language), language),
        "facets": facet_tokens(
            language=language,
            origin_country=story.origin_country,
            destination_country=story.destination_country,
            sector=story.sector,
            original_language=story.original_language,
            sdgs=story.sdgs,
        ),
    }


def refresh(story_ids: Iterable[int]) -> None:
    """Each story's entry as its saved row says: written if it is live, else gone."""
    from .models import Story, StorySearchEntry

    ids = set(story_ids)
    live = list(Story.objects.filter(pk__in=ids, live=True).select_related("locale"))
    StorySearchEntry.objects.filter(pk__in=ids - {story.pk for story in live}).delete()
    add(live)


def add(stories: Sequence["Story"]) -> None:
    """Entries for these live stories, replacing any they had."""
    from .models import StorySearchEntry

    StorySearchEntry.objects.filter(pk__in=[story.pk for story in stories]).delete()
    StorySearchEntry.objects.bulk_create(
        StorySearchEntry(story_id=story.pk, **entry_values(story)) for story in stories
    )


def remove(story_ids: Iterable[int]) -> None:
    from .models import StorySearchEntry

    StorySearchEntry.objects.filter(pk__in=list(story_ids)).delete()


def rebuild() -> int:
    """Every live story's entry, from scratch; returns how many."""
    from .models import Story, StorySearchEntry

    StorySearchEntry.objects.all().delete()
    stories = Story.objects.filter(live=True).select_related("locale").order_by("pk")
    count = 0
    for start in range(0, stories.count(), 2000):
        batch = list(stories[start : start + 2000])
        add(batch)
        count += len(batch)
    return count


def _fts_phrases(words: str) -> str:
    return " AND ".join(f'"{word}"' for word in words.split())


def _sqlite_query(queries: Sequence[str], facets: Sequence[str]) -> tuple[str, list]:
    text = " OR ".join(f"({_fts_phrases(words)})" for words in queries)
    match = f"{{title body}} : ({text})"
    if facets:
        match += f" AND facets : ({_fts_phrases(' '.join(facets))})"
    return f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]


def _postgres_query(queries: Sequence[str], facets: Sequence[str]) -> tuple[str, list]:
    text = " || ".join(["plainto_tsquery('simple', %s)"] * len(queries))
    sql, params = f"FROM {ENTRY_TABLE} WHERE document @@ ({text})", list(queries)
    if facets:
        sql += " AND facet_vector @@ %s::tsquery"
        params.append(" & ".join(facets))
    return sql, params


def search(
    queries: Sequence[str], facets: Sequence[str], *, start: int, stop: int | None
) -> list[tuple[int, float]]:
    """(story id, score) of the live stories matching every word of any of
    `queries` (analysed text) and every facet token, best first, sliced."""
    limit = None if stop is None else max(stop - start, 0)
    if connection.vendor == "sqlite":
        source, params = _sqlite_query(queries, facets)
        sql = f"SELECT rowid, bm25({FTS_TABLE}, 1.0, 1.0, 0.0) AS score {source} "
        sql += "ORDER BY score, rowid DESC LIMIT %s OFFSET %s"
        params += [-1 if limit is None else limit, start]
    else:
        source, params = _postgres_query(queries, facets)
        text = " || ".join(["plainto_tsquery('simple', %s)"] * len(queries))
        sql = f"SELECT story_id, ts_rank(document, {text}) AS score {source} "
        sql += "ORDER BY score DESC, story_id DESC LIMIT %s OFFSET %s"
        params = [*queries, *params, limit, start]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def count(queries: Sequence[str], facets: Sequence[str]) -> int:
    make = _sqlite_query if connection.vendor == "sqlite" else _postgres_query
    source, params = make(queries, facets)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {source}", params)
        return int(cursor.fetchone()[0])
