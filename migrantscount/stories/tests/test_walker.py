"""Walk every public URL as an anonymous reader, with submissions in every state
carrying unique markers in every personal field (and a photo each): no marker and
no text of an unpublished story may appear anywhere, and MEDIA_ROOT holds only the
photos, renditions and cards of live stories."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from wagtail.images import get_image_model
from wagtail.models import Locale

from migrantscount.stories.models import Story, Submission
from migrantscount.stories.services import moderation, submissions

from .factories import SubmissionFactory, processed_photo
from .helpers import approve, approver, draft_story, moderator, translator
from .test_translation import _translate

pytestmark = pytest.mark.django_db

PERSONAL = ("title", "text", "name", "contact", "guardian_name", "occupation")


def _seed(state: str) -> tuple[Submission, set[str]]:
    markers = {
        field: f"MRK{field.upper().replace('_', '')}{state.upper()}"
        for field in PERSONAL
    }
    submission = SubmissionFactory.create(
        title=markers["title"],
        text=f"A long enough story {markers['text']} for the form.",
        name=markers["name"],
        contact=f"{markers['contact'].lower()}@example.org",
        guardian_name=markers["guardian_name"],
        occupation=markers["occupation"],
        name_display="pseudonym",
        photo=processed_photo(),
        allows_photo=True,
        allows_social=True,  # share cards exist only with this consent
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
            use_photo=True,
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
            submissions.withdraw_submission(
                submission, route=Submission.WithdrawalRoute.SELF
            )
            hidden |= {
                f"{unpublished}TITLE",
                f"{unpublished}QUOTE",
                f"{unpublished}BODY",
            }
    return markers, hidden


def _public_urls(client) -> set[str]:
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


def _assert_media_holds_only_live_photos() -> None:
    """Under MEDIA_ROOT: the photos of live stories, their renditions and cards;
    nothing of a story in review, rejected, withdrawn or a draft translation."""
    live = list(Story.objects.public())
    images = get_image_model().objects.filter(pk__in=[s.photo_id for s in live])
    assert {s.photo_id for s in live} == set(
        get_image_model().objects.values_list("pk", flat=True)
    )
    allowed = {image.file.name for image in images} | {
        rendition.file.name for image in images for rendition in image.renditions.all()
    }
    card_prefixes = tuple(f"stories/cards/{story.pk}-" for story in live)
    root = Path(settings.MEDIA_ROOT)
    for path in root.rglob("*"):
        name = path.relative_to(root).as_posix()
        if path.is_file():
            assert name in allowed or name.startswith(card_prefixes), name


def test_no_personal_data_or_unpublished_text_on_any_public_url(
    client, django_capture_on_commit_callbacks
):
    for code in ("en", "es", "fr", "pt"):
        Locale.objects.get_or_create(language_code=code)
    with django_capture_on_commit_callbacks(execute=True):
        markers, hidden = _seed_everything()
    _assert_media_holds_only_live_photos()
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
    media = Path(settings.MEDIA_ROOT)
    assert any(media.rglob("images/*")) and any(media.rglob("stories/cards/*"))
    _assert_media_holds_only_live_photos()
