"""Admin screens for data officers (upload a file and follow its import, choose the
current editions) and the public "Data updates" page with its Atom feed."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .forms import IdentifyEditionForm, ImportUploadForm, ReleaseDateForm
from .models import Dataset, DatasetVintage, ImportJob
from .services import jobs, vintages
from .updates import EditionUpdate, edition_updates

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
    return _detail(request, job, _identify_form(job))


def _detail(
    request: HttpRequest,
    job: ImportJob,
    form: IdentifyEditionForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "data/admin/import_detail.html",
        {"job": job, "progress": progress_state(job), "identify_form": form},
        status=status,
    )


def _identify_form(job: ImportJob, data: Any = None) -> IdentifyEditionForm | None:
    if job.status != ImportJob.Status.NEEDS_IDENTIFICATION:
        return None
    proposed = job.report.get("proposed", {})
    return IdentifyEditionForm(
        data,
        initial={key: value for key, value in proposed.items() if value},
        datasets=job.report.get("datasets") or [proposed.get("dataset", "")],
    )


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def identify_import(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    form = _identify_form(job, request.POST)
    if form is None:
        return redirect("data_import_detail", pk=pk)
    if not form.is_valid():
        # What was typed comes back with the errors beside the fields.
        return _detail(request, job, form, status=400)
    jobs.identify_import_job(job, identity=form.identity(), user=_user(request))
    messages.success(
        request, _("Thank you: the file is imported with the edition you confirmed.")
    )
    return redirect("data_import_detail", pk=pk)


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def cancel_import(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.cancel_import_job(
        get_object_or_404(ImportJob, pk=pk), user=_user(request)
    )
    if job.status == ImportJob.Status.CANCELLED:
        messages.success(request, _("Cancelled: nothing of the file was imported."))
    return redirect("data_import_list")


def _user(request: HttpRequest) -> AbstractBaseUser | None:
    return request.user if isinstance(request.user, AbstractBaseUser) else None


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's progress for the job page's script (import-progress.js)."""
    response = JsonResponse(progress_state(get_object_or_404(ImportJob, pk=pk)))
    response["Cache-Control"] = "no-store"
    return response


def progress_state(job: ImportJob) -> dict[str, Any]:
    now = timezone.now()
    percent = int(job.progress_fraction * 100)
    seconds_left = job.seconds_left(now)
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "pending": job.is_pending,
        "stage": job.progress_stage,
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": percent,
        "seconds_left": None if seconds_left is None else round(seconds_left),
        "updated_at": job.progress_at.isoformat() if job.progress_at else None,
        "text": _progress_text(job, percent, seconds_left),
    }


def _progress_text(job: ImportJob, percent: int, seconds_left: float | None) -> str:
    if job.status == ImportJob.Status.QUEUED:
        return _("Waiting for the worker to start the import.")
    if job.status != ImportJob.Status.RUNNING:
        return str(job.get_status_display())
    stage = job.get_progress_stage_display() or _("Starting")
    if job.progress_total:
        text = _("%(stage)s: %(done)s of %(total)s (%(percent)s%% of the import)") % {
            "stage": stage,
            "done": f"{job.progress_done:,}",
            "total": f"{job.progress_total:,}",
            "percent": percent,
        }
    else:
        text = _("%(stage)s (%(percent)s%% of the import)") % {
            "stage": stage,
            "percent": percent,
        }
    left = (
        _("Estimating the time left.")
        if seconds_left is None
        else _time_left(seconds_left)
    )
    return f"{text}. {left}"


def _time_left(seconds: float) -> str:
    if seconds < 90:
        count = max(1, round(seconds))
        return ngettext(
            "About %(count)s second left.", "About %(count)s seconds left.", count
        ) % {"count": count}
    count = round(seconds / 60)
    return ngettext(
        "About %(count)s minute left.", "About %(count)s minutes left.", count
    ) % {"count": count}


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def confirm_import(request: HttpRequest, pk: int) -> HttpResponse:
    jobs.confirm_import_job(get_object_or_404(ImportJob, pk=pk), user=request.user)
    return redirect("data_import_detail", pk=pk)


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def dataset_list(request: HttpRequest) -> HttpResponse:
    datasets = Dataset.objects.prefetch_related("vintages").order_by("slug")
    return render(request, "data/admin/dataset_list.html", {"datasets": datasets})


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def correct_release_date(request: HttpRequest, pk: int) -> HttpResponse:
    vintage = get_object_or_404(DatasetVintage.objects.select_related("dataset"), pk=pk)
    form = ReleaseDateForm(
        request.POST or None,
        vintage=vintage,
        initial={"vintage_date": vintage.vintage_date},
    )
    if request.method == "POST" and form.is_valid():
        vintage = vintages.correct_release_date(
            vintage, vintage_date=form.cleaned_data["vintage_date"], user=_user(request)
        )
        messages.success(
            request,
            _("The release date of %(label)s is now %(date)s.")
            % {"label": vintage.label, "date": vintage.vintage_date.isoformat()},
        )
        return redirect("data_dataset_list")
    return render(
        request,
        "data/admin/release_date.html",
        {"vintage": vintage, "form": form},
        status=400 if form.is_bound else 200,
    )


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


def data_updates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "data/updates.html",
        {
            "current": edition_updates(current_only=True),
            "history": edition_updates(current_only=False),
        },
    )


class DataUpdatesFeed(Feed):
    """Every edition imported, newest first: journalists see how fresh figures are."""

    feed_type = feedgenerator.Atom1Feed

    def title(self) -> str:
        return _("Migrants Count: data updates")

    def subtitle(self) -> str:
        return _(
            "Each edition of the official datasets behind the figures, when it was "
            "released and imported, and what changed."
        )

    def link(self) -> str:
        return reverse("data:updates")

    def items(self) -> list[EditionUpdate]:
        return edition_updates(current_only=False)[:50]

    def item_title(self, item: EditionUpdate) -> str:
        return _("%(dataset)s: edition %(label)s") % {
            "dataset": item.dataset.name,
            "label": item.vintage.label,
        }

    def item_description(self, item: EditionUpdate) -> str:
        released = _("Released %(date)s; imported %(imported)s.") % {
            "date": item.vintage.vintage_date.isoformat(),
            "imported": item.vintage.imported_at.date().isoformat(),
        }
        return " ".join([released, *item.changes])

    def item_link(self, item: EditionUpdate) -> str:
        return f"{reverse('data:updates')}#{item.anchor}"

    def item_guid(self, item: EditionUpdate) -> str:
        return f"migrantscount:vintage:{item.vintage.pk}"

    def item_pubdate(self, item: EditionUpdate) -> dt.datetime:
        return item.vintage.imported_at

    def item_updateddate(self, item: EditionUpdate) -> dt.datetime:
        return item.vintage.imported_at

    def item_author_name(self, item: EditionUpdate) -> str:
        return item.vintage.publisher or item.dataset.publisher
