"""'Start from a live interview' in the social composer: events registers the
source (social never imports events); the texts come only from the interview's own
translations, a missing language says so and cannot be scheduled, a guest without
consent to be named is not named, the hashtag and tagged link are the engine's
(issue 15)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from migrantscount.core.services.roles import COMMUNICATIONS_OFFICERS
from migrantscount.events.models import Appearance, InterviewText
from migrantscount.social.models import Account, Delivery, Post
from migrantscount.social.services import composed, posts
from migrantscount.social.sources import COMPOSER_SOURCES, describe_source
from migrantscount.stories.tests.helpers import user_in

from . import factories

pytestmark = pytest.mark.django_db


def _interview_with_guests() -> Any:
    interview = factories.interview(local_date=date(2030, 3, 10), time_zone="UTC")
    InterviewText.objects.create(
        interview=interview,
        language="es",
        title="Enfermeras del Caribe",
        summary="Tres enfermeras cuentan su trabajo.",
    )
    named = factories.own_consent_guest()
    unnamed = factories.own_consent_guest(
        name="Secret Surname", public_name="", allows_name=False, contact="b@x.org"
    )
    # Consent to the name but not to appearing live (a row made around the form's
    # check): still not named.
    not_live = factories.own_consent_guest(
        name="Off Air", public_name="Off Air", allows_live=False, contact="c@x.org"
    )
    for guest in (named, unnamed, not_live):
        Appearance.objects.create(interview=interview, guest=guest)
    return interview


def _officer_client() -> Client:
    client = Client()
    client.force_login(user_in(COMMUNICATIONS_OFFICERS, "comms"))
    return client


def test_events_registers_the_interview_as_a_composer_source() -> None:
    interview = _interview_with_guests()
    source = COMPOSER_SOURCES[Post.SourceKind.INTERVIEW]
    assert (str(interview.uid), str(interview)) in source.choices()


def test_texts_come_only_from_the_interviews_translations_and_name_consenting_guests() -> (
    None
):
    interview = _interview_with_guests()
    post, missing = composed.create_source_post(
        Post.SourceKind.INTERVIEW,
        str(interview.uid),
        author=None,
        languages=["en", "es", "fr"],
    )
    texts = dict(post.texts.values_list("language", "body"))
    assert set(texts) == {"en", "es"}
    assert missing == ["fr"]
    assert texts["es"].startswith("En vivo: Enfermeras del Caribe.")
    assert "Tres enfermeras cuentan su trabajo." in texts["es"]
    assert "Nurses from the Caribbean" in texts["en"]
    for body in texts.values():
        assert "María" in body
        assert "Secret Surname" not in body
        assert "Off Air" not in body
    assert post.source_uid == interview.uid
    assert post.link.endswith(interview.url_in("en"))
    source = describe_source(post)
    assert source is not None
    assert str(interview) in source.label


def test_the_engine_adds_the_hashtag_and_tagged_link_and_refuses_a_missing_language() -> (
    None
):
    interview = _interview_with_guests()
    post, _missing = composed.create_source_post(
        Post.SourceKind.INTERVIEW, str(interview.uid), author=None
    )
    spanish = Account.objects.create(
        platform="whatsapp", handle="es", base_url="https://w.example", language="es"
    )
    french = Account.objects.create(
        platform="whatsapp", handle="fr", base_url="https://w.example", language="fr"
    )
    (delivery,) = posts.schedule_post(
        post, accounts=[spanish], due_at=interview.starts_at
    )
    text = posts.draft_for(delivery, with_media=False).text
    assert "#MigrantesCuentan" in text
    assert "utm_source=" in text
    with pytest.raises(posts.PostError) as error:
        posts.schedule_post(post, accounts=[french], due_at=interview.starts_at)
    assert "no text in fr" in error.value.messages[0]
    assert Delivery.objects.count() == 1


def test_the_composer_form_starts_from_an_interview_and_says_what_is_missing() -> None:
    interview = _interview_with_guests()
    client = _officer_client()
    form = client.get("/admin/social/posts/new/").content.decode()
    assert "A live interview" in form
    assert str(interview.uid) in form
    response = client.post(
        "/admin/social/posts/new/",
        {
            "source_kind": "interview",
            "source_interview": str(interview.uid),
            "languages": ["es", "pt"],
            "title": "<b>Nurses</b> 🩺 \u202eRTL",
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "No text in Português" in html
    post = Post.objects.get()
    assert set(post.texts.values_list("language", flat=True)) == {"es"}
    assert post.title == "<b>Nurses</b> 🩺 \u202eRTL"
    assert "<b>Nurses</b>" not in html
    # The post page names the source.
    assert str(interview) in html


@pytest.mark.parametrize(
    "uid",
    ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "<script>", "🩺" * 300],
)
def test_an_unknown_or_naughty_interview_is_refused_clearly(uid: str) -> None:
    _interview_with_guests()
    response = _officer_client().post(
        "/admin/social/posts/new/",
        {"source_kind": "interview", "source_interview": uid, "languages": ["en"]},
    )
    assert response.status_code == 400
    assert "error-message" in response.content.decode()
    assert not Post.objects.exists()


def test_a_cancelled_interview_is_not_offered() -> None:
    interview = _interview_with_guests()
    interview.status = interview.Status.CANCELLED
    interview.save()
    source = COMPOSER_SOURCES[Post.SourceKind.INTERVIEW]
    assert str(interview.uid) not in dict(source.choices())
