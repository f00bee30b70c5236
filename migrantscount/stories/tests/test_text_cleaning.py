"""Every path that writes story text cleans it as the public form does: the Wagtail
editor (revisions and previews included) and wagtail-localize's translations."""

import pytest

from migrantscount.stories.services import moderation

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator, translator
from .test_four_eyes import edit_data, edit_url
from .test_translation import PORTUGUESE, _translate

pytestmark = pytest.mark.django_db
HOSTILE_BODY = "<script>alert(1)</script>Hello <b>there</b>\u202e&lt;img src=x&gt;"


def test_the_editor_saves_clean_text_in_the_revision(client) -> None:
    story = draft_story(SubmissionFactory.create(), moderator())
    client.force_login(approver())
    response = client.post(
        edit_url(story),
        edit_data(story, title="<i>Bread</i> <b>daily</b>", body=HOSTILE_BODY),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    draft = story.get_latest_revision_as_object()
    assert draft.title == "Bread daily"
    assert "<" not in draft.body and "script" not in draft.body
    assert "alert" not in draft.body and "\u202e" not in draft.body
    assert draft.body.startswith("Hello there")


def test_translations_are_cleaned_too() -> None:
    story = approve(draft_story(SubmissionFactory.create(), moderator()), approver())
    strings = {
        **PORTUGUESE,
        # wagtail-localize stores segments as HTML: this is the text "<script>…".
        "A bakery in Bogotá": "&lt;script&gt;alert(1)&lt;/script&gt;Uma padaria",
    }
    portuguese = _translate(story, translator(), strings)
    moderation.submit_translation(portuguese, user=translator())
    portuguese.refresh_from_db()
    assert portuguese.get_latest_revision_as_object().title == "Uma padaria"
    published = approve(portuguese, approver("second"))
    assert published.title == "Uma padaria"
