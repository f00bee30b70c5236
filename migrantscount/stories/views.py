"""Public story views: the form and the private status page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import ratelimit, services
from .forms import SubmissionForm, WithdrawForm
from .models import Submission


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a proxy in front must set it (see docs/stories.md).
    return request.META.get("REMOTE_ADDR", "")


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def share(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "en"
    consent_text = services.current_consent_text(language)
    if request.method != "POST":
        form = SubmissionForm(consent_text=consent_text)
        return render(request, "stories/submission_form.html", {"form": form})
    form = SubmissionForm(request.POST, request.FILES, consent_text=consent_text)
    ip_address = client_ip(request)
    if ratelimit.is_limited(ip_address):
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
    if not form.is_valid():
        return render(
            request, "stories/submission_form.html", {"form": form}, status=400
        )
    receipt = services.submit_story(
        form.story_input(), language=language, ip_address=ip_address
    )
    ratelimit.record_submission(ip_address)
    url = reverse("stories:status", kwargs={"token": receipt.token})
    return redirect(f"{url}?new=1")


def status(request: HttpRequest, token: str) -> HttpResponse:
    submission = services.find_by_token(token)
    if submission is None:
        return _private(render(request, "stories/status_not_found.html", status=404))
    form = WithdrawForm()
    if request.method == "POST" and not submission.is_withdrawn:
        form = WithdrawForm(request.POST)
        if form.is_valid():
            services.withdraw_submission(
                submission, route=Submission.WithdrawalRoute.SELF
            )
            return redirect(request.path)
    response = render(
        request,
        "stories/status.html",
        {
            "submission": submission,
            "form": form,
            "is_new": request.GET.get("new") == "1",
            "status_url": request.build_absolute_uri(request.path),
        },
        status=400 if form.errors else 200,
    )
    return _private(response)
