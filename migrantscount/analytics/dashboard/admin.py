"""The dashboard's admin URL and menu item (registered in wagtail_hooks.py)."""

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from . import views


class DashboardMenuItem(MenuItem):  # type: ignore[misc]  # Wagtail is untyped
    def is_shown(self, request: HttpRequest) -> bool:
        return views.can_view(request.user)


def admin_urls() -> list[URLPattern]:
    return [path("campaign-dashboard/", views.dashboard, name="analytics_dashboard")]


def menu_item() -> MenuItem:
    return DashboardMenuItem(
        _("Campaign dashboard"),
        reverse("analytics_dashboard"),
        name="campaign-dashboard",
        icon_name="table",
        order=306,
    )
