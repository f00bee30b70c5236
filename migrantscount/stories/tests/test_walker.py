"""Walk every public URL as an anonymous reader, with submissions in every state
carrying unique markers in every personal field: no marker and no text of an
unpublished story may appear anywhere."""

import re
from urllib.parse import urlsplit

import pytest
from wagtail.models import Locale

from migrantscount.stories import moderation, services
from migrantscount.stories.models import Story, Submission

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, moderator, translator
from .test_translation import _translate

pytestmark = pytest.mark.django_db

PERSONAL = ("title", "text", "name", "contact", "guardian_name", "occupation")


def _seed(state: str) -> tuple[Submission, set[str]]:
    markers = {
        field: f"MRK{field.upper().replace('_', '')}{state.upper()}"
        for field in PERSONAL
    }
    submission = SubmissionFactory(
        title=markers["title"],
        text=f"A long enough story {markers['text']} for the form.",
        name=markers["name"],
        contact=f"{markers['contact'].lower()}@example.org",
        guardian_name=markers["guardian_name"],
        occupation=markers["occupation"],
        name_display="pseudonym",
    )
    return submission, {*markers.values(), markers["contact"].lower()}


def _seed_everything() -> tuple[set[str], set[str]]:
    """Returns (personal markers, texts of stories that must stay unpublished)."""
    markers: set[str] = set()
    hidden: set[str] = set()
    user, boss = moderator(), approver()
    for state in (
        "submitted",
        "review",
        "rejected",
        "published",
        "translated",
        "withdrawn",
    ):
        submission, personal = _seed(state)
        markers |= personal
        if state == "submitted":
            continue
        unpublished = f"UNPUBLISHED{state.upper()}"
        story = draft_story(
            submission,
            user,
            title=f"Story {state} {unpublished}TITLE"
            if state not in ("published", "translated")
            else "A bakery in Bogotá",
            quote="We bake bread for the whole street."
            if state in ("published", "translated")
            else f"{unpublished}QUOTE",
            body=(
                "I came from Caracas.\n\nNow we employ six people in São Paulo."
                if state in ("published", "translated")
                else f"{unpublished}BODY"
            ),
        )
        if state in ("review",):
            hidden |= {
                f"{unpublished}TITLE",
                f"{unpublished}QUOTE",
                f"{unpublished}BODY",
            }
        elif state == "rejected":
            hidden |= {
                f"{unpublished}TITLE",
                f"{unpublished}QUOTE",
                f"{unpublished}BODY",
            }
            moderation.reject_submission(
                submission, user=user, reason="safety", note="MRKNOTEREJECTED"
            )
            markers.add("MRKNOTEREJECTED")
        elif state == "published":
            approve(story, boss)
        elif state == "translated":
            story = approve(story, boss)
            portuguese = _translate(story, translator())
            moderation.submit_translation(portuguese, user=None)
            hidden.add("Uma padaria em Bogotá")
        elif state == "withdrawn":
            approve(story, boss)
            services.withdraw_submission(
                submission, route=Submission.WithdrawalRoute.SELF
            )
            hidden |= {
                f"{unpublished}TITLE",
                f"{unpublished}QUOTE",
                f"{unpublished}BODY",
            }
    return markers, hidden


def _public_urls(client) -> set[str]:  # type: ignore[no-untyped-def]
    urls = {
        "/sitemap.xml",
        "/api/v1/",
        "/api/v1/stories/",
        "/api/v1/stories/?format=csv",
    }
    for language in ("en", "es", "fr", "pt"):
        urls |= {
            f"/{language}/stories/",
            f"/{language}/stories/?q=bogota",
            f"/{language}/stories/?q=mrk",
            f"/{language}/stories/feed/rss/",
            f"/{language}/stories/feed/atom/",
        }
    sitemap = client.get("/sitemap.xml").content.decode()
    urls |= {urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)}
    for story in Story.objects.public():
        urls.add(story.get_absolute_url())
        urls.add(f"{story.get_absolute_url()}card-MigrantsCount.png")
    api_root = client.get("/api/v1/").json()
    for endpoint in api_root.get("endpoints", {}).values():
        urls.add(urlsplit(str(endpoint)).path)
    return urls


def test_no_personal_data_or_unpublished_text_on_any_public_url(client):
    for code in ("en", "es", "fr", "pt"):
        Locale.objects.get_or_create(language_code=code)
    markers, hidden = _seed_everything()
    assert (
        Story.objects.public().count() == 2
    )  # "published" and the source of "translated"
    urls = _public_urls(client)
    assert any("/stories/a-bakery-in-bogota" in url for url in urls)
    visited = 0
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if response.get("Content-Type", "").startswith("image/"):
            continue
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        ).decode()
        visited += 1
        for marker in markers | hidden:
            assert marker.lower() not in body.lower(), (url, marker)
    assert visited > 15
