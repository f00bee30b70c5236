from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogActionRegistry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from migrantscount.core.lib.log_actions import LogAction, register_log_actions

from . import views
from .models import Country, SustainableDevelopmentGoal
from .services import jobs, vintages


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
        path(
            "data/imports/<int:pk>/progress.json",
            views.import_progress,
            name="data_import_progress",
        ),
        path(
            "data/imports/<int:pk>/confirm/",
            views.confirm_import,
            name="data_confirm_import",
        ),
        path(
            "data/imports/<int:pk>/identify/",
            views.identify_import,
            name="data_identify_import",
        ),
        path(
            "data/imports/<int:pk>/cancel/",
            views.cancel_import,
            name="data_cancel_import",
        ),
        path("data/datasets/", views.dataset_list, name="data_dataset_list"),
        path(
            "data/vintages/<int:pk>/release-date/",
            views.correct_release_date,
            name="data_correct_release_date",
        ),
        path(
            "data/vintages/<int:pk>/make-current/",
            views.make_vintage_current,
            name="data_make_vintage_current",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return bool(request.user.has_perm(views.IMPORT_PERMISSION))


@hooks.register("register_settings_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Import data"), reverse("data_import_list"), icon_name="upload", order=900
    )


@hooks.register("register_settings_menu_item")
def register_dataset_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Datasets and editions"),
        reverse("data_dataset_list"),
        icon_name="table",
        order=901,
    )


LOG_ACTIONS = {
    vintages.VINTAGE_DATE_CORRECTED: LogAction(
        _("Correct an edition's release date"),
        _("%(dataset)s: release date of %(vintage)s set to %(to)s (was %(from)s)"),
        lambda data: {
            "dataset": data.get("dataset", ""),
            "vintage": data.get("vintage", ""),
            "to": data.get("to", ""),
            "from": data.get("from", ""),
        },
    ),
    jobs.EDITION_CONFIRMED: LogAction(
        _("Confirm the edition of an uploaded file"),
        _("%(file)s confirmed as %(dataset)s, edition %(label)s, released %(date)s"),
        lambda data: {
            "file": data.get("file", ""),
            "dataset": data.get("dataset", ""),
            "label": data.get("label", ""),
            "date": data.get("vintage_date", ""),
        },
    ),
    jobs.IMPORT_CANCELLED: LogAction(
        _("Cancel an import"),
        _("Import of %(file)s cancelled; nothing imported"),
        lambda data: {"file": data.get("file", "")},
    ),
    vintages.VINTAGE_MADE_CURRENT: LogAction(
        _("Make an edition current"),
        _("%(dataset)s: %(vintage)s made current (was %(previous)s)"),
        lambda data: {
            "dataset": data.get("dataset", ""),
            "vintage": data.get("vintage", ""),
            "previous": data.get("previous") or "-",
        },
    ),
}


@hooks.register("register_log_actions")
def register_data_log_actions(actions: LogActionRegistry) -> None:
    register_log_actions(actions, LOG_ACTIONS)
