"""Take-down from stories' hooks: withdrawal, narrowed consent, unpublishing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from migrantscount.social.models import Delivery, Post
from migrantscount.social.services import dispatch, posts

from . import factories
from .testnet import Network

pytestmark = pytest.mark.django_db
Status = Delivery.Status


def published_story_post(testnet: Network) -> tuple[object, object, Delivery]:
    submission = factories.submission()
    story = factories.live_story(submission_row=submission)
    post = posts.create_story_post(story, author=factories.user())
    posts.approve_post(post, approver=factories.approver())
    delivery = factories.delivery(post, factories.account("one.example"))
    dispatch.run_once("w1")
    delivery.refresh_from_db()
    assert delivery.status == Status.PUBLISHED, delivery.last_error
    return submission, story, delivery


def test_withdrawal_deletes_published_posts_and_cancels_planned_ones(
    testnet: Network,
) -> None:
    from migrantscount.stories.services.submissions import withdraw_submission

    submission, story, published = published_story_post(testnet)
    planned = factories.delivery(
        published.post,
        factories.account("two.example"),
        due_at=timezone.now() + timedelta(hours=2),
    )
    calls = list(testnet.calls)

    withdraw_submission(submission, route="self")  # type: ignore[arg-type]

    assert testnet.calls == calls  # no network call inside the withdrawal
    published.refresh_from_db()
    planned.refresh_from_db()
    assert published.status == Status.DELETE_PENDING
    assert published.takedown_reason == "consent_withdrawn"
    assert planned.status == Status.CANCELLED
    post = Post.objects.get(pk=published.post_id)
    assert post.status == Post.Status.CANCELLED
    assert [text.body for text in post.texts.all()] == [""]

    dispatch.run_once("w1")
    published.refresh_from_db()
    assert published.status == Status.DELETED
    assert testnet.posts == {}


def test_removing_social_from_consent_deletes_the_posts(testnet: Network) -> None:
    from migrantscount.stories.models import Scope
    from migrantscount.stories.services.submissions import narrow_consent

    submission, _story, published = published_story_post(testnet)

    narrow_consent(submission, scopes=[Scope.SOCIAL], route="self")  # type: ignore[arg-type]

    published.refresh_from_db()
    assert published.status == Status.DELETE_PENDING
    assert published.takedown_reason == "consent_narrowed"


def test_a_withdrawal_rolls_back_if_the_take_down_fails(
    testnet: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrantscount.social.services import consent
    from migrantscount.stories.services.submissions import withdraw_submission

    submission, _story, published = published_story_post(testnet)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database trouble")

    monkeypatch.setattr(consent, "_take_down", broken)
    with pytest.raises(RuntimeError):
        withdraw_submission(submission, route="self")  # type: ignore[arg-type]
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    submission.refresh_from_db()  # type: ignore[attr-defined]
    assert not submission.is_withdrawn  # type: ignore[attr-defined]


def test_unpublishing_cancels_and_a_safety_take_down_deletes(testnet: Network) -> None:
    from migrantscount.stories import hooks

    _submission, story, published = published_story_post(testnet)
    planned = factories.delivery(
        published.post,
        factories.account("two.example"),
        due_at=timezone.now() + timedelta(hours=2),
    )

    hooks.run_unpublished_hooks(story, delete_published=False)  # type: ignore[arg-type]
    published.refresh_from_db()
    planned.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert planned.status == Status.CANCELLED

    hooks.run_unpublished_hooks(story, delete_published=True)  # type: ignore[arg-type]
    published.refresh_from_db()
    assert published.status == Status.DELETE_PENDING
    assert published.takedown_reason == "safety"


def test_take_down_reaches_posts_of_every_translation(testnet: Network) -> None:
    from migrantscount.social.services import consent

    submission = factories.submission()
    story = factories.live_story(submission_row=submission)
    spanish = factories.live_story(
        language="es", translation_of=story, title="Una panadería", quote="Pan."
    )
    post = posts.create_story_post(spanish, author=factories.user())
    assert sorted(post.texts.values_list("language", flat=True)) == ["en", "es"]

    outcome = consent.take_down_derived(story=story, reason="test")

    assert outcome.posts == 1
