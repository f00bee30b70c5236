"""Model fields shared by every app."""

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression

from .lib import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with the site's encryption keys (see core.lib.crypto).

    Each save produces a different ciphertext, so the column cannot be filtered,
    ordered or made unique; keep lookups on other fields. Empty strings and None are
    stored as they are (an empty value carries no personal data).
    """

    description = "Text encrypted at rest"

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every installed model that has encrypted fields, with those fields' names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if names:
            found.append((model, names))
    return found
