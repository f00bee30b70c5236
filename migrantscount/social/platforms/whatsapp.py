"""WhatsApp channels: export-only. WhatsApp offers no API to post to a channel, so
a person posts the day's export pack by hand (services/export.py). The dispatcher
never claims a delivery of an export-only network (`EXPORT_ONLY` below), so
`publish`, `lookup` and `delete` are never called; they refuse, in case."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.utils.translation import gettext as _

from .base import Action, Budget, Connection, Draft, PlatformError, RemoteRef

KEY = "whatsapp"
NAME = "WhatsApp"
CAN_DELETE = False
BUDGETS: tuple[Budget, ...] = ()
# Networks a person posts to by hand from the export pack.
EXPORT_ONLY = True


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def validate(draft: Draft, connection: Connection | None) -> list[str]:
    return []


def cost(action: Action, draft: Draft | None) -> dict[str, int]:
    return {}


def _refuse() -> PlatformError:
    return PlatformError(
        _("WhatsApp channels are posted by hand from the export pack."),
        permanent=True,
    )


def publish(connection: Connection, draft: Draft, *, idempotency_key: str) -> RemoteRef:
    raise _refuse()


def lookup(
    connection: Connection, draft: Draft, *, idempotency_key: str, sent_at: datetime
) -> RemoteRef | None:
    raise _refuse()


def delete(connection: Connection, ref: RemoteRef) -> None:
    raise _refuse()
