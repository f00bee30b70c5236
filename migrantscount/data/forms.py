from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

ALLOWED_SUFFIXES = {".csv", ".xls", ".xlsx"}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Data file"),
        help_text=_("UN DESA, WDI, RPW or KNOMAD file (.csv, .xls, .xlsx)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("Only .csv, .xls and .xlsx files can be imported.")
            )
        return upload
