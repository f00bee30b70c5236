"""Audit-log actions as Wagtail's history pages (Reports > Site history) show them.

Each app lists its actions with a label and a message, and registers them from its
`register_log_actions` hook:

    LOG_ACTIONS = {
        IMPORT_CANCELLED: LogAction(
            _("Cancel an import"),
            _("Import of %(file)s cancelled; nothing imported"),
            lambda data: {"file": data.get("file", "")},
        ),
    }
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils.functional import Promise
from wagtail.log_actions import LogActionRegistry, LogFormatter

Text = str | Promise
MessageValues = Callable[[Mapping[str, Any]], Mapping[str, Any]]


@dataclass(frozen=True)
class LogAction:
    label: Text
    # A fixed message, or one whose %(name)s placeholders `values` fills from the
    # log entry's data.
    message: Text
    values: MessageValues | None = None

    def format(self, data: Mapping[str, Any]) -> str:
        if self.values is None:
            return str(self.message)
        return str(self.message) % self.values(data)


class _Formatter(LogFormatter):
    def __init__(self, action: LogAction) -> None:
        self.action = action
        self.label = action.label

    def format_message(self, log_entry: Any) -> str:
        return self.action.format(log_entry.data)


def register_log_actions(
    registry: LogActionRegistry, actions: Mapping[str, LogAction]
) -> None:
    for name, action in actions.items():
        registry.register_action(name)(partial(_Formatter, action))
