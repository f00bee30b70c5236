"""Consent follows the story wherever it appears: no share links or share cards
without consent to social networks, and no name shown without consent to a name, in
every language and after any edit."""

import pytest

from migrantscount.stories.models import Scope, Story
from migrantscount.stories.services import moderation

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator, translator
from .test_four_eyes import edit_data, edit_url
from .test_translation import _translate

pytestmark = pytest.mark.django_db


def published(**submission_fields) -> Story:
    submission = SubmissionFactory.create(**submission_fields)
    return approve(draft_story(submission, moderator()), approver("publisher"))


def card_url(story: Story, hashtag: str = "MigrantsCount") -> str:
    return f"/{story.language}/stories/{story.slug}/card-{hashtag}.png"


def test_no_share_links_or_card_without_social_consent(client) -> None:
    story = published(allows_social=False, language="es")
    page = client.get(story.get_absolute_url()).content.decode()
    assert "story-share" not in page
    assert "og:image" not in page
    assert "twitter.com/intent" not in page
    assert client.get(card_url(story, "MigrantesCuentan")).status_code == 404

    # A translation asks the same person's consent.
    portuguese = _translate(story, translator())
    moderation.submit_translation(portuguese, user=translator())
    approve(portuguese, approver("publisher"))
    portuguese.refresh_from_db()
    assert portuguese.live
    assert not portuguese.consent_allows(Scope.SOCIAL)
    page = client.get(portuguese.get_absolute_url()).content.decode()
    assert "story-share" not in page and "og:image" not in page
    assert client.get(card_url(portuguese)).status_code == 404


def test_share_links_and_card_with_social_consent(client) -> None:
    story = published(allows_social=True)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "story-share" in page and "og:image" in page
    assert client.get(card_url(story)).status_code == 200


def test_a_name_cannot_be_added_in_the_editor_without_consent(client) -> None:
    submission = SubmissionFactory.create(name="Ana", name_display="anonymous")
    story = draft_story(submission, moderator())
    client.force_login(approver())  # moderators may not edit a story in review
    response = client.post(edit_url(story), edit_data(story, name_display="Ana"))
    assert response.status_code == 200  # the form comes back with the error
    assert "did not agree to show a name" in response.content.decode()
    story.refresh_from_db()
    assert story.name_display == ""
    assert story.get_latest_revision_as_object().name_display == ""
    # With the name consented, the same edit is saved.
    named = draft_story(
        SubmissionFactory.create(name="Ana"), moderator(), name_display="A."
    )
    saved = client.post(edit_url(named), edit_data(named, name_display="Ana"))
    assert saved.status_code == 302
    named.refresh_from_db()
    assert named.get_latest_revision_as_object().name_display == "Ana"


def test_translators_cannot_override_the_name_shown() -> None:
    story = published(name="Ana", name_display="first_name")
    field = next(f for f in Story.translatable_fields if f.field_name == "name_display")
    assert field.is_overridable(story) is False
