"""Posts: sources, four-eyes approval, hashtags, links, scheduling, drafts."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from migrantscount.social import audit
from migrantscount.social.models import Delivery, HashtagRule, Post, PostText
from migrantscount.social.services import posts

from . import factories
from .testnet import Network

pytestmark = pytest.mark.django_db


def country(iso3: str, oas_language: str) -> Any:
    from migrantscount.data.models import Country

    item, _created = Country.objects.get_or_create(
        iso3=iso3,
        defaults={
            "iso2": iso3[:2],
            "numeric": str(abs(hash(iso3)) % 900 + 100),
            "name_en": iso3,
            "name_es": iso3,
            "name_fr": iso3,
            "name_pt": iso3,
            "oas_language": oas_language,
        },
    )
    return item


def actions(post: Post) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(post.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- Four eyes ----------------------------------------------------------------


def test_a_campaign_approver_who_did_not_write_it_approves() -> None:
    post = factories.post(approved=False)
    approver = factories.approver()

    posts.approve_post(post, approver=approver)

    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED
    assert post.approved_by == approver and post.approved_at is not None
    assert not post.approval_override
    assert audit.POST_APPROVED in actions(post)


def test_the_author_cannot_approve_even_as_an_approver() -> None:
    author = factories.approver("writer")
    post = factories.post(approved=False, author=author)
    with pytest.raises(PermissionDenied):
        posts.approve_post(post, approver=author)
    assert Post.objects.get(pk=post.pk).status == Post.Status.DRAFT


def test_someone_outside_campaign_approvers_cannot_approve() -> None:
    post = factories.post(approved=False)
    with pytest.raises(PermissionDenied):
        posts.approve_post(post, approver=factories.user("colleague"))


def test_a_superusers_own_approval_is_an_audited_override() -> None:
    boss = factories.user("boss", is_superuser=True, is_staff=True)
    post = factories.post(approved=False, author=boss)

    posts.approve_post(post, approver=boss)

    post.refresh_from_db()
    assert post.status == Post.Status.APPROVED and post.approval_override
    assert audit.POST_APPROVAL_OVERRIDE in actions(post)


def test_submit_then_reject_then_resubmit() -> None:
    post = factories.post(approved=False)
    posts.submit_for_approval(post, user=post.author)
    posts.reject_post(post, approver=factories.approver(), note="Too long")
    post.refresh_from_db()
    assert post.status == Post.Status.REJECTED and post.review_note == "Too long"
    posts.submit_for_approval(post, user=post.author)
    assert Post.objects.get(pk=post.pk).status == Post.Status.AWAITING_APPROVAL
    assert [action for action in actions(post) if action != audit.POST_CREATED] == [
        audit.POST_SUBMITTED,
        audit.POST_REJECTED,
        audit.POST_SUBMITTED,
    ]


def test_approval_refuses_a_post_without_text_or_with_an_image_without_alt() -> None:
    empty = factories.post({"en": "  "}, approved=False)
    with pytest.raises(posts.PostError):
        posts.approve_post(empty, approver=factories.approver())


def test_editing_an_approved_post_sends_it_back_for_approval() -> None:
    post = factories.post()
    posts.update_texts(post, texts={"en": "New words."}, user=post.author)
    post.refresh_from_db()
    assert post.status == Post.Status.AWAITING_APPROVAL and post.approved_by is None
    assert PostText.objects.get(post=post, language="en").body == "New words."


def test_cancelling_a_post_cancels_its_scheduled_deliveries(testnet: Network) -> None:
    delivery = factories.delivery(due_at=timezone.now() + timedelta(hours=1))
    posts.cancel_post(delivery.post, user=None)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CANCELLED


# --- Hashtags and links ---------------------------------------------------------


def test_spanish_content_gets_migrantes_cuentan() -> None:
    account = factories.account(platform="bluesky")
    assert posts.hashtag_for(account, "es") == "MigrantesCuentan"
    assert posts.hashtag_for(account, "en") == "MigrantsCount"


def test_an_audience_in_a_spanish_speaking_country_gets_migrantes_cuentan() -> None:
    mexico = factories.account("mx.example")
    mexico.countries.set([country("MEX", "es")])
    canada = factories.account("ca.example")
    canada.countries.set([country("CAN", "en;fr")])
    assert posts.hashtag_for(mexico, "en") == "MigrantesCuentan"
    assert posts.hashtag_for(canada, "fr") == "MigrantsCount"


def test_hashtag_rules_are_data() -> None:
    HashtagRule.objects.create(
        sort_order=5,
        match=HashtagRule.Match.CONTENT_LANGUAGE,
        language="pt",
        hashtag="MigrantesContam",
    )
    assert posts.hashtag_for(factories.account(), "pt") == "MigrantesContam"
    rule = HashtagRule(match=HashtagRule.Match.ALWAYS, hashtag="#Migrants Count")
    rule.clean()
    with pytest.raises(ValidationError):  # a space is not allowed
        rule.full_clean()


def test_links_carry_utm_tags_replacing_old_ones() -> None:
    link = posts.link_with_utm(
        "https://example.org/story/?lang=es&utm_source=x#top",
        network="bluesky",
        post_id=7,
    )
    assert link == (
        "https://example.org/story/?lang=es&utm_source=bluesky&utm_medium=social"
        "&utm_campaign=migrantscount&utm_content=7#top"
    )
    assert posts.link_with_utm("", network="bluesky", post_id=7) == ""


def test_the_hashtag_is_not_repeated_when_the_text_has_it() -> None:
    text = posts.compose_text(
        "Join #MigrantsCount today", hashtag="MigrantsCount", link="https://x.org"
    )
    assert text == "Join #MigrantsCount today\n\nhttps://x.org"


# --- Sources ------------------------------------------------------------------


def test_a_story_post_needs_consent_to_social_networks() -> None:
    submission = factories.submission(allows_social=False)
    story = factories.live_story(submission_row=submission)
    with pytest.raises(posts.PostError):
        posts.create_story_post(story, author=factories.user())


def test_a_story_post_has_each_translation_and_the_allowed_name(
    testnet: Network,
) -> None:
    submission = factories.submission(name_display="anonymous")
    story = factories.live_story(submission_row=submission, name_display="")
    factories.live_story(
        language="es",
        translation_of=story,
        title="Una panadería",
        quote="Pan.",
        name_display="",
    )

    post = posts.create_story_post(story, author=factories.user())

    texts = {text.language: text for text in post.texts.all()}
    assert set(texts) == {"en", "es"}
    assert "Ana" not in texts["en"].body and "Anonymous" in texts["en"].body
    assert texts["es"].body == "«Pan.» — Anónimo, Una panadería"
    assert texts["en"].alt_text
    assert post.source_submission_id == submission.pk
    assert post.story_key == story.translation_key
    assert set(post.source_revisions) == {"en", "es"}
    assert not post.source_changed()


def test_a_story_draft_has_the_card_with_alt_text_and_limited_replies(
    testnet: Network,
) -> None:
    story = factories.live_story(example=True)
    factories.live_story(language="es", translation_of=story, quote="Pan.")
    post = posts.create_story_post(story, author=factories.user())
    posts.approve_post(post, approver=factories.approver())
    spanish = factories.account("es.example", language="es")
    quiet = factories.account("en.example", limit_story_replies=False)
    (to_spanish,) = posts.schedule_post(post, accounts=[spanish], due_at=timezone.now())
    (to_english,) = posts.schedule_post(post, accounts=[quiet], due_at=timezone.now())

    draft = posts.draft_for(to_spanish)

    assert draft.language == "es" and draft.hashtags == ("MigrantesCuentan",)
    assert "#MigrantesCuentan" in draft.text and draft.link in draft.text
    (media,) = draft.media
    assert media.mime_type == "image/png" and media.content[:4] == b"\x89PNG"
    assert media.alt_text.endswith("#MigrantesCuentan") and "Pan." in media.alt_text
    assert draft.limit_replies is True
    assert posts.draft_for(to_english).limit_replies is False


def test_each_language_links_to_the_story_in_that_language(testnet: Network) -> None:
    story = factories.live_story(example=True)
    spanish_story = factories.live_story(
        language="es", translation_of=story, quote="Pan."
    )
    post = posts.create_story_post(story, author=factories.user())
    posts.approve_post(post, approver=factories.approver())
    spanish = factories.account("es.example", language="es")
    english = factories.account("en.example", language="en")
    (to_spanish,) = posts.schedule_post(post, accounts=[spanish], due_at=timezone.now())
    (to_english,) = posts.schedule_post(post, accounts=[english], due_at=timezone.now())

    spanish_link = posts.draft_for(to_spanish).link
    assert spanish_link.split("?")[0] == posts.absolute_url(
        spanish_story.get_absolute_url()
    )
    assert "/es/" in spanish_link and "utm_source=" in spanish_link
    assert posts.draft_for(to_english).link.split("?")[0] == post.link
    assert "/es/" not in post.link

    # A link someone chose is kept as it is, in every language.
    Post.objects.filter(pk=post.pk).update(link="https://partner.example/campaign")
    to_spanish.refresh_from_db()
    assert posts.draft_for(to_spanish).link.startswith(
        "https://partner.example/campaign?"
    )


def test_a_fact_post_quotes_figure_and_source_and_records_the_edition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = SimpleNamespace(
        dataset="Remittances", vintage_label="2024", vintage_date=timezone.now().date()
    )
    fact = SimpleNamespace(
        id="MEX.remittances-gdp.2023",
        text="Remittances were 4% of Mexico's GDP in 2023.",
        source_line="World Bank (2024)",
        url="/en/countries/mexico/",
        figure=SimpleNamespace(sources=(source,)),
    )
    monkeypatch.setattr(posts, "find_fact", lambda fact_id, language: fact)

    post = posts.create_fact_post(
        "MEX.remittances-gdp.2023", author=None, languages=["en"]
    )

    (text,) = post.texts.all()
    assert text.body == (
        "Remittances were 4% of Mexico's GDP in 2023. Source: World Bank (2024)"
    )
    assert post.link.endswith("/en/countries/mexico/")
    assert post.data_edition.startswith("Remittances 2024")
    assert not post.source_changed()
    monkeypatch.setattr(posts, "find_fact", lambda fact_id, language: None)
    assert post.source_changed()


def test_a_free_text_post_keeps_its_texts() -> None:
    post = posts.create_post(author=None, texts={"fr": "Bonjour", "pt": "Olá"})
    assert post.source_kind == Post.SourceKind.FREE_TEXT
    assert sorted(post.texts.values_list("language", flat=True)) == ["fr", "pt"]
    with pytest.raises(posts.PostError):
        posts.create_post(author=None, texts={"xx": "?"})


# --- Scheduling ---------------------------------------------------------------


def test_scheduling_fixes_an_idempotency_key_per_delivery(testnet: Network) -> None:
    post = factories.post()
    one, two = factories.account("one.example"), factories.account("two.example")
    due = timezone.now() + timedelta(hours=1)

    made = posts.schedule_post(post, accounts=[one, two], due_at=due)

    assert len({delivery.idempotency_key for delivery in made}) == 2
    assert all(delivery.next_attempt_at == due for delivery in made)
    assert audit.POST_SCHEDULED in actions(post)
    with pytest.raises(posts.PostError):
        posts.schedule_post(post, accounts=[one], due_at=due)


def test_scheduling_checks_length_and_language_first(testnet: Network) -> None:
    post = factories.post({"en": "x" * 501})
    with pytest.raises(posts.PostError) as error:
        posts.schedule_post(post, accounts=[factories.account()], due_at=timezone.now())
    assert "longer than 500" in str(error.value)
    french = factories.account("fr.example", language="fr")
    with pytest.raises(posts.PostError):
        posts.schedule_post(factories.post(), accounts=[french], due_at=timezone.now())
    assert Delivery.objects.count() == 0


def test_the_instances_own_limit_is_used(testnet: Network) -> None:
    account = factories.account(instance_settings={"max_characters": 20})
    with pytest.raises(posts.PostError):
        posts.schedule_post(factories.post(), accounts=[account], due_at=timezone.now())


def test_times_must_be_aware_and_in_order(testnet: Network) -> None:
    post = factories.post()
    account = factories.account()
    with pytest.raises(posts.PostError):
        posts.schedule_post(
            post, accounts=[account], due_at=timezone.now().replace(tzinfo=None)
        )
    due = timezone.now()
    with pytest.raises(posts.PostError):
        posts.schedule_post(
            post, accounts=[account], due_at=due, not_after=due - timedelta(seconds=1)
        )


def test_rescheduling_an_expired_delivery(testnet: Network) -> None:
    delivery = factories.delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.EXPIRED)
    due = timezone.now() + timedelta(hours=3)

    posts.reschedule_delivery(delivery, due_at=due, user=None)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SCHEDULED
    assert delivery.next_attempt_at == due
    assert delivery.not_after == due + timedelta(hours=24)


def test_a_page_post_goes_back_to_approval_when_the_page_is_edited(
    testnet: Network,
) -> None:
    from wagtail.models import Page

    root = Page.get_first_root_node()
    page = root.add_child(
        instance=Page(title="Press release", slug="press-release", live=False)
    )
    page.search_description = "Figures for 2026."
    page.save_revision().publish()
    page.refresh_from_db()

    post = posts.create_page_post(page, author=factories.user())

    (text,) = post.texts.all()
    assert text.body == "Press release. Figures for 2026."
    assert not post.source_changed()
    page.title = "Press release (corrected)"
    page.save_revision().publish()
    assert post.source_changed()
    posts.refresh_source(post, user=None)
    assert not Post.objects.get(pk=post.pk).source_changed()
