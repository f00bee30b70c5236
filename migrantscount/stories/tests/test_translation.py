"""Translators translate published stories with wagtail-localize; a translation is a
draft that goes through the same workflow, and translators cannot publish it."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from migrantscount.stories.models import Story
from migrantscount.stories.services import moderation

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator, translator

pytestmark = pytest.mark.django_db

PORTUGUESE = {
    "A bakery in Bogotá": "Uma padaria em Bogotá",
    "We bake bread for the whole street.": "Fazemos pão para a rua inteira.",
    # wagtail-localize shows a TextField's line breaks as <br/>.
    "I came from Caracas.<br/><br/>Now we employ six people in São Paulo.": (
        "Vim de Caracas.<br/><br/>Agora empregamos seis pessoas em São Paulo."
    ),
}


def _translate(story: Story, user, strings=None) -> Story:
    strings = PORTUGUESE if strings is None else strings
    portuguese = Locale.objects.get(language_code="pt")
    TranslationCreator(user, [portuguese]).create_translations(story)
    translation = Translation.objects.get(target_locale=portuguese)
    for segment in StringSegment.objects.filter(source=translation.source):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=portuguese,
            context=segment.context,
            data=strings[segment.string.data],
        )
    return Story.objects.get(translation_key=story.translation_key, locale=portuguese)


@pytest.fixture
def published_story():
    story = draft_story(SubmissionFactory(language="es"), moderator())
    return approve(story, approver())


def test_translation_starts_as_a_draft_and_waits_for_approval(published_story):
    user = translator()
    portuguese = _translate(published_story, user)
    assert portuguese.live is False

    moderation.submit_translation(portuguese, user=user)
    portuguese.refresh_from_db()
    assert portuguese.workflow_in_progress
    assert portuguese.live is False
    assert portuguese.get_latest_revision_as_object().title == "Uma padaria em Bogotá"
    assert not Story.objects.public().filter(locale__language_code="pt").exists()

    portuguese = approve(portuguese, approver())
    assert portuguese.live
    assert portuguese.title == "Uma padaria em Bogotá"
    assert portuguese.original_language == published_story.original_language
    assert portuguese.is_translation
    assert portuguese.paragraphs == [
        "Vim de Caracas.",
        "Agora empregamos seis pessoas em São Paulo.",
    ]


def test_translator_can_submit_but_not_publish(client, published_story):
    user = translator()
    portuguese = _translate(published_story, user)
    client.force_login(user)
    edit_url = f"/admin/snippets/stories/story/edit/{portuguese.pk}/"
    refused = client.post(edit_url, {"action": "publish"})
    assert refused.status_code in (302, 403)  # the admin turns 403 into a redirect
    portuguese.refresh_from_db()
    assert portuguese.live is False

    response = client.post(f"/admin/stories/translations/{portuguese.pk}/submit/")
    assert response.status_code == 302
    portuguese.refresh_from_db()
    assert portuguese.workflow_in_progress
    assert (
        not portuguese.permissions_for_user(user).can_publish()
        if hasattr(portuguese, "permissions_for_user")
        else True
    )
    # Approving the workflow publishes: a translator is not an approver.
    with pytest.raises(Exception):  # noqa: B017
        approve(portuguese, user)
    portuguese.refresh_from_db()
    assert portuguese.live is False


def test_translations_keep_the_original_language(published_story):
    portuguese = _translate(published_story, translator())
    assert portuguese.original_language == "es"
    assert portuguese.language == "pt"
