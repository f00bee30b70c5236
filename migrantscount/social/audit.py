"""The social engine's audit-log actions (Wagtail's log, Reports > Site history).

`LABELS` lets the admin (wagtail_hooks.py) register one formatter per action.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from migrantscount.core.services.audit import log_platform_event

ACCOUNT_CONNECTED = "social.account_connected"
ACCOUNT_NEEDS_RECONNECT = "social.account_needs_reconnect"
ACCOUNT_DISCONNECTED = "social.account_disconnected"
ACCOUNT_PAUSED = "social.account_paused"
ACCOUNT_RESUMED = "social.account_resumed"
ACCOUNT_CHANGED = "social.account_changed"
POST_CREATED = "social.post_created"
POST_CHANGED = "social.post_changed"
POST_VARIANT_CHANGED = "social.post_variant_changed"
POST_VARIANT_RESET = "social.post_variant_reset"
POST_SUBMITTED = "social.post_submitted"
POST_APPROVED = "social.post_approved"
POST_APPROVAL_OVERRIDE = "social.post_approval_override"
POST_REJECTED = "social.post_rejected"
POST_CANCELLED = "social.post_cancelled"
POST_BACK_TO_APPROVAL = "social.post_back_to_approval"
POST_SCHEDULED = "social.post_scheduled"
POST_TAKEN_DOWN = "social.post_taken_down"
POST_REPEAT_SET = "social.post_repeat_set"
POST_REPEAT_STOPPED = "social.post_repeat_stopped"
DELIVERY_RETRIED = "social.delivery_retried"
DELIVERY_CANCELLED = "social.delivery_cancelled"
DELIVERY_RESCHEDULED = "social.delivery_rescheduled"
DELIVERY_FAILED = "social.delivery_failed"
DELIVERY_TAKEDOWN_DONE = "social.delivery_takedown_done"
DISPATCH_PAUSED = "social.dispatch_paused"
DISPATCH_RESUMED = "social.dispatch_resumed"

LABELS = {
    ACCOUNT_CONNECTED: _("Connect social account"),
    ACCOUNT_NEEDS_RECONNECT: _("Social account needs reconnecting"),
    ACCOUNT_DISCONNECTED: _("Disconnect social account"),
    ACCOUNT_PAUSED: _("Pause social account"),
    ACCOUNT_RESUMED: _("Resume social account"),
    ACCOUNT_CHANGED: _("Change social account"),
    POST_CREATED: _("Create social post"),
    POST_CHANGED: _("Change social post"),
    POST_VARIANT_CHANGED: _("Change one account's text of a social post"),
    POST_VARIANT_RESET: _("Return one account's text to the proposed text"),
    POST_SUBMITTED: _("Submit social post for approval"),
    POST_APPROVED: _("Approve social post"),
    POST_APPROVAL_OVERRIDE: _("Approve own social post (superuser override)"),
    POST_REJECTED: _("Reject social post"),
    POST_CANCELLED: _("Cancel social post"),
    POST_BACK_TO_APPROVAL: _("Social post back to approval"),
    POST_SCHEDULED: _("Schedule social post"),
    POST_TAKEN_DOWN: _("Take down social post"),
    POST_REPEAT_SET: _("Set the repeat rule of a social post"),
    POST_REPEAT_STOPPED: _("Stop repeating a social post"),
    DELIVERY_RETRIED: _("Retry delivery"),
    DELIVERY_CANCELLED: _("Cancel delivery"),
    DELIVERY_RESCHEDULED: _("Reschedule delivery"),
    DELIVERY_FAILED: _("Delivery failed"),
    DELIVERY_TAKEDOWN_DONE: _("Mark manual take-down done"),
    DISPATCH_PAUSED: _("Pause all social sending"),
    DISPATCH_RESUMED: _("Resume all social sending"),
}


def log(
    action: str,
    *,
    instance: models.Model,
    data: dict[str, Any] | None = None,
    user: AbstractBaseUser | None = None,
) -> ModelLogEntry | None:
    return log_platform_event(action, instance=instance, data=data or {}, user=user)
