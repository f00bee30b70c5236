"""Per-account texts, approval per account, who is told, and a post's history."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social import audit
from migrantscount.social.models import Delivery, Post, VariantText
from migrantscount.social.platforms import limits
from migrantscount.social.services import dispatch, export, overrides, posts, variants

from . import factories
from .testnet import Network

pytestmark = pytest.mark.django_db


def run() -> dispatch.RunResult:
    dispatch.forget_holds()
    return dispatch.run_once("w1")


def status_of(post: Post) -> str:
    post.refresh_from_db()
    return post.status


def actions(post: Post) -> list[str]:
    from wagtail.models import ModelLogEntry

    return list(
        ModelLogEntry.objects.for_instance(post)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# --- One account's own text ---------------------------------------------------


def test_an_override_changes_one_account_only_and_is_what_goes_out(
    testnet: Network,
) -> None:
    post = factories.post(texts={"en": "Migrants count."})
    first = factories.account("first.testnet.example")
    second = factories.account("second.testnet.example")
    overrides.set_variant_text(
        post, account=first, body="Our own words.", alt_text="", user=post.author
    )
    by_account = {v.account.pk: v for v in variants.variants_for(post)}
    assert by_account[first.pk].is_override
    assert by_account[first.pk].text.startswith("Our own words.")
    assert by_account[first.pk].proposed_body == "Migrants count."
    assert not by_account[second.pk].is_override
    assert by_account[second.pk].text.startswith("Migrants count.")
    posts.approve_post(post, approver=factories.approver())
    due = timezone.now() - timedelta(seconds=1)
    posts.schedule_post(post, accounts=[first, second], due_at=due)

    assert run().published == 2
    sent = sorted(item["text"].split("\n")[0] for item in testnet.posts.values())
    assert sent == ["Migrants count.", "Our own words."]


def test_removing_the_override_returns_to_the_proposed_text(testnet: Network) -> None:
    post = factories.post(texts={"en": "Migrants count."})
    target = factories.account()
    overrides.set_variant_text(post, account=target, body="Mine.", user=None)
    overrides.clear_variant_text(post, account=target, user=None)
    assert not VariantText.objects.filter(post=post).exists()
    (variant,) = variants.variants_for(post, accounts=[target])
    assert not variant.is_override and variant.body == "Migrants count."
    assert audit.POST_VARIANT_RESET in actions(post)


def test_an_over_long_override_is_kept_counted_like_the_preview_and_not_scheduled() -> (
    None
):
    post = factories.post(texts={"en": "Short."})
    target = factories.account("campaign_x", platform="x", base_url="https://x.com")
    long_text = "Migrants → count. " * 20
    overrides.set_variant_text(post, account=target, body=long_text, user=None)

    (variant,) = variants.variants_for(post, accounts=[target])
    assert variant.measure is not None
    assert variant.measure == limits.measure("x", variant.text, {})
    assert variant.over_by > 0
    assert any(str(variant.over_by) in problem for problem in variant.problems)
    with pytest.raises(ValidationError):
        posts.schedule_post(post, accounts=[target], due_at=timezone.now())
    # Following the message: shorten it, and it fits.
    overrides.set_variant_text(post, account=target, body="Migrants count.", user=None)
    (variant,) = variants.variants_for(post, accounts=[target])
    assert variant.can_schedule
    assert posts.schedule_post(post, accounts=[target], due_at=timezone.now())


def test_an_empty_override_is_refused_and_nothing_is_saved(testnet: Network) -> None:
    post = factories.post()
    with pytest.raises(ValidationError):
        overrides.set_variant_text(
            post, account=factories.account(), body="  ", user=None
        )
    assert not VariantText.objects.exists()


def test_a_story_override_keeps_the_name_form_the_consent_allows(
    testnet: Network,
) -> None:
    row = factories.submission(name="Ana Pérez", name_display="first_name")
    story = factories.live_story(submission_row=row)
    post = posts.create_story_post(story, author=factories.user())
    target = factories.account()
    with pytest.raises(ValidationError, match="Ana"):
        overrides.set_variant_text(
            post, account=target, body="We bake bread — Ana Pérez", user=None
        )
    with pytest.raises(ValidationError, match="Ana"):
        overrides.set_variant_text(
            post, account=target, body="We bake bread — Maria", user=None
        )
    assert not VariantText.objects.exists()
    overrides.set_variant_text(
        post, account=target, body="“We bake bread.” — Ana, in Bogotá", user=None
    )
    assert VariantText.objects.get().body.endswith("Ana, in Bogotá")


# --- Every change after approval sends the post back ------------------------------


def test_an_override_after_approval_sends_the_post_back(testnet: Network) -> None:
    post = factories.post()
    overrides.set_variant_text(
        post, account=factories.account(), body="Changed.", user=None
    )
    assert status_of(post) == Post.Status.AWAITING_APPROVAL
    assert post.approved_by is None
    assert audit.POST_BACK_TO_APPROVAL in actions(post)


def test_a_new_time_after_approval_sends_the_post_back(testnet: Network) -> None:
    delivery = factories.delivery(due_at=timezone.now() + timedelta(hours=1))
    assert status_of(delivery.post) == Post.Status.APPROVED
    posts.reschedule_delivery(
        delivery, due_at=timezone.now() + timedelta(hours=2), user=factories.user()
    )
    assert status_of(delivery.post) == Post.Status.AWAITING_APPROVAL


def test_accounts_added_after_approval_send_the_post_back(testnet: Network) -> None:
    post = factories.post()
    due = timezone.now() + timedelta(hours=1)
    officer = factories.user()
    one = factories.account("one.testnet.example")
    posts.schedule_post(post, accounts=[one], due_at=due, user=officer)
    assert status_of(post) == Post.Status.APPROVED  # the first schedule
    two = factories.account("two.testnet.example")
    posts.schedule_post(post, accounts=[two], due_at=due, user=officer)
    assert status_of(post) == Post.Status.AWAITING_APPROVAL


def test_nobody_approves_their_own_post() -> None:
    author = factories.approver("writer")
    post = factories.post(approved=False, author=author)
    posts.submit_for_approval(post, user=author)
    with pytest.raises(PermissionDenied):
        posts.approve_post(post, approver=author)
    assert status_of(post) == Post.Status.AWAITING_APPROVAL


# --- Approval per account -----------------------------------------------------


def test_an_account_that_waives_approval_gets_a_submitted_post_at_once(
    testnet: Network,
) -> None:
    post = factories.post(approved=False)
    waived = factories.account("export.testnet.example", requires_approval=False)
    strict = factories.account("strict.testnet.example")
    factories.delivery(post, waived)
    held = factories.delivery(post, strict)
    assert run().claimed == 0  # a draft goes nowhere, waived or not
    posts.submit_for_approval(post, user=post.author)

    assert run().published == 1
    held.refresh_from_db()
    assert held.status == Delivery.Status.SCHEDULED
    assert [d.account for d in post.deliveries.filter(status="published")] == [waived]


def test_the_export_pack_holds_only_posts_cleared_for_the_channel(
    testnet: Network,
) -> None:
    post = factories.post(approved=False)
    delivery = factories.delivery(post, due_at=timezone.now() + timedelta(hours=1))
    day = timezone.localtime(delivery.due_at, UTC).date()
    assert export.pack_deliveries(day) == []
    posts.approve_post(post, approver=factories.approver())
    assert [row.pk for row in export.pack_deliveries(day)] == [delivery.pk]


# --- Who is told ------------------------------------------------------------------


def approver_in(language: str, username: str) -> Any:
    person = factories.approver(username)
    profile = UserProfile.get_for_user(person)
    profile.preferred_language = language
    profile.save()
    return person


def test_approvers_are_told_once_in_their_language_when_a_post_waits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert mail.outbox == []
    approver_in("es", "aprobadora")
    approver_in("fr", "approbateur")
    author = approver_in("en", "writer")
    post = factories.post(approved=False, author=author, title="Wave 1")
    with django_capture_on_commit_callbacks(execute=True):
        posts.submit_for_approval(post, user=author)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "approbateur@example.org",
        "aprobadora@example.org",
    ]
    by_to = {message.to[0]: message for message in mail.outbox}
    assert by_to["aprobadora@example.org"].extra_headers["Content-Language"] == "es"
    assert "Wave 1" in by_to["aprobadora@example.org"].subject
    assert (
        reverse("social_admin:post", args=[post.pk])
        in by_to["approbateur@example.org"].body
    )
    # A change while it already waits tells nobody again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        posts.update_texts(post, texts={"en": "Again."}, user=author)
    assert mail.outbox == []


def test_the_author_is_told_with_the_comment_when_a_post_is_sent_back(
    django_capture_on_commit_callbacks: Any,
) -> None:
    author = factories.user("writer")
    post = factories.post(approved=False, author=author)
    posts.submit_for_approval(post, user=author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        posts.reject_post(
            post, approver=factories.approver(), note="Shorten the X text."
        )
    (message,) = mail.outbox
    assert message.to == ["writer@example.org"]
    assert "Shorten the X text." in message.body


def test_an_approved_post_changed_tells_its_approvers_again(
    django_capture_on_commit_callbacks: Any,
) -> None:
    approver_in("pt", "aprovadora")
    post = factories.post()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        overrides.set_variant_text(
            post, account=factories.account(), body="New.", user=post.author
        )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "approver@example.org",
        "aprovadora@example.org",
    ]


# --- Admin: dashboard panel, variant form, history ---------------------------------


def member(group: str, username: str) -> Any:
    person = UserFactory.create(username=username, email=f"{username}@example.org")
    person.groups.add(Group.objects.get(name=group))
    return person


@pytest.fixture
def people() -> dict[str, Any]:
    roles.seed_roles()
    return {
        "officer": member(roles.COMMUNICATIONS_OFFICERS, "comms"),
        "approver": member(roles.CAMPAIGN_APPROVERS, "checker"),
    }


def client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_dashboard_lists_posts_awaiting_the_approver(
    people: dict[str, Any],
) -> None:
    post = factories.post(approved=False, author=people["officer"], title="Wave A")
    posts.submit_for_approval(post, user=people["officer"])
    page = client_for(people["approver"]).get(reverse("wagtailadmin_home"))
    assert "Posts awaiting your approval" in page.content.decode()
    assert reverse("social_admin:post", args=[post.pk]) in page.content.decode()
    own = client_for(people["officer"]).get(reverse("wagtailadmin_home"))
    assert "Posts awaiting your approval" not in own.content.decode()


def test_the_variant_form_saves_one_accounts_text_and_keeps_refused_input(
    people: dict[str, Any], testnet: Network
) -> None:
    post = factories.post(approved=False, author=people["officer"])
    target = factories.account()
    client = client_for(people["officer"])
    url = reverse("social_admin:variant_edit", args=[post.pk, target.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"action": "save", "body": "   "})
    assert refused.status_code == 400
    saved = client.post(url, {"action": "save", "body": "<b>Ours</b> 🌎"})
    assert saved.status_code == 302
    assert VariantText.objects.get().body == "<b>Ours</b> 🌎"
    detail = client.get(reverse("social_admin:post", args=[post.pk]))
    assert "&lt;b&gt;Ours&lt;/b&gt; 🌎" in detail.content.decode()
    assert client.post(url, {"action": "reset"}).status_code == 302
    assert not VariantText.objects.exists()


def test_the_history_shows_who_did_what_and_where_it_went(
    people: dict[str, Any], testnet: Network
) -> None:
    post = factories.post(approved=False, author=people["officer"])
    posts.submit_for_approval(post, user=people["officer"])
    posts.reject_post(post, approver=people["approver"], note="Add the source.")
    posts.submit_for_approval(post, user=people["officer"])
    posts.approve_post(post, approver=people["approver"])
    factories.delivery(post)
    run()
    delivery = post.deliveries.get()
    page = client_for(people["officer"]).get(
        reverse("social_admin:post_history", args=[post.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200
    for label in (
        "Submit social post for approval",
        "Reject social post",
        "Approve social post",
        "Schedule social post",
    ):
        assert label in text
    assert "Add the source." in text
    assert "checker" in text and "comms" in text
    assert delivery.remote_url and delivery.remote_url in text


def test_the_account_form_waives_and_restores_approval(
    people: dict[str, Any], testnet: Network
) -> None:
    target = factories.account("export.testnet.example")
    client = client_for(people["officer"])
    url = reverse("social_admin:account", args=[target.pk])
    assert 'name="requires_approval"' in client.get(url).content.decode()
    form = {"display_name": "Export", "language": "es", "time_zone": "UTC"}
    assert client.post(url, form).status_code == 302
    target.refresh_from_db()
    assert target.requires_approval is False
    assert client.post(url, {**form, "requires_approval": "on"}).status_code == 302
    target.refresh_from_db()
    assert target.requires_approval is True
