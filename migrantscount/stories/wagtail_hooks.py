from django.urls import URLPattern, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.admin.widgets.button import Button as SnippetListingButton
from wagtail.log_actions import LogActionRegistry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from migrantscount.core.lib.log_actions import LogAction, register_log_actions

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


LOG_ACTIONS = {
    submissions.SUBMITTED_ON_BEHALF: LogAction(
        _("Record a story on someone's behalf"),
        _("Story %(reference)s recorded; consent: %(method)s"),
        lambda data: {
            "reference": data.get("reference", ""),
            "method": data.get("method", ""),
        },
    ),
    submissions.WITHDRAWN: LogAction(
        _("Withdraw consent for a story"),
        _(
            "Consent withdrawn for %(reference)s (%(route)s, %(reason)s); "
            "content erased"
        ),
        lambda data: {
            "reference": data.get("reference", ""),
            "route": data.get("route", ""),
            "reason": data.get("reason", ""),
        },
    ),
    submissions.CONSENT_NARROWED: LogAction(
        _("Narrow the consent for a story"),
        _("Uses removed from %(reference)s (%(route)s): %(scopes)s"),
        lambda data: {
            "reference": data.get("reference", ""),
            "route": data.get("route", ""),
            "scopes": ", ".join(data.get("scopes", [])),
        },
    ),
    moderation.COPIES_TAKEN_DOWN: LogAction(
        _("Take down a story's social posts for safety"),
        _("Published copies of story %(story)s taken down"),
        lambda data: {"story": data.get("story", "")},
    ),
    submissions.CONTACTS_ERASED: LogAction(
        _("Erase expired story contacts"),
        _("Contact details erased from %(count)s story submissions"),
        lambda data: {"count": data.get("submissions", 0)},
    ),
    moderation.SUBMISSION_OPENED: LogAction(
        _("Read a story submission"),
        _("Submission %(reference)s opened for moderation"),
        lambda data: {"reference": data.get("reference", "")},
    ),
    moderation.PHOTO_VIEWED: LogAction(
        _("View a private story photo"),
        _("Private photo of %(reference)s viewed"),
        lambda data: {"reference": data.get("reference", "")},
    ),
    moderation.STORY_DRAFTED: LogAction(
        _("Make a public story from a submission"),
        _("Redacted story drafted from %(reference)s"),
        lambda data: {"reference": data.get("reference", "")},
    ),
    moderation.SUBMISSION_REJECTED: LogAction(
        _("Reject a story submission"),
        _("Submission %(reference)s not published (%(reason)s)"),
        lambda data: {
            "reference": data.get("reference", ""),
            "reason": data.get("reason", ""),
        },
    ),
    notifications.MODERATORS_ALERTED: LogAction(
        _("Alert story moderators of new submissions"),
        _("%(moderators)s moderators alerted of %(count)s new submissions"),
        lambda data: {
            "moderators": data.get("moderators", 0),
            "count": data.get("submissions", 0),
        },
    ),
}


@hooks.register("register_log_actions")
def register_stories_log_actions(actions: LogActionRegistry) -> None:
    register_log_actions(actions, LOG_ACTIONS)


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
