from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import views
from .models import Country, SustainableDevelopmentGoal


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Reference data is owned by load_reference_data: editors may only look."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action in {"add", "change", "delete"}:
            return False
        return bool(user.is_active and user.has_perm("wagtailadmin.access_admin"))

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


# Registered before the viewsets are built, as Wagtail 8 asks (a policy set on the
# viewset itself is deprecated and warns on every manage.py call).
register_permission_policy(Country, ReadOnlyPolicy(Country), exact_class=True)
register_permission_policy(
    SustainableDevelopmentGoal,
    ReadOnlyPolicy(SustainableDevelopmentGoal),
    exact_class=True,
)


class CountryViewSet(ModelViewSet):
    model = Country
    icon = "site"
    menu_label = _("Countries")
    add_to_settings_menu = True
    list_display = ["name_en", "iso3", "numeric", "is_oas_member", "oas_language"]
    list_filter = ["is_oas_member"]
    search_fields = ["name_en", "name_es", "iso3"]
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []


class SdgViewSet(ModelViewSet):
    model = SustainableDevelopmentGoal
    icon = "list-ol"
    menu_label = _("SDGs")
    add_to_settings_menu = True
    list_display = ["number", "title_en", "title_es", "title_fr", "title_pt"]
    inspect_view_enabled = True
    exclude_form_fields: list[str] = []


@hooks.register("register_admin_viewset")
def register_reference_viewsets() -> list[ModelViewSet]:
    return [CountryViewSet("data_countries"), SdgViewSet("data_sdgs")]


@hooks.register("register_admin_urls")
def register_import_urls() -> list[URLPattern]:
    return [
        path("data/imports/", views.import_list, name="data_import_list"),
        path("data/imports/<int:pk>/", views.import_detail, name="data_import_detail"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return bool(request.user.has_perm(views.IMPORT_PERMISSION))


@hooks.register("register_settings_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Import data"), reverse("data_import_list"), icon_name="upload", order=900
    )
