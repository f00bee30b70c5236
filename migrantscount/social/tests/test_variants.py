"""Variants per account and their server-rendered preview (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone, translation

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.models import Delivery
from migrantscount.social.platforms import limits
from migrantscount.social.services import posts, variants

from . import factories

pytestmark = pytest.mark.django_db

NAUGHTY = (
    "<script>alert('x')</script> عربى مرحبا ‮RTL‬ "
    "Z̸̢̧a̷͎͠l̴̡̛g̶̨̛o̵͚͝ 👨‍👩‍👧‍👦 &amp; {{ var }} {% now %}"
)


@pytest.fixture
def officer() -> Any:
    roles.seed_roles()
    person = UserFactory(username="comms")  # type: ignore[no-untyped-call]
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    return person


@pytest.fixture
def audience() -> dict[str, Any]:
    return {
        "es": factories.account("es.bsky.test", platform="bluesky", language="es"),
        "en": factories.account(
            "migrantscount@mastodon.test", platform="mastodon", language="en"
        ),
        "fr": factories.account("fr.bsky.test", platform="bluesky", language="fr"),
    }


def _post(texts: dict[str, str], officer: Any = None) -> Any:
    return factories.post(texts, approved=False, author=officer)


def test_one_variant_per_account_in_its_language(audience: dict[str, Any]) -> None:
    post = _post({"es": "Los migrantes cuentan.", "en": "Migrants count."})
    with translation.override("en"):
        found = {v.account.handle: v for v in variants.variants_for(post)}
    spanish = found["es.bsky.test"]
    assert spanish.text.startswith("Los migrantes cuentan.\n\n#MigrantesCuentan ")
    assert "utm_source=bluesky" in spanish.link and spanish.link in spanish.text
    assert spanish.can_schedule
    english = found["migrantscount@mastodon.test"]
    assert "#MigrantsCount" in english.text and "utm_source=mastodon" in english.link
    assert english.measure is not None and english.measure.limit == 500

    french = found["fr.bsky.test"]
    assert french.missing_translation and not french.can_schedule
    assert french.text == ""
    (problem,) = french.problems
    assert (
        "no text in French" in problem and "nothing is translated by machine" in problem
    )


def test_the_preview_shows_what_goes_out(audience: dict[str, Any]) -> None:
    post = _post({"es": "Los migrantes cuentan.", "en": "Migrants count."})
    for variant in variants.variants_for(post):
        if variant.missing_translation:
            continue
        delivery = Delivery(
            post=post,
            account=variant.account,
            language=variant.language,
            occurrence=timezone.now(),
            due_at=timezone.now(),
            not_after=timezone.now(),
        )
        assert posts.draft_for(delivery, with_media=False).text == variant.text


def test_preview_and_check_show_the_same_number(
    officer: Any, audience: dict[str, Any]
) -> None:
    post = _post({"es": "cuentan " * 40, "en": "ok"}, officer)
    (spanish,) = [v for v in variants.variants_for(post) if v.language == "es"]
    assert spanish.measure is not None
    counted = limits.measure("bluesky", spanish.text)
    assert spanish.measure == counted and counted.remaining < 0
    over = -counted.remaining
    assert any(f": {over} too many." in problem for problem in spanish.problems)

    client = Client()
    client.force_login(officer)
    with translation.override("en"):
        html = client.get(f"/admin/social/posts/{post.pk}/").content.decode()
    assert f"{over} characters over the 300 allowed" in html
    assert f"{over} too many." in html
    assert "No text in this language" in html  # the French account
    english_left = limits.measure(
        "mastodon",
        [v for v in variants.variants_for(post) if v.language == "en"][0].text,
    ).remaining
    assert f"{english_left} characters left of 500" in html


def test_naughty_text_is_shown_escaped(officer: Any, audience: dict[str, Any]) -> None:
    post = _post({"es": NAUGHTY, "en": NAUGHTY * 30}, officer)
    client = Client()
    client.force_login(officer)
    response = client.get(f"/admin/social/posts/{post.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "{% now %}" in html


def test_text_html_marks_link_and_hashtag_and_escapes() -> None:
    html = variants.text_html(
        "a <b> #Tag\nhttps://x.org/?a=1&b=2",
        hashtag="Tag",
        link="https://x.org/?a=1&b=2",
    )
    assert html == (
        'a &lt;b&gt; <span class="social-card__tag">#Tag</span><br>'
        '<span class="social-card__link">https://x.org/?a=1&amp;b=2</span>'
    )


def test_a_story_variant_has_its_card_and_alt_text_as_it_goes_out(
    audience: dict[str, Any],
) -> None:
    story = factories.live_story(example=True)
    factories.live_story(language="es", translation_of=story, quote="Pan.")
    post = posts.create_story_post(story, author=factories.user())
    found = {v.language: v for v in variants.variants_for(post)}
    spanish = found["es"]
    assert spanish.image_url.endswith("/card-MigrantesCuentan.png")
    assert spanish.alt_text.endswith("#MigrantesCuentan") and "Pan." in spanish.alt_text
    delivery = Delivery(
        post=post,
        account=spanish.account,
        language="es",
        occurrence=timezone.now(),
        due_at=timezone.now(),
        not_after=timezone.now(),
    )
    (media,) = posts.draft_for(delivery).media
    assert media.alt_text == spanish.alt_text
    assert found["fr"].missing_translation


@pytest.mark.parametrize(
    "value",
    [NAUGHTY, "x" * 20_000, "\u202e\u0000evil", "javascript:alert(1)", "<img src=x>"],
)
def test_naughty_input_in_every_composer_field_is_never_a_500(
    officer: Any, audience: dict[str, Any], value: str
) -> None:
    client = Client()
    client.force_login(officer)
    response = client.post(
        "/admin/social/posts/new/",
        {
            "source_kind": "free_text",
            "title": value,
            "languages": ["en", "es"],
            "link": value,
            "body_en": value,
            "body_es": value,
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "<img src=x>" not in page.content.decode()
