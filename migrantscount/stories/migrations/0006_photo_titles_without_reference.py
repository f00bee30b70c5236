"""Public story photos published before 565502d were titled "Photo for story
<reference>" (in the publishing language): the reference opens the private record, and
the title reaches the image library, its search and its API. Retitle them with their
story's title, and reindex them so the search no longer finds the reference."""

from django.db import migrations


def retitle_public_photos(apps, schema_editor):
    StoryPhoto = apps.get_model("stories", "StoryPhoto")
    Story = apps.get_model("stories", "Story")
    Image = apps.get_model("wagtailimages", "Image")
    retitled = []
    for photo in StoryPhoto.objects.exclude(public_image=None):
        family = Story.objects.filter(translation_key=photo.translation_key)
        original = family.exclude(submission=None).select_related("submission").first()
        if original is None:
            continue
        image = Image.objects.get(pk=photo.public_image_id)
        if original.submission.reference not in image.title:
            continue
        image.title = original.title[:255]
        image.save(update_fields=["title"])
        retitled.append(image.pk)
    if retitled:
        _reindex(retitled)


def _reindex(image_pks):
    # The search index is written by Wagtail's own code from the real model (its
    # backends have no historical-model form); only rows that were retitled.
    from wagtail.images import get_image_model
    from wagtail.search.index import insert_or_update_object

    for image in get_image_model().objects.filter(pk__in=image_pks):
        insert_or_update_object(image)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0005_consent_text_v2"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunPython(retitle_public_photos, migrations.RunPython.noop),
    ]
