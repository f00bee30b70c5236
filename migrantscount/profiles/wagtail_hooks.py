from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_facts_url():
    return [path("data-facts/", admin_views.data_facts, name="profiles_data_facts")]


@hooks.register("register_admin_menu_item")
def register_facts_menu_item() -> MenuItem:
    return MenuItem(
        _("Data facts"), reverse("profiles_data_facts"), icon_name="doc-full", order=900
    )
