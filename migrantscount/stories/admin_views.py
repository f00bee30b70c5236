"""Moderation in the Wagtail admin: the queue of submissions, reading one
(decrypted, audited), making the redacted Story or rejecting."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import UnpublishView as SnippetUnpublishView
from wagtail.snippets.views.snippets import (
    WorkflowActionView as SnippetWorkflowActionView,
)

from migrantscount.core.lib.http import AuthenticatedHttpRequest

from .forms.moderation import CreateStoryForm, QueueFilterForm, RejectForm
from .models import Scope, Story, Submission
from .services import moderation, photo_publication

MODERATE = "stories.change_submission"
APPROVE = "stories.publish_story"
PENDING = (Submission.Status.SUBMITTED, Submission.Status.IN_REVIEW)


def _context(title: str, **context: object) -> dict[str, object]:
    return {
        "page_title": title,
        "header_title": title,
        "header_icon": "doc-full",
        **context,
    }


@permission_required(MODERATE, raise_exception=True)
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    submissions = Submission.objects.exclude(status=Submission.Status.WITHDRAWN)
    status = filters.get("status", "")
    if status == "":
        submissions = submissions.filter(status__in=PENDING)
    elif status != "all":
        submissions = submissions.filter(status=status)
    if reference := filters.get("q", "").strip().upper():
        submissions = submissions.filter(reference__startswith=reference)
    if language := filters.get("language"):
        submissions = submissions.filter(language=language)
    rows = submissions.select_related("consent_text").prefetch_related("stories")
    return render(
        request,
        "stories/admin/queue.html",
        _context(_("Story moderation"), submissions=rows[:200], form=form),
    )


def _initial(submission: Submission) -> dict[str, object]:
    first_sentence = submission.text.split(". ")[0][:280]
    return {
        "title": submission.title,
        "quote": first_sentence,
        "body": submission.text,
        "name_display": submission.name
        if submission.consent_allows(Scope.NAME)
        else "",
        "use_photo": submission.consent_allows(Scope.PHOTO),
        "crop_left": 0,
        "crop_top": 0,
        "crop_width": 100,
        "crop_height": 100,
        "focal_x": 50,
        "focal_y": 50,
    }


def _create(
    request: AuthenticatedHttpRequest, submission: Submission, form: CreateStoryForm
):
    defaults = {"crop_left": 0, "crop_top": 0, "crop_width": 100, "crop_height": 100}
    defaults |= {"focal_x": 50, "focal_y": 50}
    data = {
        **form.cleaned_data,
        **{
            key: value if form.cleaned_data.get(key) is None else form.cleaned_data[key]
            for key, value in defaults.items()
        },
    }
    story = moderation.create_story_from_submission(
        submission,
        user=request.user,
        title=data["title"],
        quote=data["quote"],
        body=data["body"],
        name_display=data["name_display"],
        use_photo=data["use_photo"],
        crop=photo_publication.Crop(
            data["crop_left"], data["crop_top"], data["crop_width"], data["crop_height"]
        ),
        focal_point=photo_publication.FocalPoint(data["focal_x"], data["focal_y"]),
    )
    messages.success(
        request,
        _("Draft story made and submitted for approval: %(title)s")
        % {"title": story.title},
    )
    return redirect(reverse("wagtailsnippets_stories_story:edit", args=[story.pk]))


@permission_required(MODERATE, raise_exception=True)
@never_cache
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.exclude(status=Submission.Status.WITHDRAWN), pk=pk
    )
    create_form = CreateStoryForm(initial=_initial(submission))
    reject_form = RejectForm()
    action = request.POST.get("action")
    if request.method == "POST":
        try:
            if action == "create":
                create_form = CreateStoryForm(request.POST)
                if create_form.is_valid():
                    return _create(request, submission, create_form)
            elif action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    moderation.reject_submission(
                        submission,
                        user=request.user,
                        reason=reject_form.cleaned_data["reason"],
                        note=reject_form.cleaned_data["note"],
                    )
                    messages.success(request, _("Submission rejected."))
                    return redirect("stories_admin:queue")
        except moderation.ModerationError as error:
            messages.error(request, str(error))
    else:
        submission = moderation.open_submission(submission, user=request.user)
    response = render(
        request,
        "stories/admin/submission.html",
        _context(
            _("Submission %(reference)s") % {"reference": submission.reference},
            submission=submission,
            create_form=create_form,
            reject_form=reject_form,
            stories=submission.stories.select_related("locale"),
            allows_name=submission.consent_allows(Scope.NAME),
            allows_photo=submission.consent_allows(Scope.PHOTO),
            allows_website=submission.consent_allows(Scope.WEBSITE),
            scopes=[
                (scope, scope.label, submission.consent_allows(scope))
                for scope in Scope
            ],
        ),
        status=400 if request.method == "POST" else 200,
    )
    response["Cache-Control"] = "no-store, private"
    return response


def _jpeg(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required(MODERATE, raise_exception=True)
def photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The submission's photo, decrypted in memory for moderators only (audited)."""
    submission = get_object_or_404(Submission, pk=pk)
    if not submission.photo:
        raise Http404
    with submission.photo.storage.open(submission.photo.name, "rb") as handle:
        content = handle.read()
    moderation.record_photo_view(submission, user=request.user, photo="submission")
    return _jpeg(content)


def story_photo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A story's cropped photo before publication, for those who moderate or approve
    it (the preview shows it); decrypted in memory, audited."""
    if not (request.user.has_perm(MODERATE) or request.user.has_perm(APPROVE)):
        raise PermissionDenied
    story = get_object_or_404(Story, pk=pk)
    private = photo_publication.private_photo_for(story)
    if private is None:
        raise Http404
    content = photo_publication.read_private_photo(private)
    moderation.record_photo_view(
        photo_publication.submission_of(story), user=request.user, photo="story"
    )
    return _jpeg(content)


@permission_required("stories.change_story", raise_exception=True)
@never_cache
def submit_translation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A translator sends a translated story for approval (it stays a draft)."""
    story = get_object_or_404(Story.objects.select_related("locale"), pk=pk)
    if request.method == "POST":
        try:
            moderation.submit_translation(story, user=request.user)
        except moderation.ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Translation submitted for approval: %(title)s")
                % {"title": story.title},
            )
        return redirect("wagtailsnippets_stories_story:list")
    return render(
        request,
        "stories/admin/submit_translation.html",
        _context(_("Submit a translation for approval"), story=story),
    )


class StoryUnpublishView(SnippetUnpublishView):
    """Wagtail's unpublish confirmation, with one more choice: take down what was
    already published from the story (social posts) for a safety reason."""

    def post(
        self, request: AuthenticatedHttpRequest, *args: object, **kwargs: object
    ) -> HttpResponse:
        with transaction.atomic():
            response: HttpResponse = super().post(request, *args, **kwargs)
            self.object.refresh_from_db()
            if request.POST.get("take_down_published") and not self.object.live:
                moderation.take_down_published_copies(self.object, user=request.user)
                messages.success(request, TAKEN_DOWN_MESSAGE)
        return response


TAKEN_DOWN_MESSAGE = gettext_lazy(
    "What was already published from this story on social networks will be taken "
    "down; anything that cannot be deleted automatically appears in the manual "
    "takedown list."
)


@permission_required(APPROVE, raise_exception=True)
@never_cache
def take_down_published(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """For an unpublished story: take down its published social posts for safety."""
    story = get_object_or_404(Story.objects.select_related("locale"), pk=pk)
    if request.method == "POST":
        try:
            moderation.take_down_published_copies(story, user=request.user)
        except moderation.ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, TAKEN_DOWN_MESSAGE)
        return redirect("wagtailsnippets_stories_story:list")
    return render(
        request,
        "stories/admin/take_down.html",
        _context(_("Take down social posts for safety"), story=story),
    )


PUBLICATION_REFUSED_MESSAGE = gettext_lazy(
    "Another Campaign approver must approve this story: you drafted it or made its "
    "latest changes. Nothing was published; any changes you made are kept as a draft."
)


def _back_to(request: HttpRequest, fallback: str) -> str:
    """Where the refused action came from (the dashboard, the editor), if it is ours."""
    referer = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return fallback


class StoryEditView(SnippetEditView):
    """The story editor: a Publish or Approve that Story.publish refuses (four eyes)
    is an admin message on the editor, not a bare 403; the edit stays as a draft."""

    def run_action_method(self) -> HttpResponse | None:
        try:
            with transaction.atomic():
                response: HttpResponse | None = super().run_action_method()
                return response
        except PublishPermissionError:
            messages.error(self.request, PUBLICATION_REFUSED_MESSAGE)
            return redirect(self.get_edit_url())


class StoryWorkflowActionView(SnippetWorkflowActionView):
    """Approve from the dashboard or the editor's workflow menu: the same message
    instead of a 403 when the approver drafted or last edited the story."""

    def post(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponse:
        try:
            with transaction.atomic():
                response: HttpResponse = super().post(request, *args, **kwargs)
                return response
        except PublishPermissionError:
            messages.error(request, PUBLICATION_REFUSED_MESSAGE)
            url = _back_to(request, self.redirect_url)
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                json_response: HttpResponse = self.render_modal_json(
                    request, {"step": "success", "redirect": url}
                )
                return json_response
            return redirect(url)


class StoriesAwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    """The dashboard's "Awaiting your review": a story its viewer may not publish
    (they drafted it or made its latest revision) offers no Approve, and says
    that another approver must approve it."""

    template_name = "stories/admin/workflow_objects_to_moderate.html"

    def get_context_data(self, parent_context: dict[str, object]) -> dict[str, object]:
        context: dict[str, object] = super().get_context_data(parent_context)
        request = parent_context["request"]
        user = request.user  # type: ignore[attr-defined]
        for state in context["states"]:  # type: ignore[attr-defined]
            obj = state["obj"]
            # Approving publishes the latest revision (wagtail.workflows), which
            # may be newer than the one the task started with.
            if isinstance(obj, Story) and not obj.may_be_published_by(
                user, revision=obj.get_latest_revision()
            ):
                state["actions"] = [
                    action for action in state["actions"] if action[0] != "approve"
                ]
                state["needs_another_approver"] = True
        return context
