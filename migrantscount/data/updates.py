"""What the public "Data updates" page and its Atom feed say about each dataset: its
current edition, when it was released and imported, and what changed."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from .models import CurrentSeries, Dataset, DatasetVintage
from .sources.base import PROVISIONAL_DATE


@dataclass(frozen=True)
class EditionUpdate:
    dataset: Dataset
    vintage: DatasetVintage
    previous: DatasetVintage | None
    changes: list[str]

    @property
    def anchor(self) -> str:
        return f"{self.dataset.slug}-{self.vintage.pk}"


def _changes(
    vintage: DatasetVintage,
    previous: DatasetVintage | None,
    kept: list[CurrentSeries],
) -> list[str]:
    changes = []
    if previous is not None:
        changes.append(
            _("Supersedes edition %(label)s (%(date)s).")
            % {"label": previous.label, "date": previous.vintage_date.isoformat()}
        )
    records = vintage.report.get("records_written") if vintage.report else None
    if records:
        count = formats.number_format(records, force_grouping=True)
        changes.append(_("%(count)s figures imported.") % {"count": count})
    for series in kept:
        changes.append(
            _(
                "%(indicator)s: not in this edition; still from edition "
                "%(label)s, labelled with it."
            )
            % {
                "indicator": series.indicator.display_name,
                "label": series.vintage.label,
            }
        )
    if PROVISIONAL_DATE in vintage.vintage_source:
        changes.append(
            _("The release date is provisional: the file does not state it.")
        )
    if vintage.corrected_from_date and vintage.confirmed_at:
        changes.append(
            _(
                "Release date confirmed by a data officer on %(when)s (it was "
                "provisional: %(was)s)."
            )
            % {
                "when": vintage.confirmed_at.date().isoformat(),
                "was": vintage.corrected_from_date.isoformat(),
            }
        )
    elif vintage.confirmed_at:
        changes.append(
            _(
                "The file does not identify itself: its edition, release date, "
                "licence and citation were confirmed by a data officer on %(when)s."
            )
            % {"when": vintage.confirmed_at.date().isoformat()}
        )
    if vintage.citation:
        changes.append(_("Cite as: %(citation)s") % {"citation": vintage.citation})
    return changes


def edition_updates(*, current_only: bool) -> list[EditionUpdate]:
    """Each dataset's editions (or only the current ones), newest import first."""
    vintages = list(
        DatasetVintage.objects.select_related("dataset").order_by(
            "dataset_id", "vintage_date"
        )
    )
    kept = list(
        CurrentSeries.objects.filter(vintage__is_current=False).select_related(
            "indicator", "vintage"
        )
    )
    updates = []
    for index, vintage in enumerate(vintages):
        if current_only and not vintage.is_current:
            continue
        before = vintages[index - 1] if index else None
        previous = (
            before if before and before.dataset_id == vintage.dataset_id else None
        )
        fallbacks = (
            [s for s in kept if s.vintage.dataset_id == vintage.dataset_id]
            if vintage.is_current
            else []
        )
        updates.append(
            EditionUpdate(
                vintage.dataset,
                vintage,
                previous,
                _changes(vintage, previous, fallbacks),
            )
        )
    return sorted(updates, key=lambda update: update.vintage.imported_at, reverse=True)
