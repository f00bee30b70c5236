"""Public pages: upcoming and past interviews, one page per interview."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation

from . import calendars, presentation
from .models import Appearance, Interview, InterviewQuerySet
from .page_cache import keep_until_next_change

PAST_SHOWN = 20


def _interviews() -> InterviewQuerySet:
    return Interview.objects.select_related("series").prefetch_related(
        "texts",
        "series__texts",
        "captions",
        Prefetch(
            "appearances",
            queryset=Appearance.objects.select_related("guest", "guest__story"),
        ),
    )


def _card(interview: Interview, *, language: str, zone: str) -> dict[str, Any]:
    return {
        "interview": interview,
        "text": interview.text_for(language),
        "when": presentation.when(
            interview.starts_at, zone_name=zone, language=language
        ),
        "guests": presentation.guest_views(interview),
        "platform": presentation.platform_label(interview),
    }


def _zone_context(request: HttpRequest, language: str) -> dict[str, Any]:
    zone = presentation.audience_zone(request.GET.get("tz"), language)
    return {"zone": zone, "zone_choices": presentation.zone_choices(language)}


def interview_index(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    context = _zone_context(request, language)
    upcoming = _interviews().upcoming()
    past = _interviews().past()[:PAST_SHOWN]
    context.update(
        upcoming=[
            _card(row, language=language, zone=context["zone"]) for row in upcoming
        ],
        past=[_card(row, language=language, zone=context["zone"]) for row in past],
    )
    context["webcal_url"] = (
        "webcal://" + request.get_host() + reverse("events:calendar")
    )
    return keep_until_next_change(
        render(request, "events/interview_index.html", context)
    )


def interview_detail(request: HttpRequest, uid: str) -> HttpResponse:
    language = translation.get_language() or "en"
    interview = get_object_or_404(_interviews(), uid=uid)
    context = _zone_context(request, language)
    url = request.build_absolute_uri(interview.get_absolute_url())
    shows_recording = interview.recording_may_be_shown()
    context.update(
        _card(interview, language=language, zone=context["zone"]),
        url=url,
        local_when=presentation.when(
            interview.starts_at, zone_name=interview.time_zone, language=language
        ),
        structured_data=presentation.structured_data(
            interview, language=language, url=url
        ),
        shows_recording=shows_recording,
        is_past=interview.ends_at <= timezone.now(),
        captions=list(interview.captions.all()) if shows_recording else [],
        transcript=interview.transcript_for(language) if shows_recording else "",
        translations=[
            (code, interview.url_in(code)) for code, _name in presentation.languages()
        ],
    )
    return keep_until_next_change(render(request, "events/interview.html", context))


def calendar_feed(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    response = HttpResponse(
        calendars.feed(language), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="migrantscount-interviews.ics"'
    return response


def interview_calendar(request: HttpRequest, uid: str) -> HttpResponse:
    language = translation.get_language() or "en"
    interview = get_object_or_404(_interviews(), uid=uid)
    response = HttpResponse(
        calendars.single(interview, language),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="interview-{uid}.ics"'
    return response
