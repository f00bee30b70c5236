from collections.abc import Mapping
from typing import Any

from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry

from . import views
from .lib.log_actions import LogAction, register_log_actions
from .services import audit


@hooks.register("register_admin_urls")
def register_two_factor_urls() -> list[URLPattern]:
    return [
        path(
            "two-factor/setup/",
            views.two_factor_setup,
            name="core_two_factor_setup",
        ),
        path(
            "two-factor/verify/",
            views.two_factor_verify,
            name="core_two_factor_verify",
        ),
    ]


def _task_recovered(data: Mapping[str, Any]) -> dict[str, Any]:
    outcomes = {"requeued": _("re-queued"), "failed": _("marked failed")}
    outcome = data.get("outcome", "")
    return {
        "task": data.get("task_path", ""),
        "outcome": outcomes.get(outcome, outcome),
    }


LOG_ACTIONS = {
    audit.ROLES_CHANGED: LogAction(
        _("Change roles"),
        _("Roles of %(user)s: added %(added)s; removed %(removed)s"),
        lambda data: {
            "user": data.get("username", ""),
            "added": ", ".join(data.get("added", [])) or "-",
            "removed": ", ".join(data.get("removed", [])) or "-",
        },
    ),
    audit.KEY_ROTATED: LogAction(
        _("Rotate encryption key"),
        _("Personal data re-encrypted with the newest key (%(rows)s rows)"),
        lambda data: {"rows": data.get("rows", 0)},
    ),
    audit.SITE_RESTORED: LogAction(
        _("Restore backup"),
        _("Site restored from backup %(archive)s"),
        lambda data: {"archive": data.get("archive", "")},
    ),
    audit.BACKUPS_PRUNED: LogAction(
        _("Delete old backups"),
        _("%(count)s backups older than %(days)s days deleted"),
        lambda data: {
            "count": len(data.get("archives", [])),
            "days": data.get("retention_days", ""),
        },
    ),
    audit.TASK_RECOVERED: LogAction(
        _("Recover stuck task"),
        _("Task %(task)s stuck in RUNNING was %(outcome)s"),
        _task_recovered,
    ),
    audit.TWO_FACTOR_ENROLLED: LogAction(
        _("Enrol two-factor device"), _("Two-factor authentication device enrolled")
    ),
    audit.TWO_FACTOR_RESET: LogAction(
        _("Remove two-factor devices"), _("Two-factor authentication devices removed")
    ),
}


@hooks.register("register_log_actions")
def register_core_log_actions(actions: LogActionRegistry) -> None:
    register_log_actions(actions, LOG_ACTIONS)
