"""Menus and calls to action that point at site sections which are not pages of this
app (the stories, the share form, the Americas overview), in the reader's language."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError

from migrantscount.pages.blocks import CallToActionBlock
from migrantscount.pages.models import NavigationItem, NavigationMenu
from migrantscount.pages.sections import site_section_choices, site_section_url

from .factories import build_site_tree

pytestmark = pytest.mark.django_db


def menu_links(html: str) -> list[tuple[str, str]]:
    start = html.index('id="main-menu"')
    nav = html[start : html.index("</nav>", start)]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


@pytest.fixture
def menu_with_sections(db):
    pages = build_site_tree(translate=False)
    menu = NavigationMenu.objects.get(locale__language_code="en")
    NavigationItem.objects.create(menu=menu, label="Stories", section="stories")
    NavigationItem.objects.create(
        menu=menu, label="Country data", section="country_data"
    )
    return pages


def test_the_apps_register_their_sections() -> None:
    assert {"stories", "share_story", "country_data"} <= {
        key for key, _label in site_section_choices()
    }


@pytest.mark.parametrize("code", ["en", "es", "fr", "pt"])
def test_menu_links_a_section_in_the_readers_language(client, menu_with_sections, code):
    links = menu_links(client.get(f"/{code}/").content.decode())
    assert (f"/{code}/stories/", "Stories") in links


def test_a_section_that_is_not_available_is_left_out_of_the_menu(
    client, menu_with_sections
):
    # No Americas overview page exists yet: no dead link to it.
    labels = [label for _url, label in menu_links(client.get("/en/").content.decode())]
    assert "Country data" not in labels
    assert "Stories" in labels


def test_current_section_is_marked_for_assistive_technology(client, menu_with_sections):
    html = client.get("/es/stories/").content.decode()
    assert re.search(r'href="/es/stories/"\s+aria-current="page"', html)


@pytest.mark.parametrize(
    "fields",
    [{"section": "stories", "use_page": True}, {"section": "", "use_page": False}],
    ids=["both", "neither"],
)
def test_menu_item_needs_a_page_or_a_section_not_both(site_tree, fields) -> None:
    menu = NavigationMenu.objects.get(locale__language_code="en")
    page = site_tree["about"] if fields["use_page"] else None
    item = NavigationItem(menu=menu, label="X", page=page, section=fields["section"])
    with pytest.raises(ValidationError):
        item.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_call_to_action_links_a_section(client, site_tree) -> None:
    block = CallToActionBlock()
    value = block.to_python(
        {
            "title": "Tell us",
            "text": "",
            "page": None,
            "section": "share_story",
            "button_label": "Share your story",
        }
    )
    block.clean(value)
    with translation.override("fr"):
        html = block.render(value)
        assert 'href="/fr/stories/share/"' in html
        assert site_section_url("share_story") == "/fr/stories/share/"
    assert "Share your story" in html


@pytest.mark.parametrize(
    "page_and_section", [(True, "stories"), (False, "")], ids=["both", "neither"]
)
def test_call_to_action_needs_a_page_or_a_section(site_tree, page_and_section) -> None:
    use_page, section = page_and_section
    block = CallToActionBlock()
    value = block.to_python(
        {
            "title": "T",
            "text": "",
            "page": site_tree["about"].pk if use_page else None,
            "section": section,
            "button_label": "Go",
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_call_to_action_to_an_unavailable_section_renders_nothing(site_tree) -> None:
    block = CallToActionBlock()
    value = block.to_python(
        {
            "title": "Data",
            "text": "",
            "page": None,
            "section": "country_data",
            "button_label": "See the data",
        }
    )
    assert "See the data" not in block.render(value)
