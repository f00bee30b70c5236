"""The current vintage of each dataset: sources and the cache key."""

import hashlib
from typing import Any

from migrantscount.data.models import DatasetVintage

from .figures import Source


def current_vintages() -> list[DatasetVintage]:
    return list(
        DatasetVintage.objects.filter(is_current=True)
        .select_related("dataset")
        .order_by("pk")
    )


def vintage_key() -> str:
    """Changes whenever an import makes a new vintage current: the cache key."""
    rows = (
        DatasetVintage.objects.filter(is_current=True)
        .order_by("pk")
        .values_list("pk", "sha256")
    )
    digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digest[:16]


def _vintage_of_model(model: type[Any]) -> DatasetVintage | None:
    row = (
        model.objects.filter(vintage__is_current=True)
        .select_related("vintage__dataset")
        .only("vintage")
        .order_by("vintage_id", "pk")
        .first()
    )
    return row.vintage if row else None


def model_sources(model: type) -> tuple[Source, ...]:
    vintage = _vintage_of_model(model)
    return (Source.of(vintage),) if vintage else ()
