"""Admin screens for data officers: upload a file and follow its import."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ImportUploadForm
from .models import Dataset, DatasetVintage, ImportJob
from .services import jobs, vintages

IMPORT_PERMISSION = "data.add_datasetvintage"


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.create_import_job(
            upload=form.cleaned_data["file"], user=request.user
        )
        return redirect("data_import_detail", pk=job.pk)
    recent = ImportJob.objects.select_related("created_by")[:20]
    return render(
        request, "data/admin/import_list.html", {"form": form, "jobs": recent}
    )


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    return render(request, "data/admin/import_detail.html", {"job": job})


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def dataset_list(request: HttpRequest) -> HttpResponse:
    datasets = Dataset.objects.prefetch_related("vintages").order_by("slug")
    return render(request, "data/admin/dataset_list.html", {"datasets": datasets})


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def make_vintage_current(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user if isinstance(request.user, AbstractBaseUser) else None
    vintage = vintages.make_vintage_current(
        get_object_or_404(DatasetVintage, pk=pk), user=user
    )
    messages.success(
        request,
        _("%(label)s is now the current edition of %(dataset)s.")
        % {"label": vintage.label, "dataset": vintage.dataset.name},
    )
    return redirect("data_dataset_list")
