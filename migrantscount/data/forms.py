from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

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
