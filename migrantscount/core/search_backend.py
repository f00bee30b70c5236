"""The site's search backend (settings.WAGTAILSEARCH_BACKENDS): Wagtail's database
backend, with SQLite's results ranked in one pass over FTS5 (sqlite_search.py).
PostgreSQL gets Wagtail's own backend unchanged."""

from typing import Any

from django.db import connection
from wagtail.search.backends import database
from wagtail.search.backends.database.fallback import DatabaseSearchBackend


def SearchBackend(params: dict[str, Any]) -> Any:
    """Wagtail's backend for the database in use (the name Wagtail looks up)."""
    backend = database.SearchBackend(params)
    if connection.vendor != "sqlite" or isinstance(backend, DatabaseSearchBackend):
        return backend  # not SQLite, or SQLite without FTS5: Wagtail's fallback
    # Imported here: the module needs SQLite's FTS5 model, defined on SQLite only.
    from .sqlite_search import OnePassSQLiteSearchBackend

    return OnePassSQLiteSearchBackend(params)
