"""Public survey pages: the index, the form, thanks, and a closed wave's results.

The form works without JavaScript and without cookies: it carries a signed,
expiring token (protection.py) instead of Django's CSRF cookie.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from migrantscount.core.client_ip import client_ip

from ..models.surveys import SurveyWave
from . import assignment, charts, protection, questionnaire, results, services
from .forms import SurveyForm


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _waves() -> Any:
    return SurveyWave.objects.prefetch_related("texts", "countries", "campaign_items")


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def keep_until_next_change(response: HttpResponse) -> HttpResponse:
    """Shared caches keep a page that lists waves only until a wave next opens or
    closes (edits purge it at once, public.py)."""
    now = timezone.now()
    moments = SurveyWave.objects.aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    limit = int(settings.MIGRANTSCOUNT_PAGE_CACHE_SECONDS)
    upcoming = [moment for moment in moments.values() if moment is not None]
    seconds = limit
    if upcoming:
        seconds = max(1, min(limit, int((min(upcoming) - now).total_seconds()) + 1))
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    return response


def survey_index(request: HttpRequest) -> HttpResponse:
    language = _language()
    now = timezone.now()
    open_waves = [
        wave for wave in _waves().open_at(now) if language in wave.language_list
    ]
    closed = list(_waves().closed_at(now))
    response = render(
        request,
        "analytics/surveys/index.html",
        {
            "open_waves": [(wave, wave.text_for(language)) for wave in open_waves],
            "closed_waves": [(wave, wave.text_for(language)) for wave in closed],
        },
    )
    return keep_until_next_change(response)


def _form_context(
    wave: SurveyWave, form: SurveyForm, *, language: str, arm: str, **extra: Any
) -> dict[str, Any]:
    return {
        "wave": wave,
        "text": wave.text_for(language),
        "form": form,
        "stimulus": services.stimulus_for(wave, arm=arm, language=language),
        "acceptance_intro": questionnaire.ACCEPTANCE_INTRO,
        "citation": questionnaire.GALLUP_CITATION,
        "citation_url": questionnaire.GALLUP_URL,
        **extra,
    }


def _fresh_form(
    request: HttpRequest, wave: SurveyWave, language: str, *, arm: str | None = None
) -> tuple[SurveyForm, str]:
    arm = arm or assignment.assign_arm(wave)
    token = protection.issue_token(
        wave_id=wave.pk,
        language=language,
        arm=arm,
        percent=int(wave.treatment_percent) if wave.has_experiment else 0,
    )
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data["token"] = token
        form = SurveyForm(data, wave=wave, language=language)
        form.is_valid()
    else:
        form = SurveyForm(initial={"token": token}, wave=wave, language=language)
    return form, arm


def _refusal(
    request: HttpRequest, wave: SurveyWave, refused: protection.SheetRefused
) -> HttpResponse:
    response = render(
        request,
        "analytics/surveys/refused.html",
        {
            "wave": wave,
            "text": wave.text_for(_language()),
            "message": refused.message,
            "code": refused.code,
        },
        status=refused.status,
    )
    return _private(response)


def _expired_arm(token: str, wave: SurveyWave) -> str | None:
    """The arm of a genuine but expired token: the respondent read its item."""
    try:
        payload = signing.loads(token, salt=protection.FORM_SIGNING_NAMESPACE)
    except signing.BadSignature:
        return None
    if isinstance(payload, dict) and payload.get("w") == wave.pk:
        return str(payload.get("a"))
    return None


@never_cache
# No Django CSRF cookie on this public form: a respondent is never tracked, so the
# form is protected by its own signed, expiring, single-use token instead, which a
# cross-site page cannot make (protection.py). Only this view is exempt.
@csrf_exempt
def survey_form(request: HttpRequest, slug: str) -> HttpResponse:
    language = _language()
    wave = get_object_or_404(_waves(), slug=slug)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    try:
        services.refuse_if_closed(wave)
    except protection.SheetRefused as refused:
        if request.method == "POST":
            return _refusal(request, wave, refused)
        return _private(
            render(
                request,
                "analytics/surveys/not_open.html",
                {"wave": wave, "text": wave.text_for(language), "code": refused.code},
            )
        )
    if language not in wave.language_list:
        if request.method == "POST":
            return _refusal(
                request,
                wave,
                protection.SheetRefused(
                    services.NOT_IN_LANGUAGE, status=400, code="language"
                ),
            )
        links = [(code, wave.url_in(code)) for code in wave.language_list]
        return _private(
            render(
                request,
                "analytics/surveys/other_languages.html",
                {"wave": wave, "links": links},
                status=404,
            )
        )
    if request.method != "POST":
        form, arm = _fresh_form(request, wave, language)
        context = _form_context(wave, form, language=language, arm=arm)
        return _private(render(request, "analytics/surveys/form.html", context))
    return _private(_receive(request, wave, language))


def _receive(request: HttpRequest, wave: SurveyWave, language: str) -> HttpResponse:
    ip_address = client_ip(request)
    token = request.POST.get("token", "")
    try:
        ticket = protection.read_token(token, wave_id=wave.pk, language=language)
    except protection.SheetRefused as refused:
        arm = _expired_arm(token, wave) if refused.code == "expired" else None
        if arm is None:
            return _refusal(request, wave, refused)
        # Kept: what was answered, with a fresh token for the same arm.
        form, arm = _fresh_form(request, wave, language, arm=arm)
        form.add_error(None, str(refused.message))
        context = _form_context(wave, form, language=language, arm=arm)
        return render(request, "analytics/surveys/form.html", context, status=400)
    form = SurveyForm(request.POST, wave=wave, language=language)
    status = 400
    if protection.address_limited(ip_address):
        form.is_valid()
        form.add_error(None, services.LIMITED)
        status = 429
    elif form.is_valid():
        try:
            protection.check_pace(ticket)
            stimulus = services.stimulus_for(wave, arm=ticket.arm, language=language)
            services.record_response(
                wave,
                ticket=ticket,
                sheet=form.sheet(),
                shown_campaign_item=stimulus is not None and stimulus.kind != "placebo",
            )
        except protection.SheetRefused as refused:
            if refused.code != "too_fast":
                return _refusal(request, wave, refused)
            form.add_error(None, str(refused.message))
        else:
            protection.record_address(ip_address)
            return redirect("surveys:thanks", slug=wave.slug)
    context = _form_context(wave, form, language=language, arm=ticket.arm)
    return render(request, "analytics/surveys/form.html", context, status=status)


def survey_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    wave = get_object_or_404(_waves(), slug=slug)
    return render(
        request,
        "analytics/surveys/thanks.html",
        {"wave": wave, "text": wave.text_for(_language())},
    )


def results_context(wave: SurveyWave, language: str) -> dict[str, Any]:
    outcome = results.wave_results(wave, language=language)
    change_rows = []
    if outcome.previous is not None:
        change_rows = [
            (outcome.previous.name, outcome.comparison_before),
            (wave.name, outcome.comparison_now),
        ]
    return {
        "wave": wave,
        "text": wave.text_for(language),
        "results": outcome,
        "charts": charts.result_charts(outcome, language),
        "change_rows": change_rows,
        "item_labels": list(questionnaire.ACCEPTANCE_PROMPTS.values()),
        "scoring": questionnaire.SCORING,
        "citation": questionnaire.GALLUP_CITATION,
        "citation_url": questionnaire.GALLUP_URL,
        "design_before_after": results.DESIGN_BEFORE_AFTER,
        "sample": results.SAMPLE,
        "simulated": results.SIMULATED,
    }


def survey_results(request: HttpRequest, slug: str) -> HttpResponse:
    wave = get_object_or_404(_waves(), slug=slug)
    if not wave.is_closed():
        raise Http404("results are published when the wave closes")
    context = results_context(wave, _language())
    return render(request, "analytics/surveys/results.html", context)
