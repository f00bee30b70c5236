"""The "Social" admin menu: posts, accounts, deliveries, manual takedowns, the pause
switch and the hashtag rules; shown only to those with a social permission."""

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogActionRegistry

from migrantscount.core.lib.log_actions import LogAction, register_log_actions

from . import audit, urls, views
from .models import HashtagRule, Post
from .services import notifications


class PermissionMenuItem(MenuItem):  # type: ignore[misc]  # Wagtail is untyped
    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(self.permission))


class HashtagRuleViewSet(ModelViewSet):  # type: ignore[misc]
    model = HashtagRule
    icon = "tag"
    menu_label = _("Hashtag rules")
    add_to_admin_menu = False
    url_prefix = "social/hashtags"
    list_display = ["sort_order", "hashtag", "match", "language"]
    form_fields = ["sort_order", "match", "language", "hashtag"]
    ordering = ["sort_order", "pk"]


hashtag_rules = HashtagRuleViewSet("social_hashtags")


@hooks.register("register_admin_viewset")  # type: ignore[untyped-decorator]
def register_hashtag_rules() -> ModelViewSet:
    return hashtag_rules


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]
def register_social_admin_urls() -> list[URLPattern | URLResolver]:
    return [path("social/", include(urls))]


def _item(
    label: Any, url_name: str, icon: str, permission: str, order: int
) -> MenuItem:
    return PermissionMenuItem(
        label,
        reverse(url_name),
        name=url_name.replace(":", "-"),
        icon_name=icon,
        order=order,
        permission=permission,
    )


@hooks.register("register_admin_menu_item")  # type: ignore[untyped-decorator]
def register_social_menu() -> MenuItem:
    menu = Menu(
        items=[
            _item(_("Posts"), "social_admin:posts", "doc-full", views.VIEW_POST, 100),
            _item(
                _("Accounts"), "social_admin:accounts", "user", views.VIEW_ACCOUNT, 200
            ),
            _item(
                _("Deliveries"),
                "social_admin:deliveries",
                "list-ul",
                views.VIEW_DELIVERY,
                300,
            ),
            _item(
                _("Calendar"), "social_admin:calendar", "date", views.VIEW_DELIVERY, 350
            ),
            _item(
                _("Manual takedowns"),
                "social_admin:takedowns",
                "warning",
                views.VIEW_DELIVERY,
                400,
            ),
            _item(
                _("Sending"), "social_admin:sending", "sliders", views.VIEW_SWITCH, 500
            ),
            PermissionMenuItem(
                _("Hashtag rules"),
                hashtag_rules.menu_url,
                name="social-hashtags",
                icon_name="tag",
                order=600,
                permission="social.view_hashtagrule",
            ),
        ]
    )
    return SubmenuMenuItem(
        _("Social"), menu, name="social", icon_name="site", order=305
    )


@hooks.register("register_log_actions")  # type: ignore[untyped-decorator]
def register_social_log_actions(actions: LogActionRegistry) -> None:
    register_log_actions(
        actions,
        {action: LogAction(label, label) for action, label in audit.LABELS.items()},
    )


class PostsAwaitingApprovalPanel(Component):  # type: ignore[misc]  # Wagtail is untyped
    """The dashboard's "Posts awaiting your approval" (none: no panel)."""

    name = "social_posts_awaiting_approval"
    order = 110
    template_name = "social/includes/approval_panel.html"

    def __init__(self, awaiting: list[Post]) -> None:
        self.awaiting = awaiting

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"awaiting": self.awaiting}


@hooks.register("construct_homepage_panels")  # type: ignore[untyped-decorator]
def posts_awaiting_approval_panel(request: HttpRequest, panels: list[Any]) -> None:
    if not request.user.has_perm(views.APPROVE_POST):
        return
    awaiting = notifications.awaiting_for(request.user)
    if awaiting:
        panels.append(PostsAwaitingApprovalPanel(awaiting))
