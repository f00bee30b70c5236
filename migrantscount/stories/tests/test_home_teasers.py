"""The home page shows the newest live stories in the reader's language."""

import pytest

from migrantscount.pages.tests.factories import build_site_tree

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator

pytestmark = pytest.mark.django_db


def test_home_shows_live_stories_of_the_readers_language_only(client):
    build_site_tree()
    spanish = approve(
        draft_story(
            SubmissionFactory(language="es"), moderator(), title="Panadería en Bogotá"
        ),
        approver(),
    )
    draft_story(SubmissionFactory(language="es"), moderator(), title="Borrador oculto")
    spanish_home = client.get("/es/").content.decode()
    assert spanish.title in spanish_home
    assert f'href="{spanish.get_absolute_url()}"' in spanish_home
    assert "Borrador oculto" not in spanish_home
    assert 'href="/es/stories/"' in spanish_home
    english_home = client.get("/en/").content.decode()
    assert spanish.title not in english_home
    assert 'id="latest-stories"' not in english_home
