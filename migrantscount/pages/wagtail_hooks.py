from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Branding, Footer, NavigationMenu


class BrandingViewSet(SnippetViewSet):
    model = Branding
    icon = "site"
    list_display = ["site_name", "organisation_name", "locale"]


class NavigationMenuViewSet(SnippetViewSet):
    model = NavigationMenu
    icon = "list-ul"
    list_display = ["name", "locale"]


class FooterViewSet(SnippetViewSet):
    model = Footer
    icon = "doc-full"
    list_display = ["__str__", "locale"]


class SiteStructureGroup(SnippetViewSetGroup):
    menu_label = _("Site furniture")
    menu_icon = "cogs"
    menu_order = 300
    items = (BrandingViewSet, NavigationMenuViewSet, FooterViewSet)


register_snippet(SiteStructureGroup)
