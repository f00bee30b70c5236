"""Public story views (the form, the private status page) and staff views."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from migrantscount.core.client_ip import client_ip
from migrantscount.core.lib.http import AuthenticatedHttpRequest
from migrantscount.core.page_cache import shared_cache_control

from . import presentation, ratelimit
from .forms.index import StoryFilterForm
from .forms.submission import OnBehalfForm, SubmissionForm
from .forms.withdrawal import StaffWithdrawForm, StopSharingForm, WithdrawForm
from .models import Scope, Story, StoryQuerySet, Submission
from .services import sharecards, submissions

STORIES_PER_PAGE = 12


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    # Not no-referrer: browsers then send "Origin: null" and CSRF refuses the POST.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def share(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    consent_text = submissions.current_consent_text(language)
    if request.method != "POST":
        form = SubmissionForm(consent_text=consent_text)
        return render(request, "stories/submission_form.html", {"form": form})
    ip_address = client_ip(request)
    if ratelimit.is_limited(ip_address):
        # Checked before any photo is decoded; the text is shown again, not the file.
        form = SubmissionForm(request.POST, consent_text=consent_text)
        form.is_valid()
        form.add_error(
            None,
            _(
                "We have received several stories from your connection in the last "
                "hour. Please try again later; what you wrote is still below."
            ),
        )
        return render(
            request, "stories/submission_form.html", {"form": form}, status=429
        )
    ratelimit.record_attempt(ip_address)
    form = SubmissionForm(request.POST, request.FILES, consent_text=consent_text)
    if not form.is_valid():
        return render(
            request, "stories/submission_form.html", {"form": form}, status=400
        )
    receipt = submissions.submit_story(
        form.story_input(), language=language, ip_address=ip_address
    )
    ratelimit.record_submission(ip_address)
    url = reverse("stories:status", kwargs={"token": receipt.token})
    return redirect(f"{url}?new=1")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: an expired or missing form token (a page left open
    for hours, cookies blocked). On the story form, the form comes back with what the
    person typed (the photo must be chosen again) and a fresh token, in the form's
    language; elsewhere a short page in the URL's language. Never Django's page."""
    match = request.resolver_match
    if request.method == "POST" and match and match.view_name == "stories:submit":
        language = translation.get_language() or "en"
        form = SubmissionForm(
            request.POST, consent_text=submissions.current_consent_text(language)
        )
        form.is_valid()
        form.add_error(
            None,
            _(
                "This form was open too long, or your browser blocked our cookie, so "
                "it could not be sent. What you wrote is below: check it, choose your "
                "photo again if you had one, and send it."
            ),
        )
        response = render(
            request, "stories/submission_form.html", {"form": form}, status=403
        )
        return _private(response)
    return render(request, "403_csrf.html", status=403)


def status(request: HttpRequest, token: str) -> HttpResponse:
    submission = submissions.find_by_token(token)
    if submission is None:
        return _private(render(request, "stories/status_not_found.html", status=404))
    form = WithdrawForm()
    stop_sharing_form = StopSharingForm()
    action = request.POST.get("action", "withdraw")
    if request.method == "POST" and not submission.is_withdrawn:
        if action == "stop_social":
            stop_sharing_form = StopSharingForm(request.POST)
            if stop_sharing_form.is_valid():
                submissions.narrow_consent(
                    submission,
                    scopes=[Scope.SOCIAL],
                    route=Submission.WithdrawalRoute.SELF,
                )
                return redirect(f"{request.path}?stopped=social")
        else:
            form = WithdrawForm(request.POST)
            if form.is_valid():
                submissions.withdraw_submission(
                    submission, route=Submission.WithdrawalRoute.SELF
                )
                return redirect(request.path)
    response = render(
        request,
        "stories/status.html",
        {
            "submission": submission,
            "form": form,
            "stop_sharing_form": stop_sharing_form,
            "shares_on_social": submission.consent_allows(Scope.SOCIAL),
            "stopped_social": request.GET.get("stopped") == "social"
            and not submission.is_withdrawn
            and not submission.allows_social,
            "is_new": request.GET.get("new") == "1",
            "status_url": request.build_absolute_uri(request.path),
        },
        status=400 if form.errors or stop_sharing_form.errors else 200,
    )
    return _private(response)


def _staff_context(title: str, **context: object) -> dict[str, object]:
    return {
        "page_title": title,
        "header_title": title,
        "header_icon": "doc-full",
        **context,
    }


@permission_required("stories.add_submission_on_behalf", raise_exception=True)
@never_cache
def record_on_behalf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff type in a story told to them; the status link is shown once, to hand over."""
    language = request.POST.get("language") or request.GET.get("language") or "en"
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    consent_text = submissions.current_consent_text(language)
    form = OnBehalfForm(
        request.POST or None, request.FILES or None, consent_text=consent_text
    )
    if request.method == "POST" and form.is_valid():
        receipt = submissions.submit_story(
            form.story_input(),
            language=language,
            recorded_by=request.user,
            consent_method=form.cleaned_data["consent_method"],
        )
        with translation.override(language):
            path = reverse("stories:status", kwargs={"token": receipt.token})
        return render(
            request,
            "stories/admin/recorded.html",
            _staff_context(
                _("Story recorded"),
                submission=receipt.submission,
                status_url=request.build_absolute_uri(path),
            ),
        )
    return render(
        request,
        "stories/admin/record.html",
        _staff_context(
            _("Record a story on someone's behalf"),
            form=form,
            language=language,
            languages=settings.LANGUAGES,
        ),
        status=400 if form.errors else 200,
    )


@permission_required("stories.change_submission", raise_exception=True)
@never_cache
def staff_withdraw(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Withdraw consent on the person's request (phone, e-mail, in person)."""
    form = StaffWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submission = submissions.withdraw_submission(
            form.cleaned_data["reference"],
            route=Submission.WithdrawalRoute.STAFF,
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
        messages.success(
            request,
            _("Consent withdrawn for %(reference)s; its content was erased.")
            % {"reference": submission.reference},
        )
        return redirect("stories_admin:withdraw")
    return render(
        request,
        "stories/admin/withdraw.html",
        _staff_context(_("Withdraw consent for a story"), form=form),
        status=400 if form.errors else 200,
    )


def _filtered(stories: StoryQuerySet, form: StoryFilterForm) -> Any:
    """The filters, then the search (ranked results, not a queryset: search.py)."""
    data = form.cleaned_data if form.is_valid() else {}
    for field, column in (
        ("origin", "origin_country"),
        ("destination", "destination_country"),
        ("sector", "sector"),
        ("language", "original_language"),
    ):
        if data.get(field):
            stories = stories.filter(**{column: data[field]})
    if data.get("sdg"):
        stories = stories.with_sdg(int(data["sdg"]))
    stories = stories.select_related("photo", "locale")
    if data.get("q"):
        language = translation.get_language() or settings.LANGUAGE_CODE
        return stories.matching(data["q"], language=language)
    return stories


def story_index(request: HttpRequest) -> HttpResponse:
    stories = Story.objects.public_in()
    form = StoryFilterForm(
        request.GET or None,
        origins=sorted(set(stories.values_list("origin_country", flat=True))),
        destinations=sorted(set(stories.values_list("destination_country", flat=True))),
    )
    results = _filtered(stories, form)
    page = Paginator(results, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stories/story_index.html",
        {
            "form": form,
            "stories_page": page,
            "is_filtered": bool(request.GET.get("q") or form.has_changed()),
            "query_string": query.urlencode(),
        },
    )


def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(
        Story.objects.public_in().select_related("photo", "locale"), slug=slug
    )
    context = presentation.story_context(
        story, request, hashtag=request.GET.get("hashtag")
    )
    return render(request, "stories/story.html", context)


def story_card(request: HttpRequest, slug: str, hashtag: str) -> FileResponse:
    if hashtag not in presentation.HASHTAGS:
        raise Http404
    story = get_object_or_404(
        Story.objects.public_in().select_related("photo", "locale"), slug=slug
    )
    if not story.consent_allows(Scope.SOCIAL):
        raise Http404
    name = sharecards.card_for(story, hashtag)
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    # Purged with the story (stories/page_cache.py): kept by shared caches only.
    shared_cache_control(response)
    return response
