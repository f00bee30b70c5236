"""Public story pages, search, feeds, sitemap, API and share cards."""

from io import BytesIO

import pytest
from django.utils import translation
from PIL import Image

from migrantscount.stories.models import Story

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db


def _published(**overrides) -> Story:
    submission_fields = {
        key: overrides.pop(key)
        for key in ("language", "name", "name_display", "sector", "origin_country")
        if key in overrides
    }
    submission = SubmissionFactory.create(allows_social=True, **submission_fields)
    return approve(draft_story(submission, moderator(), **overrides), approver())


def test_search_ignores_accents_and_case():
    story = _published()
    assert list(Story.objects.public().matching("sao paulo")) == [story]
    assert list(Story.objects.public().matching("SÃO PAULO")) == [story]
    assert list(Story.objects.public().matching("bogota")) == [story]
    assert list(Story.objects.public().matching("lisboa")) == []


def test_index_lists_live_stories_in_the_readers_language_only(client):
    spanish = _published(language="es", title="Panadería en Bogotá")
    draft_story(
        SubmissionFactory.create(), moderator(), title="Unpublished draft story"
    )
    response = client.get("/es/stories/?q=panaderia")
    content = response.content.decode()
    assert response.status_code == 200
    assert spanish.title in content
    assert "Unpublished draft story" not in content
    assert spanish.title not in client.get("/en/stories/").content.decode()


def test_public_in_holds_the_live_stories_of_one_language():
    spanish = _published(language="es", title="Panadería en Bogotá")
    english = _published(title="A bakery story")
    draft_story(SubmissionFactory.create(language="es"), moderator(), title="Borrador")
    assert list(Story.objects.public_in("es")) == [spanish]
    with translation.override("en"):  # the reader's language by default
        assert list(Story.objects.public_in()) == [english]
    with translation.override("fr"):
        assert list(Story.objects.public_in()) == []


def test_index_filters(client):
    commerce = _published(title="Commerce story", sector="commerce")
    health = _published(title="Health story", sector="health", origin_country="HTI")
    content = client.get("/en/stories/?sector=health").content.decode()
    assert health.title in content and commerce.title not in content
    content = client.get("/en/stories/?origin=HTI").content.decode()
    assert health.title in content and commerce.title not in content
    content = client.get("/en/stories/?sdg=9").content.decode()
    assert "No stories match" in content


def test_story_page_shows_consented_fields_and_hashtag(client):
    submission = SubmissionFactory.create(
        language="es", name="Ana", name_display="first_name", allows_social=True
    )
    story = approve(
        draft_story(submission, moderator(), title="Pan y café", name_display="Ana"),
        approver(),
    )
    response = client.get(f"/es/stories/{story.slug}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ana" in content
    assert "%23MigrantesCuentan" in content  # share links pre-filled
    assert 'property="og:image"' in content and "card-MigrantesCuentan.png" in content
    switched = client.get(f"/es/stories/{story.slug}/?hashtag=MigrantsCount")
    assert "%23MigrantsCount" in switched.content.decode()


def test_english_story_uses_migrantscount(client):
    story = _published()
    content = client.get(f"/en/stories/{story.slug}/").content.decode()
    assert "%23MigrantsCount" in content and "%23MigrantesCuentan" not in content


def test_draft_story_page_is_not_found(client):
    story = draft_story(SubmissionFactory.create(), moderator())
    assert client.get(f"/en/stories/{story.slug}/").status_code == 404
    assert (
        client.get(f"/en/stories/{story.slug}/card-MigrantsCount.png").status_code
        == 404
    )


def test_share_card_is_a_1200_by_630_png(client):
    story = _published()
    response = client.get(f"/en/stories/{story.slug}/card-MigrantsCount.png")
    assert response["Content-Type"] == "image/png"
    image = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert image.size == (1200, 630)


def test_feeds_sitemap_and_api_list_published_stories_only(client):
    story = _published(title="Published one")
    draft_story(SubmissionFactory.create(), moderator(), title="Hidden draft")
    for url in ("/en/stories/feed/rss/", "/en/stories/feed/atom/", "/sitemap.xml"):
        content = client.get(url).content.decode()
        assert story.slug in content, url
        assert "hidden-draft" not in content and "Hidden draft" not in content
    data = client.get("/api/v1/stories/").json()
    assert [row["title"] for row in data["results"]] == ["Published one"]
    row = data["results"][0]
    assert "submission" not in row and "reference" not in str(row)
