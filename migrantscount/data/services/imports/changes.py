"""Current figures compared before and after a file replaces an edition's."""

from typing import Any

from django.db import models

from ...models import (
    BilateralRemittance,
    BilateralStock,
    CorridorCost,
    DatasetVintage,
    Observation,
)


class ConfirmationNeeded(Exception):
    """Importing this file would change or remove current figures (the same edition
    from another file): rows added, changed and removed, by indicator."""

    def __init__(self, file_name: str, changes: dict[str, dict[str, int]]) -> None:
        self.file = file_name
        self.changes = changes
        super().__init__(f"{file_name}: would change current figures: {changes}")


Snapshot = dict[str, dict[tuple[Any, ...], float | None]]


def take_snapshot(vintage: DatasetVintage) -> Snapshot:
    """A vintage's figures by group (indicator code, or table) and key."""
    groups: Snapshot = {}
    observations = Observation.objects.filter(vintage=vintage).values_list(
        "indicator__code",
        "country_id",
        "aggregate_id",
        "year",
        "period",
        "sex",
        "value",
    )
    for code, *key, value in observations.order_by():
        groups.setdefault(code, {})[tuple(key)] = value
    tables: list[tuple[str, type[models.Model], tuple[str, ...]]] = [
        (
            "bilateral stocks",
            BilateralStock,
            ("origin_id", "destination_id", "year", "sex"),
        ),
        ("corridor costs", CorridorCost, ("sending_id", "receiving_id", "period")),
        (
            "bilateral remittances",
            BilateralRemittance,
            ("sending_id", "receiving_id", "year"),
        ),
    ]
    for group, model, key_fields in tables:
        value_field = {
            "corridor costs": "cost_percent",
            "bilateral remittances": "value_musd",
        }.get(group, "value")
        rows = model._default_manager.filter(vintage=vintage).order_by()
        for *key, value in rows.values_list(*key_fields, value_field):
            groups.setdefault(group, {})[tuple(key)] = value
    return groups


def compare_snapshots(before: Snapshot, after: Snapshot) -> dict[str, dict[str, int]]:
    changes = {}
    for group in sorted(before.keys() | after.keys()):
        old, new = before.get(group, {}), after.get(group, {})
        counts = {
            "added": len(new.keys() - old.keys()),
            "changed": sum(
                1 for key in old.keys() & new.keys() if old[key] != new[key]
            ),
            "removed": len(old.keys() - new.keys()),
        }
        if any(counts.values()):
            changes[group] = counts
    return changes


def clear_vintage(vintage: DatasetVintage) -> None:
    for model in (Observation, BilateralStock, CorridorCost, BilateralRemittance):
        model.objects.filter(vintage=vintage).delete()
