"""Admin: withdraw a guest's consent (the guest asked the team by phone, mail, in
person). The same service the story withdrawal hook calls: personal data erased,
interviews ahead left, recordings no longer shown. Audited without personal data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import announcements, services
from .models import Guest, Interview, LiveVideo

GUEST_WITHDRAWN = "events.guest_withdrawn"


def withdraw_guest(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("events.change_guest"):
        raise PermissionDenied
    guest = get_object_or_404(Guest, pk=pk)
    edit_url = reverse("wagtailsnippets_events_guest:edit", args=[guest.pk])
    if guest.is_withdrawn:
        messages.info(request, _("This guest's consent was already withdrawn."))
        return redirect(edit_url)
    if request.method == "POST":
        services.withdraw_guest_consent(guest)
        log(guest, GUEST_WITHDRAWN, user=request.user, data={})
        messages.success(
            request,
            _(
                "Consent withdrawn: the guest's name and contact are erased, they "
                "left the interviews ahead, and recordings with them are no longer "
                "shown."
            ),
        )
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "events/admin/withdraw_guest.html",
        {
            "guest": guest,
            "edit_url": edit_url,
            "interviews_ahead": guest.appearances.filter(
                interview__starts_at__gt=timezone.now()
            )
            .exclude(interview__status=Interview.Status.CANCELLED)
            .count(),
        },
    )


def interview_social(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview's Facebook live video (the stream URL and key only for its
    host and superusers) and its announcements, with the languages that have none."""
    if not request.user.has_perm("events.change_interview"):
        raise PermissionDenied
    interview = get_object_or_404(Interview, pk=pk)
    live = LiveVideo.objects.filter(interview=interview).first()
    return TemplateResponse(
        request,
        "events/admin/interview_social.html",
        {
            "interview": interview,
            "edit_url": reverse(
                "wagtailsnippets_events_interview:edit", args=[interview.pk]
            ),
            "live": live,
            "show_stream": live is not None and live.stream_visible_to(request.user),
            "announcements": interview.announcements.select_related("post"),
            "missing": announcements.missing_languages(interview),
        },
    )
