"""Wagtail's SQLite search backend, ranking in one pass over the FTS5 table.

Wagtail's SQLite backend orders results by a score from a correlated subquery that
runs the full-text match again for every matching row, so one query costs about
matches squared (57.9 s for one word over 50,000 stories, docs/benchmarks.md). Here
the FTS5 table is matched once: each match's index entry joined by rowid, the
caller's queryset tested on the entry's primary key (EXISTS, by primary key), bm25
in the same SELECT, ordered and sliced there; the page's rows are then read by
primary key through that queryset (its select_related, only, ...). A count is the
same match, counted. Score, tie-break (newest primary key first) and matching are
Wagtail's own.
"""

from typing import Any

from django.db.models import Exists, F, IntegerField, OuterRef
from django.db.models.functions import Cast
from wagtail.search.backends.database.sqlite.query import MatchExpression, normalize
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchResults,
)
from wagtail.search.query import MatchAll, Not
from wagtail.search.utils import get_descendants_content_types_pks


def matches(compiler: Any, config: Any) -> Any:
    """FTS5 entries matching the compiler's query whose rows its queryset allows,
    with `object_pk`; None where Wagtail's own query serves (a negated query, or a
    primary key that is not an integer)."""
    query = normalize(compiler.query)
    model = compiler.queryset.model
    if isinstance(query, (MatchAll, Not)) or not isinstance(
        model._meta.pk, IntegerField
    ):
        return None
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=config),
    )
    allowed = compiler.queryset.order_by().filter(pk=OuterRef("object_pk"))
    return (
        SQLiteFTSIndexEntry.objects.filter(match)
        .annotate(object_pk=Cast("index_entry__object_id", IntegerField()))
        # "+ 0" keeps SQLite off the content type's index: it starts from the
        # FTS5 match instead of testing the match once per index entry.
        .alias(content_type=F("index_entry__content_type_id") + 0)
        .filter(
            Exists(allowed),
            content_type__in=get_descendants_content_types_pks(model),
        )
    )


class OnePassSearchResults(SQLiteSearchResults):
    def _do_search(self) -> Any:
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        entries = matches(compiler, config) if compiler.order_by_relevance else None
        if entries is None:
            return super()._do_search()
        rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
        page = list(
            entries.annotate(score=rank)
            .order_by("score", "-object_pk")
            .values_list("object_pk", "score")[self.start : self.stop]
        )
        rows = compiler.queryset.filter(pk__in=[pk for pk, _score in page])
        by_pk = {row.pk: row for row in rows}
        results = []
        for pk, score in page:
            if pk in by_pk:  # else deleted since the match
                if self._score_field:
                    setattr(by_pk[pk], self._score_field, score)
                results.append(by_pk[pk])
        return results

    def _do_count(self) -> int:
        compiler = self.query_compiler
        entries = matches(compiler, compiler.get_config(self.backend))
        return super()._do_count() if entries is None else entries.count()


class OnePassSQLiteSearchBackend(SQLiteSearchBackend):
    results_class = OnePassSearchResults
