"""Which edition of each dataset, and of each indicator, is read by default.

A dataset's current vintage is its newest by date unless a data officer made another
one current. An indicator is read from its dataset's current vintage, or, where that
edition has no figure of it, from the newest older vintage that has: every series
comes from one edition, labelled with it.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from migrantscount.core.services.audit import log_platform_event

from ..models import CurrentSeries, Dataset, DatasetVintage, Observation

VINTAGE_MADE_CURRENT = "data.vintage_made_current"
VINTAGE_DATE_CORRECTED = "data.vintage_date_corrected"


def refresh_current(dataset: Dataset, *, imported: DatasetVintage) -> DatasetVintage:
    """After an import: a vintage newer than every other one becomes current;
    otherwise the current one stays (the newest, or the edition a data officer
    made current), so an import never undoes a rollback. Returns the current one."""
    newest = dataset.vintages.order_by("-vintage_date").first()
    current = dataset.vintages.filter(is_current=True).first()
    assert newest is not None  # noqa: S101 - called after a vintage was saved
    chosen = imported if newest.pk == imported.pk else (current or newest)
    _make_current(chosen)
    return chosen


@transaction.atomic
def make_vintage_current(
    vintage: DatasetVintage, *, user: AbstractBaseUser | None
) -> DatasetVintage:
    """A data officer's choice of the edition read by default (e.g. rolling back a
    faulty new edition in one step); audited."""
    vintage = (
        DatasetVintage.objects.select_for_update()
        .select_related("dataset")
        .get(pk=vintage.pk)
    )
    previous = vintage.dataset.current_vintage
    if previous is not None and previous.pk == vintage.pk:
        return vintage
    _make_current(vintage)
    log_platform_event(
        VINTAGE_MADE_CURRENT,
        data={
            "dataset": vintage.dataset.slug,
            "vintage": vintage.label,
            "vintage_date": vintage.vintage_date.isoformat(),
            "previous": previous.label if previous else "",
        },
        user=user,
        instance=vintage,
    )
    return vintage


@transaction.atomic
def correct_release_date(
    vintage: DatasetVintage, *, vintage_date: dt.date, user: AbstractBaseUser | None
) -> DatasetVintage:
    """A data officer gives an edition its real release date (its date was
    provisional, or confirmed wrongly). Audited; the Data updates page and the
    API show the new date. The current editions stay as they are; which earlier
    edition an indicator falls back on follows the dates."""
    vintage = DatasetVintage.objects.select_for_update().get(pk=vintage.pk)
    previous = vintage.vintage_date
    if previous == vintage_date and not vintage.has_provisional_date:
        return vintage
    if vintage.has_provisional_date:
        vintage.corrected_from_date = previous
    vintage.vintage_date = vintage_date
    vintage.vintage_source = (
        f"release date confirmed by a data officer on {timezone.now().date()}"
    )
    vintage.confirmed_by_id = user.pk if user is not None else None
    vintage.confirmed_at = timezone.now()
    vintage.save(
        update_fields=[
            "vintage_date",
            "vintage_source",
            "corrected_from_date",
            "confirmed_by",
            "confirmed_at",
        ]
    )
    refresh_current_series()
    log_platform_event(
        VINTAGE_DATE_CORRECTED,
        data={
            "dataset": vintage.dataset.slug,
            "vintage": vintage.label,
            "from": previous.isoformat(),
            "to": vintage_date.isoformat(),
        },
        user=user,
        instance=vintage,
    )
    return vintage


def _make_current(vintage: DatasetVintage) -> None:
    others = DatasetVintage.objects.filter(dataset_id=vintage.dataset_id)
    others.exclude(pk=vintage.pk).filter(is_current=True).update(is_current=False)
    if not DatasetVintage.objects.filter(pk=vintage.pk, is_current=True).exists():
        DatasetVintage.objects.filter(pk=vintage.pk).update(is_current=True)
    vintage.is_current = True
    refresh_current_series()


@transaction.atomic
def refresh_current_series() -> list[CurrentSeries]:
    """Rebuild the indicator → vintage table from the vintages' current flags."""
    vintages = DatasetVintage.objects.in_bulk()
    current = {v.dataset_id: v for v in vintages.values() if v.is_current}
    pairs = (
        Observation.objects.order_by()
        .values_list("vintage_id", "indicator_id")
        .distinct()
    )
    chosen: dict[int, DatasetVintage] = {}
    for vintage_id, indicator_id in pairs:
        vintage = vintages[vintage_id]
        dataset_current = current.get(vintage.dataset_id)
        if dataset_current is None or vintage.vintage_date > (
            dataset_current.vintage_date
        ):
            # A newer edition that is not current (rolled back) is never read.
            continue
        best = chosen.get(indicator_id)
        rank = (vintage.is_current, vintage.vintage_date)
        if best is None or rank > (best.is_current, best.vintage_date):
            chosen[indicator_id] = vintage
    CurrentSeries.objects.all().delete()
    return CurrentSeries.objects.bulk_create(
        CurrentSeries(indicator_id=indicator_id, vintage=vintage)
        for indicator_id, vintage in sorted(chosen.items())
    )
