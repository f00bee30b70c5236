"""Rows written with plain multi-row INSERTs (the ORM's per-instance work costs
more than the database's)."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain
from typing import Any

from django.db import connection, models

from ...sources.base import Progress

MAX_ROWS_PER_STATEMENT = 1000


POSTGRESQL_MAX_PARAMETERS = 65_535


def _column(model: type[models.Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} has no column of its own")
    return column


def insert_rows(
    model: type[models.Model],
    fields: list[str],
    rows: list[tuple[Any, ...]],
    progress: Progress,
) -> None:
    """Plain multi-row INSERTs, up to 1,000 rows per statement: the ORM's
    per-instance work dominated imports of 150,000 rows, and these rows need no
    signals or defaults."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    if connection.vendor == "sqlite":
        # Django's cursor rewrites %s to ? with a regular expression on every
        # statement, which cost more than SQLite's insert; the driver takes ?.
        placeholder, cursor = "?", connection.connection.cursor()
        # Django assumes SQLite's old limit of 999 parameters; ask this build.
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        placeholder, cursor = "%s", connection.cursor()
        limit = POSTGRESQL_MAX_PARAMETERS
    per_statement = max(1, min(limit // len(fields), MAX_ROWS_PER_STATEMENT))
    row_placeholders = "(" + ", ".join([placeholder] * len(fields)) + ")"

    def statement(count: int) -> str:
        # Table and column names come from model metadata, never from input.
        return (
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
            f"VALUES {', '.join([row_placeholders] * count)}"
        )

    full = statement(per_statement)
    try:
        # Driver errors (a repeated row) become Django's, as from Django's cursor.
        with (
            connection.wrap_database_errors,
            _indexes_built_after(model, cursor, new_rows=len(rows)),
        ):
            for start in range(0, len(rows), per_statement):
                batch = rows[start : start + per_statement]
                sql = full if len(batch) == per_statement else statement(len(batch))
                cursor.execute(sql, list(chain.from_iterable(batch)))
                progress.advance(len(batch))
    finally:
        cursor.close()


@contextmanager
def _indexes_built_after(
    model: type[models.Model], cursor: Any, *, new_rows: int
) -> Iterator[None]:
    """Build the table's secondary (non-unique) indexes once, after the insert.

    One sorted build costs less than 150,000 insertions at random places, as long
    as the table does not already hold more rows than the insert brings. Only on
    SQLite, whose DDL belongs to the transaction (a failed import gets its indexes
    back) while readers keep the committed table, indexes included; on PostgreSQL
    DROP INDEX would lock readers out until the commit. Unique indexes are not
    touched: every row is still checked against them.
    """
    if connection.vendor != "sqlite" or model._default_manager.count() > new_rows:
        yield
        return
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'",
        [model._meta.db_table],
    )
    indexes = cursor.fetchall()
    for name, _sql in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    for _name, sql in indexes:
        cursor.execute(sql)
