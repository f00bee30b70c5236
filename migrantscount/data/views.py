"""Admin screens for data officers: upload a file and follow its import."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .forms import ImportUploadForm
from .models import ImportJob
from .services import jobs

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
