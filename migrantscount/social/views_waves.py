"""Admin views for times in a named zone: rescheduling one delivery from the
calendar (a plain form, no JavaScript needed) and making a wave (services/waves.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from migrantscount.core.lib import timezones
from migrantscount.stories.models import Story

from .forms import StoryChoiceField, _time_zones
from .models import Account, Delivery
from .services import posts, waves
from .views import ADD_POST, CHANGE_DELIVERY, _context, _report, _user, needs


class LocalTimeForm(forms.Form):
    local_date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "The local date in the time zone below, e.g. 2026-12-23"
        ),
    )
    local_time = forms.TimeField(
        label=gettext_lazy("Local time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("24-hour clock, e.g. 18:00"),
    )
    time_zone = forms.ChoiceField(label=gettext_lazy("Time zone"), choices=_time_zones)

    def clean(self) -> dict[str, Any]:
        """A time the clocks skip is refused next to the time field (the service
        checks again)."""
        data = super().clean() or {}
        if {"local_date", "local_time", "time_zone"} <= data.keys():
            try:
                waves.local_due_at(
                    data["local_date"], data["local_time"], data["time_zone"]
                )
            except posts.PostError as error:
                for message in error.messages:
                    self.add_error("local_time", message)
        return data


class AccountsField(forms.ModelMultipleChoiceField[Account]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.language}, {obj.time_zone})"


class WaveForm(forms.Form):
    story = StoryChoiceField(
        label=gettext_lazy("Story"),
        queryset=Story.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Only published stories whose person agreed to social networks."
        ),
    )
    fact_id = forms.CharField(
        label=gettext_lazy("Data fact"),
        max_length=120,
        required=False,
        help_text=gettext_lazy(
            "Instead of a story: the fact's stable id, e.g. MEX.remittances-gdp.2023."
        ),
    )
    accounts = AccountsField(
        label=gettext_lazy("Accounts"),
        queryset=Account.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Each account gets the text in its audience's language, at the local "
            "time below in its audience's time zone."
        ),
    )
    local_date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "The local date in each audience's zone, e.g. 2026-12-23"
        ),
    )
    local_time = forms.TimeField(
        label=gettext_lazy("Local time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy(
            "24-hour clock, e.g. 18:00; moved later for an account only as far as "
            "its network's limits need."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["story"].queryset = (  # type: ignore[attr-defined]
            Story.objects.filter(
                live=True, locale__language_code=F("original_language")
            )
            .filter(
                Q(submission__allows_social=True)
                | Q(submission__isnull=True, is_example=True)
            )
            .exclude(submission__status="withdrawn")
            .select_related("locale")
            .order_by("-last_published_at")
        )
        self.fields["accounts"].queryset = Account.objects.exclude(  # type: ignore[attr-defined]
            status=Account.Status.DISCONNECTED
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("story")) == bool(data.get("fact_id")):
            raise ValidationError(_("Choose a story or a data fact (one of the two)."))
        return data


@needs(CHANGE_DELIVERY)
def delivery_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(
        Delivery.objects.select_related("post", "account"), pk=pk
    )
    zone_name = delivery.time_zone or delivery.account.time_zone
    local = timezones.in_zone(delivery.due_at, zone_name)
    form = LocalTimeForm(
        initial={
            "local_date": delivery.local_date or local.date(),
            "local_time": delivery.local_time or local.time(),
            "time_zone": zone_name,
        }
    )
    if request.method == "POST":
        form = LocalTimeForm(request.POST)
        if form.is_valid():
            try:
                waves.reschedule_at_local_time(
                    delivery, **form.cleaned_data, user=_user(request)
                )
            except ValidationError as error:
                _report(request, error)
            else:
                messages.success(request, _("New time saved."))
                return redirect(_calendar_url(request, form.cleaned_data))
    return render(
        request,
        "social/reschedule_form.html",
        _context(_("Change the time"), "date", delivery=delivery, form=form),
        status=400 if request.method == "POST" else 200,
    )


def _calendar_url(request: HttpRequest, data: dict[str, Any]) -> str:
    return f"{reverse('social_admin:calendar')}?date={data['local_date']:%Y-%m-%d}"


@needs(ADD_POST)
def wave_create(request: HttpRequest) -> HttpResponse:
    form = WaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = waves.create_wave(
                accounts=list(data["accounts"]),
                local_date=data["local_date"],
                local_time=data["local_time"],
                author=_user(request),
                story=data["story"],
                fact_id=data["fact_id"],
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(
                request,
                _("Wave made and sent for approval: one post, %(count)d deliveries.")
                % {"count": post.deliveries.count()},
            )
            return redirect("social_admin:post", pk=post.pk)
    return render(
        request,
        "social/wave_form.html",
        _context(_("New wave"), "date", form=form),
        status=400 if request.method == "POST" else 200,
    )
