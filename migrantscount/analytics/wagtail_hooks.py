"""Admin registrations of the analytics app, one module per part (found by Wagtail
here): the campaign dashboard (dashboard/admin.py) and the perception surveys
(surveys/admin.py)."""

from typing import Any

from django.urls import URLPattern
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .dashboard import admin as dashboard_admin
from .surveys import admin as survey_admin

register_snippet(survey_admin.SurveyWaveViewSet)


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]
def register_survey_admin_urls() -> list[URLPattern]:
    return survey_admin.admin_urls()


@hooks.register("register_snippet_listing_buttons")  # type: ignore[untyped-decorator]
def survey_listing_buttons(snippet: Any, user: Any, next_url: str | None = None) -> Any:
    yield from survey_admin.listing_buttons(snippet, user, next_url)


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]
def register_dashboard_admin_urls() -> list[URLPattern]:
    return dashboard_admin.admin_urls()


@hooks.register("register_admin_menu_item")  # type: ignore[untyped-decorator]
def register_dashboard_menu_item() -> MenuItem:
    return dashboard_admin.menu_item()
