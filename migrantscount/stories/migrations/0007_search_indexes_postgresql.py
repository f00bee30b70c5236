"""PostgreSQL indexes for story search (Wagtail's database backend): a GIN index on
the index entries' `title || body`, the vector Wagtail's query tests, and an index
on the stories' primary key as text, the join Wagtail's index entries use. Without
them a search read every story in the locale (350 ms at 50,000 stories); with them
it starts from the GIN match (docs/benchmarks.md). Nothing on SQLite (FTS5)."""

from django.db import migrations

INDEXES = {
    "stories_search_title_body_gin": (
        "wagtailsearch_indexentry USING gin ((title || body))"
    ),
    "stories_story_id_text": "stories_story (((id)::varchar(50)))",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
        # Statistics on the new expressions, without which the planner ignores them.
        schema_editor.execute("ANALYZE wagtailsearch_indexentry, stories_story")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0006_photo_titles_without_reference"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
