"""Shared setup for moderation, translation and public-story tests."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale

from migrantscount.core.services.roles import (
    CAMPAIGN_APPROVERS,
    STORY_MODERATORS,
    TRANSLATORS,
    seed_roles,
)
from migrantscount.stories.models import Story, Submission
from migrantscount.stories.services import moderation


def ensure_locales() -> None:
    for code in ("en", "es", "fr", "pt"):
        Locale.objects.get_or_create(language_code=code)


def ensure_localize_permission() -> None:
    """wagtail-localize creates "submit_translation" in a data migration, so a
    transactional test's flush removes it for good: put it back as it was made."""
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )


def user_in(group_name: str, username: str) -> Any:
    ensure_localize_permission()
    seed_roles()
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def moderator(username: str = "moderator") -> Any:
    return user_in(STORY_MODERATORS, username)


def approver(username: str = "approver") -> Any:
    return user_in(CAMPAIGN_APPROVERS, username)


def translator(username: str = "translator") -> Any:
    return user_in(TRANSLATORS, username)


def draft_story(submission: Submission, user: Any, **overrides: Any) -> Story:
    ensure_locales()
    values: dict[str, Any] = {
        "title": "A bakery in Bogotá",
        "quote": "We bake bread for the whole street.",
        "body": "I came from Caracas.\n\nNow we employ six people in São Paulo.",
        "name_display": "",
    }
    values.update(overrides)
    return moderation.create_story_from_submission(submission, user=user, **values)


def approve(story: Story, user: Any) -> Story:
    story.refresh_from_db()
    state = story.current_workflow_state
    state.current_task_state.approve(user=user)
    story.refresh_from_db()
    return story
