import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import DATASETS
from .models import DatasetVintage
from .sources.base import Identity

ALLOWED_SUFFIXES = {".csv", ".xls", ".xlsx", ".zip"}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Data file"),
        help_text=_(
            "UN DESA, WDI, RPW or KNOMAD file (.csv, .xls, .xlsx), or the "
            "publisher's ZIP as downloaded (a WDI CSV with its Metadata files)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("Only .csv, .xls, .xlsx and .zip files can be imported.")
            )
        return upload


class IdentifyEditionForm(forms.Form):
    """What a data officer confirms about a file that does not say which edition
    it is, or when it was released (services.jobs.identify_import_job)."""

    dataset = forms.ChoiceField(label=_("Dataset"))
    label = forms.CharField(
        label=_("Edition"),
        max_length=100,
        help_text=_(
            "The publisher's name for the edition, e.g. POP/DB/MIG/Stock/Rev.2026."
        ),
    )
    vintage_date = forms.DateField(
        label=_("Release date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the publisher released this edition (YYYY-MM-DD)."),
    )
    date_is_provisional = forms.BooleanField(
        label=_("The release date is not known yet (provisional)"),
        required=False,
        help_text=_(
            "It is shown as provisional and can be corrected later under "
            "Datasets and editions."
        ),
    )
    licence = forms.CharField(label=_("Licence"), max_length=200)
    citation = forms.CharField(
        label=_("Citation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.URLField(label=_("Source URL"), assume_scheme="https")

    def __init__(self, *args: Any, datasets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dataset"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [
            (slug, DATASETS.get(slug, {}).get("name", slug)) for slug in datasets
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date, slug = data.get("vintage_date"), data.get("dataset")
        if date and date > timezone.localdate() and not data.get("date_is_provisional"):
            self.add_error(
                "vintage_date",
                _("A release date cannot be in the future unless it is provisional."),
            )
        if date and slug:
            other = (
                DatasetVintage.objects.filter(dataset__slug=slug, vintage_date=date)
                .exclude(label=data.get("label", ""))
                .first()
            )
            if other is not None:
                self.add_error(
                    "vintage_date",
                    _(
                        "Edition %(label)s of this dataset has this release date; "
                        "two editions cannot share one."
                    )
                    % {"label": other.label},
                )
        return data

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(
            dataset=data["dataset"],
            label=data["label"].strip(),
            vintage_date=data["vintage_date"],
            licence=data["licence"].strip(),
            citation=data["citation"].strip(),
            url=data["url"],
            date_is_provisional=data["date_is_provisional"],
        )


class ReleaseDateForm(forms.Form):
    vintage_date = forms.DateField(
        label=_("Release date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the publisher released this edition (YYYY-MM-DD)."),
    )

    def __init__(self, *args: Any, vintage: DatasetVintage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vintage = vintage

    def clean_vintage_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["vintage_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A release date cannot be in the future."))
        other = (
            DatasetVintage.objects.filter(
                dataset_id=self.vintage.dataset_id, vintage_date=date
            )
            .exclude(pk=self.vintage.pk)
            .first()
        )
        if other is not None:
            raise forms.ValidationError(
                _(
                    "Edition %(label)s of this dataset has this release date; two "
                    "editions cannot share one."
                )
                % {"label": other.label}
            )
        return date
