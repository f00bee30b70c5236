"""Entries in Wagtail's audit log for platform operations (Reports > Site history)."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

ROLES_CHANGED = "core.roles_changed"
KEY_ROTATED = "core.encryption_key_rotated"
SITE_RESTORED = "core.site_restored"
BACKUPS_PRUNED = "core.backups_pruned"
TASK_RECOVERED = "core.task_recovered"
TWO_FACTOR_ENROLLED = "core.two_factor_enrolled"
TWO_FACTOR_RESET = "core.two_factor_reset"


def log_platform_event(
    action: str,
    *,
    data: dict[str, Any],
    user: AbstractBaseUser | None = None,
    instance: models.Model | None = None,
) -> ModelLogEntry | None:
    """Log an operation that concerns the whole site against the default Site."""
    target = instance or Site.objects.filter(is_default_site=True).first()
    target = target or Site.objects.order_by("pk").first()
    if target is None:
        return None
    return log(target, action, user=user, data=data)


def record_role_change(
    *, instance: models.Model, action: str, reverse: bool, pk_set: set[int] | None
) -> None:
    """Log group membership changes made through user.groups or group.user_set."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    if action == "pre_clear":
        if reverse:
            pairs = [(user, instance) for user in instance.user_set.all()]  # type: ignore[attr-defined]
        else:
            pairs = [(instance, group) for group in instance.groups.all()]  # type: ignore[attr-defined]
        removed = True
    else:
        if not pk_set:
            return
        if reverse:
            pairs = [
                (user, instance) for user in user_model.objects.filter(pk__in=pk_set)
            ]
        else:
            pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
        removed = action == "post_remove"
    by_user: dict[int, tuple[models.Model, list[str]]] = {}
    for user, group in pairs:
        by_user.setdefault(user.pk, (user, []))[1].append(group.name)  # type: ignore[attr-defined]
    for user, names in by_user.values():
        log(
            user,
            ROLES_CHANGED,
            data={
                "username": user.get_username(),  # type: ignore[attr-defined]
                "added": [] if removed else sorted(names),
                "removed": sorted(names) if removed else [],
            },
        )
