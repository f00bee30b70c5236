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

The public search reads the stories' own table (search_index.py: no join, the
filters inside the full-text match) when the stories searched are narrowed only by
filters that table holds (`_facets`); any other queryset goes through Wagtail's
backend, as the admin listing does. There, a search of more than
`search_index.RANK_ALL_LIMIT` matches is not ranked: the stories whose title holds
every word come first, then the other matches, each newest first (search_index.py).
"""

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import lookups
from django.db.models.expressions import Col
from django.db.models.sql.where import AND, OR, WhereNode
from wagtail.models import Locale
from wagtail.search import index
from wagtail.search.backends import get_search_backend, get_search_backends
from wagtail.search.query import Or, PlainText

from . import search_index
from .analysis import STEMMERS, analyse
from .hooks import on_unpublished

if TYPE_CHECKING:
    from .models import Story, StoryQuerySet

# Words of a query past this are ignored (a query is at most 100 characters).
MAX_QUERY_WORDS = 8


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
    best first: a word in the title counts twice (title and text columns); through
    the stories' table, more than RANK_ALL_LIMIT matches are listed title matches
    first, then the rest, newest first.

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
    facets = _facets(stories)
    if facets is not None:
        return IndexResults(stories, *search_index.text_queries(analysed, facets))
    queries = [PlainText(words, operator="and") for words in analysed]
    return get_search_backend().search(
        queries[0] if len(queries) == 1 else Or(queries), stories
    )


@on_unpublished
def remove_unpublished_story(story: "Story", delete_published: bool) -> None:
    """An offline story leaves the search indexes in the unpublishing transaction."""
    for backend in get_search_backends(with_auto_update=True):
        backend.delete(story)
    search_index.remove([story.pk])


# Story fields the search table holds as facets, compared by equality.
_FACET_FIELDS = {"origin_country", "destination_country", "sector", "original_language"}
_SDG_LOOKUPS: tuple[tuple[type[lookups.Lookup[Any]], str], ...] = (
    (lookups.Exact, "{}"),
    (lookups.StartsWith, "{},"),
    (lookups.EndsWith, ",{}"),
    (lookups.Contains, ",{},"),
)


def _facets(stories: "StoryQuerySet") -> list[str] | None:
    """The facet tokens standing for the queryset's filters, or None when it holds
    anything else (a slice, an exclusion, another filter, ...)."""
    query = stories.query
    where = query.where
    if query.is_sliced or query.distinct or query.combinator or where.negated:
        return None
    if where.connector != AND:
        return None
    tokens: list[str] = []
    for child in where.children:
        token = _facet(child, query)
        if token is None:
            return None
        tokens.extend(token)
    return tokens


def _facet(node: Any, query: Any) -> list[str] | None:
    if isinstance(node, WhereNode):
        sdg = _sdg(node)
        return None if sdg is None else [search_index.facet_token("sdg", sdg)]
    if type(node) is not lookups.Exact or not isinstance(node.lhs, Col):
        return None
    field, value = node.lhs.target, node.rhs
    if field.model is query.model and field.name == "live" and value is True:
        return []  # the table holds live stories only
    if not isinstance(value, str):
        return None
    if field.model is query.model and field.name in _FACET_FIELDS:
        return [search_index.facet_token(field.name, value)]
    join = query.alias_map.get(node.lhs.alias)
    from_story = getattr(join, "parent_alias", None) == query.base_table and (
        getattr(join, "join_field", None) is query.model._meta.get_field("locale")
    )
    if from_story and field is Locale._meta.get_field("language_code"):
        return [search_index.facet_token("language", value)]
    return None


def _sdg(node: WhereNode) -> str | None:
    """The goal of StoryQuerySet.with_sdg's condition, if that is what `node` is."""
    children: list[Any] = list(node.children)
    if node.negated or node.connector != OR or len(children) != len(_SDG_LOOKUPS):
        return None
    value = children[0].rhs if isinstance(children[0], lookups.Exact) else None
    if not isinstance(value, str):
        return None
    for child, (lookup, pattern) in zip(children, _SDG_LOOKUPS, strict=True):
        if type(child) is not lookup or not isinstance(child.lhs, Col):
            return None
        if child.lhs.target.name != "sdgs" or child.rhs != pattern.format(value):
            return None
    return value


class IndexResults:
    """Stories from the search table in its order (search_index: ranked, or title
    matches then the rest for a common query), sliced and counted like Wagtail's
    search results; the page's rows are read through the caller's queryset (its
    select_related, only, ...)."""

    def __init__(
        self,
        stories: "StoryQuerySet",
        queries: Sequence[str],
        facets: Sequence[str],
        start: int = 0,
        stop: int | None = None,
        matches: int | None = None,
    ) -> None:
        self.stories, self.queries, self.facets = stories, queries, facets
        self.start, self.stop = start, stop
        # search_index.matches_up_to_limit, shared with the slices taken of this.
        self._matches = matches
        self._cache: list[Story] | None = None
        self._count: int | None = None

    def __getitem__(self, key: int | slice) -> "Story | IndexResults":
        if isinstance(key, int):
            found = list(self[key : key + 1])
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step is not None or (key.start or 0) < 0 or (key.stop or 0) < 0:
            raise ValueError("Negative or stepped slices are not supported.")
        start = self.start + (key.start or 0)
        stop = self.stop
        if key.stop is not None:
            stop = self.start + key.stop
            stop = stop if self.stop is None else min(stop, self.stop)
        return IndexResults(
            self.stories, self.queries, self.facets, start, stop, self._matches
        )

    def __iter__(self) -> Iterator["Story"]:
        return iter(self._results())

    def __len__(self) -> int:
        return len(self._results())

    def _common(self) -> bool | None:
        if self._matches is None:
            return None
        return self._matches > search_index.RANK_ALL_LIMIT

    def count(self) -> int:
        if self._count is None:
            if self._matches is None:
                self._matches = search_index.matches_up_to_limit(
                    self.queries, self.facets
                )
            # A search of few matches has just been counted.
            matches = self._matches
            if self._common():
                matches = search_index.count(self.queries, self.facets)
            total = matches - self.start
            if self.stop is not None:
                total = min(total, self.stop - self.start)
            self._count = max(total, 0)
        return self._count

    def _results(self) -> list["Story"]:
        if self._cache is None:
            page, matches = search_index.search(
                self.queries,
                self.facets,
                start=self.start,
                stop=self.stop,
                common=self._common(),
            )
            if matches is not None:
                self._matches = matches
            rows = self.stories.filter(pk__in=page).order_by()
            by_pk = {row.pk: row for row in rows}
            # A row the queryset no longer allows (changed since the match) is left out.
            self._cache = [by_pk[pk] for pk in page if pk in by_pk]
        return self._cache
