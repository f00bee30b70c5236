"""What a common search reads without scoring its matches (search_index.py,
RANK_ALL_LIMIT):

- SQLite: an fts5vocab table over the search table (each word's number of stories,
  read without a full-text match), so a search of rare words is known to be rare
  before it is ranked (search_index._vocabulary_bound);
- PostgreSQL: a GIN index on the title's vector (and the facets), so the title
  matches are read from their own index, not picked from every match's row."""

from django.db import migrations

SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS stories_storysearch_vocabulary "
    "USING fts5vocab(stories_storysearch_fts, 'row')"
)
SQLITE_REVERSE = "DROP TABLE IF EXISTS stories_storysearch_vocabulary"
POSTGRESQL = (
    "CREATE INDEX IF NOT EXISTS stories_storysearch_title_gin "
    "ON stories_storysearchentry "
    "USING gin (to_tsvector('simple', title), facet_vector)"
)
POSTGRESQL_REVERSE = "DROP INDEX IF EXISTS stories_storysearch_title_gin"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
        # Statistics on the new expression, without which the planner ignores it.
        schema_editor.execute("ANALYZE stories_storysearchentry")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("stories", "0009_search_entries_language_words")]

    operations = [migrations.RunPython(create, drop)]
