"""Branding, menu and footer have no draft state: an edit is live in every
language at once, so only Editors (who publish pages too) change them."""

import json

import pytest
from django.urls import reverse
from wagtail.models import Locale

from migrantscount.core.services import roles
from migrantscount.pages.models import Footer

from .factories import UserFactory

pytestmark = pytest.mark.django_db
DRAFTAIL_TEXT = {
    "blocks": [
        {
            "key": "a1b2c",
            "text": "New footer",
            "type": "unstyled",
            "depth": 0,
            "inlineStyleRanges": [],
            "entityRanges": [],
        }
    ],
    "entityMap": {},
}


@pytest.mark.parametrize(
    ("group", "allowed"), [(roles.TRANSLATORS, False), (roles.EDITORS, True)]
)
def test_only_editors_change_the_live_footer(client, group, allowed) -> None:
    roles.seed_roles()
    footer = Footer.objects.create(
        text="<p>Original footer</p>", locale=Locale.get_default()
    )
    client.force_login(UserFactory.create(groups=[group]))
    url = reverse(Footer.snippet_viewset.get_url_name("edit"), args=[footer.pk])

    client.post(url, {"text": json.dumps(DRAFTAIL_TEXT), "copyright_line": "X"})

    footer.refresh_from_db()
    assert (footer.copyright_line == "X") is allowed
    for name in ("branding", "navigationmenu", "footer"):
        user = UserFactory.create(groups=[group])
        assert user.has_perm(f"pages.change_{name}") is allowed
