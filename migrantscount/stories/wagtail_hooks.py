from django.urls import URLPattern, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.widgets.button import Button as SnippetListingButton
from wagtail.log_actions import LogActionRegistry, LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, notifications, views
from .models import Story
from .services import moderation, submissions

admin_urls = (
    [
        path("record/", views.record_on_behalf, name="record"),
        path("withdraw/", views.staff_withdraw, name="withdraw"),
        path("moderation/", admin_views.queue, name="queue"),
        path("moderation/<int:pk>/", admin_views.detail, name="submission"),
        path("moderation/<int:pk>/photo/", admin_views.photo, name="photo"),
        path("<int:pk>/photo/", admin_views.story_photo, name="story_photo"),
        path(
            "<int:pk>/take-down/",
            admin_views.take_down_published,
            name="take_down_published",
        ),
        path(
            "translations/<int:pk>/submit/",
            admin_views.submit_translation,
            name="submit_translation",
        ),
    ],
    "stories_admin",
)


class StoryPermissionPolicy(ModelPermissionPolicy):
    """Stories are made from a submission (moderation.create_story_from_submission)
    or as a translation, never from scratch or by copying in the admin: a story
    without a submission has no consent record and withdrawal could not reach it."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - {"add"})


register_permission_policy(Story, StoryPermissionPolicy(Story))


class StorySnippetViewSet(SnippetViewSet):
    model = Story
    icon = "openquote"
    menu_label = _("Stories")
    menu_name = "stories"
    menu_order = 299
    add_to_admin_menu = True
    unpublish_view_class = admin_views.StoryUnpublishView
    edit_view_class = admin_views.StoryEditView
    workflow_action_view_class = admin_views.StoryWorkflowActionView
    list_display = ["title", "name_display", "original_language", "locale", "live"]
    list_filter = ["live", "original_language", "is_example"]
    # None: Wagtail's autocomplete on the indexed raw title (AutocompleteField); named
    # fields would ask the full-text table for a "search_text" column it does not have.
    search_fields = None
    panels = [
        "title",
        "slug",
        "quote",
        "body",
        "name_display",
        # No photo panel: the photo is the moderator's crop, made public only while
        # the story is live (services/photo_publication.py).
        "origin_country",
        "destination_country",
        "distance_km",
        "sector",
        "sdgs",
        "original_language",
        "is_example",
    ]


register_snippet(StorySnippetViewSet)


@hooks.register("register_snippet_listing_buttons")
def story_translation_buttons(snippet, user, next_url=None):
    if (
        isinstance(snippet, Story)
        and snippet.is_translation
        and not snippet.workflow_in_progress
        and (not snippet.live or snippet.has_unpublished_changes)
        and user.has_perm("stories.change_story")
    ):
        yield SnippetListingButton(
            _("Submit translation for approval"),
            reverse("stories_admin:submit_translation", args=[snippet.pk]),
            icon_name="tasks",
            priority=110,
        )


@hooks.register("register_snippet_listing_buttons")
def story_take_down_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, Story)
        and not snippet.live
        and snippet.first_published_at is not None
        and user.has_perm(admin_views.APPROVE)
    ):
        yield SnippetListingButton(
            _("Take down social posts for safety"),
            reverse("stories_admin:take_down_published", args=[snippet.pk]),
            icon_name="warning",
            priority=120,
        )


@hooks.register("construct_homepage_panels")
def stories_awaiting_review_panel(request, panels):
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = admin_views.StoriesAwaitingReviewPanel()


@hooks.register("register_admin_urls")
def register_stories_admin_urls() -> list[URLPattern]:
    return [path("stories/", include(admin_urls))]  # type: ignore[list-item]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: object, permission: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_record_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Record a story"),
        reverse("stories_admin:record"),
        icon_name="doc-full",
        order=300,
        permission="stories.add_submission_on_behalf",
    )


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Story moderation"),
        reverse("stories_admin:queue"),
        icon_name="tasks",
        order=298,
        permission=admin_views.MODERATE,
    )


@hooks.register("register_admin_menu_item")
def register_withdraw_menu_item() -> MenuItem:
    return PermissionMenuItem(
        _("Withdraw a story"),
        reverse("stories_admin:withdraw"),
        icon_name="bin",
        order=301,
        permission="stories.change_submission",
    )


@hooks.register("register_log_actions")
def register_stories_log_actions(actions: LogActionRegistry) -> None:
    @actions.register_action(submissions.SUBMITTED_ON_BEHALF)
    class SubmittedOnBehalf(LogFormatter):
        label = _("Record a story on someone's behalf")

        def format_message(self, log_entry):
            return _("Story %(reference)s recorded; consent: %(method)s") % {
                "reference": log_entry.data.get("reference", ""),
                "method": log_entry.data.get("method", ""),
            }

    @actions.register_action(submissions.WITHDRAWN)
    class ConsentWithdrawn(LogFormatter):
        label = _("Withdraw consent for a story")

        def format_message(self, log_entry):
            return _(
                "Consent withdrawn for %(reference)s (%(route)s, %(reason)s); "
                "content erased"
            ) % {
                "reference": log_entry.data.get("reference", ""),
                "route": log_entry.data.get("route", ""),
                "reason": log_entry.data.get("reason", ""),
            }

    @actions.register_action(submissions.CONSENT_NARROWED)
    class ConsentNarrowed(LogFormatter):
        label = _("Narrow the consent for a story")

        def format_message(self, log_entry):
            return _("Uses removed from %(reference)s (%(route)s): %(scopes)s") % {
                "reference": log_entry.data.get("reference", ""),
                "route": log_entry.data.get("route", ""),
                "scopes": ", ".join(log_entry.data.get("scopes", [])),
            }

    @actions.register_action(moderation.COPIES_TAKEN_DOWN)
    class CopiesTakenDown(LogFormatter):
        label = _("Take down a story's social posts for safety")

        def format_message(self, log_entry):
            return _("Published copies of story %(story)s taken down") % {
                "story": log_entry.data.get("story", "")
            }

    @actions.register_action(submissions.CONTACTS_ERASED)
    class ContactsErased(LogFormatter):
        label = _("Erase expired story contacts")

        def format_message(self, log_entry):
            return _("Contact details erased from %(count)s story submissions") % {
                "count": log_entry.data.get("submissions", 0)
            }

    @actions.register_action(moderation.SUBMISSION_OPENED)
    class SubmissionOpened(LogFormatter):
        label = _("Read a story submission")

        def format_message(self, log_entry):
            return _("Submission %(reference)s opened for moderation") % {
                "reference": log_entry.data.get("reference", "")
            }

    @actions.register_action(moderation.PHOTO_VIEWED)
    class PhotoViewed(LogFormatter):
        label = _("View a private story photo")

        def format_message(self, log_entry):
            return _("Private photo of %(reference)s viewed") % {
                "reference": log_entry.data.get("reference", "")
            }

    @actions.register_action(moderation.STORY_DRAFTED)
    class StoryDrafted(LogFormatter):
        label = _("Make a public story from a submission")

        def format_message(self, log_entry):
            return _("Redacted story drafted from %(reference)s") % {
                "reference": log_entry.data.get("reference", "")
            }

    @actions.register_action(moderation.SUBMISSION_REJECTED)
    class SubmissionRejected(LogFormatter):
        label = _("Reject a story submission")

        def format_message(self, log_entry):
            return _("Submission %(reference)s not published (%(reason)s)") % {
                "reference": log_entry.data.get("reference", ""),
                "reason": log_entry.data.get("reason", ""),
            }

    @actions.register_action(notifications.MODERATORS_ALERTED)
    class ModeratorsAlerted(LogFormatter):
        label = _("Alert story moderators of new submissions")

        def format_message(self, log_entry):
            return _(
                "%(moderators)s moderators alerted of %(count)s new submissions"
            ) % {
                "moderators": log_entry.data.get("moderators", 0),
                "count": log_entry.data.get("submissions", 0),
            }


@hooks.register("construct_snippet_action_menu")
def story_publication_needs_an_approver(menu_items, request, context):
    """No Publish button on stories (publication goes through the workflow), and no
    Approve for someone who may not publish this story (Story.publish)."""
    instance = context.get("instance")
    if context.get("model") is not Story and not isinstance(instance, Story):
        return
    may_publish = isinstance(instance, Story) and instance.may_be_published_by(
        request.user, revision=instance.get_latest_revision()
    )
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "action-publish" and (may_publish or item.name != "approve")
    ]
