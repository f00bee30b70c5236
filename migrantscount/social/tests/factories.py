"""Test helpers for the social engine: users, accounts, posts, deliveries, stories."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale

from migrantscount.core.services.roles import CAMPAIGN_APPROVERS
from migrantscount.social.models import Account, Delivery, Post, PostText
from migrantscount.social.services import posts


def user(username: str = "officer", **values: Any) -> Any:
    person, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", **values}
    )
    return person


def approver(username: str = "approver") -> Any:
    person = user(username)
    group, _created = Group.objects.get_or_create(name=CAMPAIGN_APPROVERS)
    person.groups.add(group)
    return person


def account(
    handle: str = "campaign.testnet.example",
    *,
    platform: str = "testnet",
    language: str = "en",
    **values: Any,
) -> Account:
    item = Account(
        platform=platform,
        handle=handle,
        base_url=values.pop("base_url", "https://testnet.example"),
        language=language,
        time_zone=values.pop("time_zone", "UTC"),
        **values,
    )
    item.set_credentials({"token": f"secret-token-of-{handle}"})
    item.save()
    return item


def post(
    texts: dict[str, str] | None = None,
    *,
    approved: bool = True,
    author: Any = None,
    link: str = "https://migrantscount.example/news/",
    **values: Any,
) -> Post:
    author = author or user()
    item = Post.objects.create(
        source_kind=values.pop("source_kind", Post.SourceKind.FREE_TEXT),
        author=author,
        link=link,
        **values,
    )
    for language, body in (
        texts or {"en": "Migrants count.", "es": "Cuentan."}
    ).items():
        PostText.objects.create(post=item, language=language, body=body)
    if approved:
        item = posts.approve_post(item, approver=approver())
    return item


def delivery(
    item: Post | None = None,
    target: Account | None = None,
    *,
    due_at: datetime | None = None,
    not_after: datetime | None = None,
    **values: Any,
) -> Delivery:
    """A delivery made by schedule_post (the idempotency key from the platform)."""
    item = item or post()
    target = target or account()
    due_at = due_at or timezone.now() - timedelta(seconds=1)
    (made,) = posts.schedule_post(
        item, accounts=[target], due_at=due_at, not_after=not_after, **values
    )
    return made


def seed_consent_texts() -> None:
    from migrantscount.stories.models import ConsentText

    migration = importlib.import_module(
        "migrantscount.stories.migrations.0002_consent_text_v1"
    )
    for language, text in migration.V1.items():
        ConsentText.objects.get_or_create(
            language=language, version=1, defaults={"text": text}
        )


def submission(**values: Any) -> Any:
    from migrantscount.stories.tests.factories import SubmissionFactory

    seed_consent_texts()
    values.setdefault("allows_social", True)
    return SubmissionFactory(**values)  # type: ignore[no-untyped-call]


def live_story(
    *,
    language: str = "en",
    submission_row: Any = None,
    translation_of: Any = None,
    example: bool = False,
    **values: Any,
) -> Any:
    """A published story (and, with `translation_of`, a translation of it)."""
    from migrantscount.stories.models import Story

    for code in ("en", "es", "fr", "pt"):
        Locale.objects.get_or_create(language_code=code)
    fields: dict[str, Any] = {
        "title": "A bakery in Bogotá",
        "slug": "a-bakery-in-bogota",
        "quote": "We bake bread for the whole street.",
        "body": "I came from Caracas.",
        "name_display": "Ana",
        "origin_country": "VEN",
        "destination_country": "COL",
        "original_language": "en",
        "is_example": example,
        "submission": submission_row,
        "locale": Locale.objects.get(language_code=language),
    }
    fields.update(values)
    if translation_of is not None:
        fields["translation_key"] = translation_of.translation_key
        fields["submission"] = translation_of.submission
        fields["is_example"] = translation_of.is_example
    story = Story(**fields)
    story.live = False
    story.save()
    story.save_revision().publish()
    story.refresh_from_db()
    return story


def republish(story: Any, **changes: Any) -> Any:
    for name, value in changes.items():
        setattr(story, name, value)
    story.save_revision().publish()
    story.refresh_from_db()
    return story
