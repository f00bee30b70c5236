"""Re-encrypting personal data after a new key was put in front of the key list."""

import logging
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from ..fields import encrypted_fields
from ..lib import crypto
from . import audit

logger = logging.getLogger(__name__)

BATCH_SIZE = 500

# Apps that keep encrypted files (story photos) register a function that re-encrypts
# them all and returns how many it rewrote; a full rotation runs every one.
FileRotation = Callable[[], int]

FILE_ROTATIONS: list[FileRotation] = []


def register_file_rotation(rotate: FileRotation) -> FileRotation:
    if rotate not in FILE_ROTATIONS:
        FILE_ROTATIONS.append(rotate)
    return rotate


def run_file_rotations() -> int:
    return sum(rotate() for rotate in list(FILE_ROTATIONS))


def rotate_encryption_key(
    *,
    models_and_fields: list[tuple[type[models.Model], list[str]]] | None = None,
    user: AbstractBaseUser | None = None,
) -> int:
    """Re-encrypt every encrypted value with the newest key; return the rows written.

    Each model is rewritten in one transaction, so a failure leaves it either fully
    rotated or untouched (both readable while the old key is still configured).
    """
    crypto.check_keys()
    targets = encrypted_fields() if models_and_fields is None else models_and_fields
    total = 0
    for model, field_names in targets:
        total += _rotate_model(model, field_names)
    # Files only on a full rotation: a caller naming its own models wants just those.
    files = run_file_rotations() if models_and_fields is None else 0
    audit.log_platform_event(
        audit.KEY_ROTATED,
        data={
            "rows": total,
            "files": files,
            "models": [model._meta.label for model, _ in targets],
        },
        user=user,
    )
    logger.info(
        "Re-encrypted %s rows and %s files with the newest encryption key", total, files
    )
    return total


@transaction.atomic
def _rotate_model(model: type[models.Model], field_names: list[str]) -> int:
    manager = model._base_manager
    rows = 0
    queryset = manager.order_by("pk").values_list("pk", *field_names)
    for pk, *values in queryset.iterator(chunk_size=BATCH_SIZE):
        # Decrypted on load; saving encrypts again with the newest key.
        manager.filter(pk=pk).update(**dict(zip(field_names, values, strict=True)))
        rows += 1
    return rows
