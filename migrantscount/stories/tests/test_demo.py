import pytest
from django.core.management import call_command

from migrantscount.stories.demo import EXAMPLES
from migrantscount.stories.models import Story

from .helpers import ensure_locales

pytestmark = pytest.mark.django_db


def test_build_demo_stories_is_idempotent_and_labelled(client):
    ensure_locales()
    call_command("build_demo_stories")
    call_command("build_demo_stories")
    expected_rows = sum(len(example.texts) for example in EXAMPLES)
    assert Story.objects.filter(is_example=True, live=True).count() == expected_rows
    assert Story.objects.count() == expected_rows
    assert {example.language for example in EXAMPLES} >= {"en", "es", "fr", "pt"}
    portuguese = Story.objects.get(
        slug="example-bakery-bogota", locale__language_code="pt"
    )
    assert portuguese.original_language == "es"
    assert portuguese.paragraphs[0].startswith("Cheguei a Bogotá")
    content = client.get("/pt/stories/example-bakery-bogota/").content.decode()
    assert 'class="story-example"' in content  # labelled as an example
    assert "Español" in content  # the original language is shown
