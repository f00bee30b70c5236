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
  facets as another, one GIN index on both, ranked by ts_rank on the text; a GIN
  index on the title's vector and the facets for common queries.

How matches are ordered depends on how many there are (filters included):

- at most RANK_ALL_LIMIT: every match is scored (bm25 / ts_rank: a word in the title
  counts twice, the title being in the text as well), ties newest first (higher
  story id);
- more ("a common query"): scoring every match is what a search's time went on
  (docs/benchmarks.md), so none is scored. The stories whose title holds every word
  of the query (of one of its alternatives) come first, then all the other matches,
  each group newest first, read in id order and stopping at the page: SQLite with
  FTS5 column filters (`{title} : ...`, `... NOT {title} : ...`), PostgreSQL with
  the title's own vector (`to_tsvector('simple', title)`, the lexemes of weight A in
  the document; GIN index of migration 0010). The slice and the count stay exact.

Which of the two is decided without counting every match, and a rare search's page
still takes one full-text match (tests/test_search.py):
- SQLite: each word's number of stories in the FTS5 vocabulary (migration 0010)
  bounds the matches; at most the limit, the page is ranked at once; else the
  matches are counted up to RANK_ALL_LIMIT + 1 (`matches_up_to_limit`).
- PostgreSQL: the page is ranked among the first RANK_ALL_LIMIT + 1 matches found,
  counted in the same statement; more than the limit, the title-first page is read.

Only live stories have an entry: every save of a story re-reads its row and writes
or deletes the entry (`refresh`), a deleted story's entry goes with it (the foreign
key), and erasure removes it explicitly.
"""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import connection

from migrantscount.core.lib.languages import language_codes

from .analysis import analyse

if TYPE_CHECKING:
    from .models import Story

# A search with more matches than this is not ranked story by story (module
# docstring). Measured on 50,000 stories (docs/benchmarks.md): scoring costs
# ~1.2 µs a match on SQLite (bm25: 0.34 ms for 250, 0.6 for 500, 1.3 for 1,000)
# and PostgreSQL reads up to this many + 1 rows in every search (~5 µs a row,
# ~2.9 ms at 500), against a LIKE baseline at p95 of ~35 ms (SQLite) and
# 80-220 ms (PostgreSQL). At 500 (4 % of a language's stories at 50,000) both
# paths stay ≥ 10× LIKE with the rest of a search (~2 ms) counted.
RANK_ALL_LIMIT = 500

FTS_TABLE = "stories_storysearch_fts"
VOCABULARY_TABLE = "stories_storysearch_vocabulary"
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


# Which matches a query reads: all, the title matches (every word of an alternative
# in the title), the rest (matches whose title does not hold them).
ALL, TITLE, REST = "all", "title", "rest"


def _sqlite_query(
    queries: Sequence[str], facets: Sequence[str], part: str = ALL
) -> tuple[str, list]:
    text = " OR ".join(f"({_fts_phrases(words)})" for words in queries)
    match = {
        ALL: f"{{title body}} : ({text})",
        TITLE: f"{{title}} : ({text})",
        REST: f"({{title body}} : ({text}) NOT {{title}} : ({text}))",
    }[part]
    if facets:
        match += f" AND facets : ({_fts_phrases(' '.join(facets))})"
    return f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]


def _postgres_query(
    queries: Sequence[str], facets: Sequence[str], part: str = ALL
) -> tuple[str, list]:
    text = " || ".join(["plainto_tsquery('simple', %s)"] * len(queries))
    # The title's own vector (GIN index, migration 0010): the title matches.
    title = f"to_tsvector('simple', title) @@ ({text})"
    if part == TITLE:  # a title match is a match: one condition, estimated as one
        sql, params = f"FROM {ENTRY_TABLE} WHERE {title}", list(queries)
    else:
        sql, params = f"FROM {ENTRY_TABLE} WHERE document @@ ({text})", list(queries)
    if part == REST:
        sql += f" AND NOT {title}"
        params += list(queries)
    if facets:
        sql += " AND facet_vector @@ %s::tsquery"
        params.append(" & ".join(facets))
    return sql, params


def _source(
    queries: Sequence[str], facets: Sequence[str], part: str = ALL
) -> tuple[str, list]:
    """The FROM/WHERE of the matches on this connection's database."""
    make = _sqlite_query if connection.vendor == "sqlite" else _postgres_query
    return make(queries, facets, part)


def _execute(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _newest(
    queries: Sequence[str],
    facets: Sequence[str],
    part: str,
    *,
    start: int,
    limit: int | None,
) -> list[int]:
    source, params = _source(queries, facets, part)
    key = "rowid" if connection.vendor == "sqlite" else "story_id"
    sql = f"SELECT {key} {source} ORDER BY {key} DESC LIMIT %s OFFSET %s"
    if connection.vendor == "sqlite" and limit is None:
        limit = -1
    return [int(pk) for (pk,) in _execute(sql, [*params, limit, start])]


def _ranked(
    queries: Sequence[str],
    facets: Sequence[str],
    *,
    start: int,
    limit: int | None,
    capped: bool = False,
) -> tuple[list[int], int | None]:
    """The page of the matches ranked, ties newest first. `capped`: only if the
    matches are few, in the same statement: the first RANK_ALL_LIMIT + 1 matches
    found are scored and counted (the count comes with the page's rows, so it is
    unknown, None, when the page is empty)."""
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        source, params = _sqlite_query(queries, facets)
        score = f"bm25({FTS_TABLE}, 1.0, 1.0, 0.0)"
        key, order = "rowid", "score, id DESC"
    else:
        source, params = _postgres_query(queries, facets)
        text = " || ".join(["plainto_tsquery('simple', %s)"] * len(queries))
        score, key, order = (
            f"ts_rank(document, {text})",
            "story_id",
            "score DESC, id DESC",
        )
        params = [*queries, *params]
    matches = f"SELECT {key} AS id, {score} AS score {source}"
    sql = matches
    if capped:
        # `matches` is this module's SQL, the query text in parameters.
        sql = f"SELECT id, count(*) OVER () FROM ({matches} LIMIT %s) AS capped"  # noqa: S608
        params.append(RANK_ALL_LIMIT + 1)
    sql += f" ORDER BY {order} LIMIT %s OFFSET %s"
    params += [-1 if sqlite and limit is None else limit, start]
    rows = _execute(sql, params)
    return [int(pk) for pk, _total in rows], (
        int(rows[0][1]) if capped and rows else None
    )


def _title_first(
    queries: Sequence[str], facets: Sequence[str], *, start: int, limit: int | None
) -> list[int]:
    """The page of the title matches then the others, each newest first."""
    if limit == 0:
        return []
    found = _newest(queries, facets, TITLE, start=start, limit=limit)
    if limit is not None and len(found) == limit:
        return found
    # The page goes on with the other matches: from their first if it holds a title
    # match, else past the title matches before `start` (counted only then).
    rest_start = 0 if found or not start else start - count(queries, facets, TITLE)
    rest_limit = None if limit is None else limit - len(found)
    return found + _newest(queries, facets, REST, start=rest_start, limit=rest_limit)


def search(
    queries: Sequence[str],
    facets: Sequence[str],
    *,
    start: int,
    stop: int | None,
    common: bool | None = None,
) -> tuple[list[int], int | None]:
    """Ids of the live stories matching every word of any of `queries` (analysed
    text) and every facet token, in the search's order (module docstring), sliced;
    with the matches counted up to RANK_ALL_LIMIT + 1 when this learnt it.

    `common`: whether the search has more matches than RANK_ALL_LIMIT, if known
    (`matches_up_to_limit`); if not, the ranked page and the capped count come in
    one statement, and only a common search reads its matches again."""
    limit = None if stop is None else max(stop - start, 0)
    if common is None and start > RANK_ALL_LIMIT:
        # Few matches leave this page empty in either order: no need to know.
        common = True
    matches = None
    if common is None and connection.vendor == "sqlite":
        at_most = _vocabulary_bound(queries)
        if at_most is not None and at_most <= RANK_ALL_LIMIT:
            common = False
        else:
            matches = matches_up_to_limit(queries, facets)
            common = matches > RANK_ALL_LIMIT
    if common is None:
        page, matches = _ranked(queries, facets, start=start, limit=limit, capped=True)
        if matches is None or matches <= RANK_ALL_LIMIT:
            return page, matches
        common = True
    if common:
        return _title_first(queries, facets, start=start, limit=limit), matches
    return _ranked(queries, facets, start=start, limit=limit)[0], matches


def _vocabulary_bound(queries: Sequence[str]) -> int | None:
    """SQLite: at least as many stories as match `queries` (facets aside), from the
    FTS5 vocabulary (migration 0010: each word's number of stories), without
    matching: per alternative, the fewest stories holding one of its words. A word
    missing from it is in no story if it is ASCII letters and digits (FTS5's
    tokenizer keeps such a word as it is); None if another is missing (the
    tokenizer may read it otherwise)."""
    words = sorted({word for words in queries for word in words.split()})
    marks = ", ".join(["%s"] * len(words))
    # The words go in as parameters, one placeholder each.
    sql = f"SELECT term, doc FROM {VOCABULARY_TABLE} WHERE term IN ({marks})"  # noqa: S608
    stories = dict(_execute(sql, words))
    for word in set(words) - set(stories):
        if not (word.isascii() and word.isalnum()):
            return None
        stories[word] = 0
    return sum(min(stories[word] for word in words.split()) for words in queries)


def count(queries: Sequence[str], facets: Sequence[str], part: str = ALL) -> int:
    source, params = _source(queries, facets, part)
    return int(_execute(f"SELECT count(*) {source}", params)[0][0])


def matches_up_to_limit(queries: Sequence[str], facets: Sequence[str]) -> int:
    """How many stories match, counted up to RANK_ALL_LIMIT + 1 only: whether a
    search is common costs that many matches at most, and a rare search's count is
    exact."""
    source, params = _source(queries, facets)
    # `source` is this module's SQL with the query text as parameters.
    sql = f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s) AS capped"  # noqa: S608
    return int(_execute(sql, [*params, RANK_ALL_LIMIT + 1])[0][0])
