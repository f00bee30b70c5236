from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogActionRegistry, LogFormatter

from . import views
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


@hooks.register("register_log_actions")
def register_core_log_actions(actions: LogActionRegistry) -> None:
    @actions.register_action(audit.ROLES_CHANGED)
    class RolesChanged(LogFormatter):
        label = _("Change roles")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Roles of %(user)s: added %(added)s; removed %(removed)s") % {
                "user": data.get("username", ""),
                "added": ", ".join(data.get("added", [])) or "-",
                "removed": ", ".join(data.get("removed", [])) or "-",
            }

    @actions.register_action(audit.KEY_ROTATED)
    class KeyRotated(LogFormatter):
        label = _("Rotate encryption key")

        def format_message(self, log_entry):
            return _(
                "Personal data re-encrypted with the newest key (%(rows)s rows)"
            ) % {"rows": log_entry.data.get("rows", 0)}

    @actions.register_action(audit.SITE_RESTORED)
    class SiteRestored(LogFormatter):
        label = _("Restore backup")

        def format_message(self, log_entry):
            return _("Site restored from backup %(archive)s") % {
                "archive": log_entry.data.get("archive", "")
            }

    @actions.register_action(audit.BACKUPS_PRUNED)
    class BackupsPruned(LogFormatter):
        label = _("Delete old backups")

        def format_message(self, log_entry):
            return _("%(count)s backups older than %(days)s days deleted") % {
                "count": len(log_entry.data.get("archives", [])),
                "days": log_entry.data.get("retention_days", ""),
            }

    @actions.register_action(audit.TASK_RECOVERED)
    class TaskRecovered(LogFormatter):
        label = _("Recover stuck task")

        def format_message(self, log_entry):
            outcomes = {"requeued": _("re-queued"), "failed": _("marked failed")}
            outcome = log_entry.data.get("outcome", "")
            return _("Task %(task)s stuck in RUNNING was %(outcome)s") % {
                "task": log_entry.data.get("task_path", ""),
                "outcome": outcomes.get(outcome, outcome),
            }

    actions.register_action(
        audit.TWO_FACTOR_ENROLLED,
        _("Enrol two-factor device"),
        _("Two-factor authentication device enrolled"),
    )
    actions.register_action(
        audit.TWO_FACTOR_RESET,
        _("Remove two-factor devices"),
        _("Two-factor authentication devices removed"),
    )
