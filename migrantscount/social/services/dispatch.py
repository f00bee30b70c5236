"""The dispatcher: claims due deliveries and publishes each exactly once."""

from __future__ import annotations

from django.db import connection

CHANNEL = "social_dispatch"


def wake() -> None:
    """Tell a waiting dispatcher to look now (PostgreSQL NOTIFY; elsewhere it polls)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")
