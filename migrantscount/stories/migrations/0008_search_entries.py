"""The public story search's own table (stories/search_index.py): one entry per live
story, its full-text index (SQLite: an FTS5 table kept by triggers; PostgreSQL:
generated vectors and a GIN index), filled from the live stories."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE stories_storysearch_fts USING fts5(title, body, facets, "
    "content='stories_storysearchentry', content_rowid='story_id')",
    "CREATE TRIGGER stories_storysearch_insert AFTER INSERT ON stories_storysearchentry "
    "BEGIN INSERT INTO stories_storysearch_fts(rowid, title, body, facets) "
    "VALUES (new.story_id, new.title, new.body, new.facets); END",
    "CREATE TRIGGER stories_storysearch_delete AFTER DELETE ON stories_storysearchentry "
    "BEGIN INSERT INTO stories_storysearch_fts"
    "(stories_storysearch_fts, rowid, title, body, facets) "
    "VALUES ('delete', old.story_id, old.title, old.body, old.facets); END",
    "CREATE TRIGGER stories_storysearch_update AFTER UPDATE ON stories_storysearchentry "
    "BEGIN INSERT INTO stories_storysearch_fts"
    "(stories_storysearch_fts, rowid, title, body, facets) "
    "VALUES ('delete', old.story_id, old.title, old.body, old.facets); "
    "INSERT INTO stories_storysearch_fts(rowid, title, body, facets) "
    "VALUES (new.story_id, new.title, new.body, new.facets); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS stories_storysearch_insert",
    "DROP TRIGGER IF EXISTS stories_storysearch_delete",
    "DROP TRIGGER IF EXISTS stories_storysearch_update",
    "DROP TABLE IF EXISTS stories_storysearch_fts",
]
POSTGRESQL = [
    "ALTER TABLE stories_storysearchentry "
    "ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('simple', body), 'B')) STORED, "
    "ADD COLUMN facet_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple', facets)) STORED",
    "CREATE INDEX stories_storysearch_gin ON stories_storysearchentry "
    "USING gin (document, facet_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS stories_storysearch_gin",
    "ALTER TABLE stories_storysearchentry DROP COLUMN IF EXISTS document, "
    "DROP COLUMN IF EXISTS facet_vector",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)


def fill(apps, schema_editor):
    from migrantscount.stories import search_index

    Story = apps.get_model("stories", "Story")
    StorySearchEntry = apps.get_model("stories", "StorySearchEntry")
    stories = Story.objects.filter(live=True).select_related("locale").order_by("pk")
    for start in range(0, stories.count(), 2000):
        StorySearchEntry.objects.bulk_create(
            StorySearchEntry(story_id=story.pk, **search_index.entry_values(story))
            for story in stories[start : start + 2000]
        )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE stories_storysearchentry")


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0007_search_indexes_postgresql"),
    ]

    operations = [
        migrations.CreateModel(
            name="StorySearchEntry",
            fields=[
                (
                    "story",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="stories.story",
                    ),
                ),
                ("title", models.TextField()),
                ("body", models.TextField()),
                ("facets", models.TextField()),
            ],
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
