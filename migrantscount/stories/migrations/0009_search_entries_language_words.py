"""The public search table's words carry their story's language
(search_index.in_language): every entry written again from the live stories."""

from django.db import migrations


def refill(apps, schema_editor):
    from migrantscount.stories import search_index

    Story = apps.get_model("stories", "Story")
    StorySearchEntry = apps.get_model("stories", "StorySearchEntry")
    StorySearchEntry.objects.all().delete()
    stories = Story.objects.filter(live=True).select_related("locale").order_by("pk")
    for start in range(0, stories.count(), 2000):
        StorySearchEntry.objects.bulk_create(
            StorySearchEntry(story_id=story.pk, **search_index.entry_values(story))
            for story in stories[start : start + 2000]
        )
    if schema_editor.connection.vendor == "sqlite":
        # Merges FTS5's segments, which still hold the replaced entries' deletions.
        schema_editor.execute(
            "INSERT INTO stories_storysearch_fts(stories_storysearch_fts) "
            "VALUES ('optimize')"
        )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE stories_storysearchentry")


class Migration(migrations.Migration):
    dependencies = [("stories", "0008_search_entries")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
