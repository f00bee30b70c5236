"""Signal receivers: each one line calling a service."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import m2m_changed

from .services import audit, security

ROLE_ACTIONS = {"post_add", "post_remove", "pre_clear"}


def on_groups_changed(
    *, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action in ROLE_ACTIONS:
        audit.record_role_change(
            instance=instance, action=action, reverse=reverse, pk_set=pk_set
        )


def on_login_failed(
    *, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    security.record_login_failure(credentials=credentials, request=request)


def connect() -> None:
    m2m_changed.connect(
        on_groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="core_role_changes",
    )
    user_login_failed.connect(on_login_failed, dispatch_uid="core_login_failed")
