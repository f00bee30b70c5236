"""The campaign's hashtag rules (../shared/DOMAIN.md): Spanish → #MigrantesCuentan,
everyone else → #MigrantsCount. Editable afterwards in the admin."""

from django.db import migrations

RULES = [
    (10, "content_language", "es", "MigrantesCuentan"),
    (20, "audience_country_language", "es", "MigrantesCuentan"),
    (100, "always", "", "MigrantsCount"),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    HashtagRule = apps.get_model("social", "HashtagRule")
    if HashtagRule.objects.exists():
        return
    for sort_order, match, language, hashtag in RULES:
        HashtagRule.objects.create(
            sort_order=sort_order, match=match, language=language, hashtag=hashtag
        )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    HashtagRule = apps.get_model("social", "HashtagRule")
    for sort_order, match, language, hashtag in RULES:
        HashtagRule.objects.filter(
            sort_order=sort_order, match=match, language=language, hashtag=hashtag
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("social", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
