"""The campaign dashboard in the Wagtail admin: delivery health, reach on the networks,
web visits and the perception surveys, for a date range; every table as CSV.

Shown to Campaign approvers, Communications officers and superusers."""

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from migrantscount.core.services.roles import (
    CAMPAIGN_APPROVERS,
    COMMUNICATIONS_OFFICERS,
)

from . import charts, queries

DEFAULT_DAYS = 30
MAX_DAYS = 366
View = Callable[..., HttpResponse]


def can_view(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(
        user.groups.filter(name__in=[CAMPAIGN_APPROVERS, COMMUNICATIONS_OFFICERS])
    )


def needs_dashboard(view: View) -> View:
    @wraps(view)
    @never_cache
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_view(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The start date is after the end date."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(
                    _("Choose at most %(days)s days.") % {"days": MAX_DAYS}
                )
        return data


def default_period() -> queries.Period:
    end = timezone.localdate()
    return queries.Period(end - timedelta(days=DEFAULT_DAYS - 1), end)


def period_of(request: HttpRequest) -> tuple[PeriodForm, queries.Period]:
    """The range asked for; the last 30 days when none was, or it was wrong."""
    period = default_period()
    if "start" not in request.GET and "end" not in request.GET:
        return PeriodForm(initial={"start": period.start, "end": period.end}), period
    form = PeriodForm(request.GET)
    if form.is_valid():
        start: date = form.cleaned_data["start"]
        end: date = form.cleaned_data["end"]
        period = queries.Period(start, end)
    return form, period


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _tables(period: queries.Period) -> list[queries.Table]:
    return [*queries.reach_tables(period), queries.survey_results(_language())]


def section_of(key: str) -> str:
    if key in ("delivery_health", "reconnect", "dispatch_lag"):
        return str(_("Delivery health"))
    if key.startswith("reach_") or key in ("most_shared", "interviews"):
        return str(_("Reach on the networks"))
    if key.startswith("visits_"):
        return str(_("Web visits"))
    return str(_("Perception surveys"))


def _csv(table: queries.Table, period: queries.Period) -> HttpResponse:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow([str(label) for _key, label in table.columns])
    writer.writerows(table.cells())
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{table.key}_{period.start.isoformat()}_{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@needs_dashboard
def dashboard(request: HttpRequest) -> HttpResponse:
    form, period = period_of(request)
    tables = _tables(period)
    wanted = request.GET.get("csv")
    if wanted:
        for table in tables:
            if table.key == wanted:
                return _csv(table, period)
        return HttpResponseNotFound(_("There is no such table."))
    query = request.GET.copy()
    query.pop("csv", None)
    query["start"], query["end"] = period.start.isoformat(), period.end.isoformat()
    panels: list[dict[str, Any]] = []
    for table in tables:
        query["csv"] = table.key
        panels.append(
            {
                "table": table,
                "rows": [
                    (cells, table.links.get(number, ""))
                    for number, cells in enumerate(table.cells())
                ],
                "svg": charts.render_bar_svg(table, _language()),
                "csv_url": f"?{query.urlencode()}",
                "section": section_of(table.key),
            }
        )
    title = _("Campaign dashboard")
    return render(
        request,
        "analytics/dashboard.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "table",
            "form": form,
            "period": period,
            "panels": panels,
        },
    )
