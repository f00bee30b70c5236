"""Withdrawal leaves no trace of the story or the person anywhere in the database or files."""

import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from migrantscount.stories.models import Submission
from migrantscount.stories.services import submissions

from .factories import form_data, jpeg_with_gps, upload


def _markers() -> dict[str, str]:
    fields = ("title", "text", "name", "contact", "guardian_name", "occupation")
    return {field: f"MRK{field.upper()}{uuid.uuid4().hex[:10]}" for field in fields}


def _dump() -> str:
    output = StringIO()
    call_command("dumpdata", stdout=output)
    return output.getvalue()


def _files_containing(markers: list[str]) -> list[str]:
    found = []
    for root in (Path(settings.MEDIA_ROOT), Path(settings.STORIES_PRIVATE_MEDIA_ROOT)):
        for path in root.rglob("*") if root.exists() else []:
            if path.is_file():
                content = path.read_bytes()
                found += [f"{path}:{m}" for m in markers if m.encode() in content]
    return found


def submit_with_markers(client, markers: dict[str, str], artist: str) -> str:
    data = form_data(
        title=markers["title"],
        text=f"My story is {markers['text']} and it is long enough.",
        name=markers["name"],
        contact=f"{markers['contact'].lower()}@example.org",
        guardian_name=markers["guardian_name"],
        occupation=markers["occupation"],
        age_bracket="under_18",
        has_guardian_consent="on",
        name_display="pseudonym",
        allows_photo="on",
        photo=upload(jpeg_with_gps(artist=artist)),
    )
    response = client.post("/es/stories/share/", data, REMOTE_ADDR="198.51.100.77")
    assert response.status_code == 302, response.context["form"].errors
    return response["Location"].split("?")[0]


def assert_erased(markers: list[str]) -> None:
    dump = _dump()
    lowered = dump.lower()
    assert not [m for m in markers if m.lower() in lowered]
    assert not _files_containing(markers)
    assert not [
        p for p in Path(settings.STORIES_PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()
    ]


@pytest.mark.django_db
def test_self_withdrawal_erases_every_marker_from_database_and_files(client):
    markers = _markers()
    artist = f"MRKARTIST{uuid.uuid4().hex[:10]}"
    status_url = submit_with_markers(client, markers, artist)
    submission = Submission.objects.get()
    # The markers are really there before: the dump holds decrypted values.
    dump = _dump()
    assert all(m.lower() in dump.lower() for m in markers.values())
    assert submission.photo
    # The stored photo never had the EXIF artist or GPS position.
    assert not _files_containing([artist])

    response = client.post(status_url, {"confirm": "on"})
    assert response.status_code == 302

    assert_erased([*markers.values(), artist])
    assert Submission.objects.get().status == Submission.Status.WITHDRAWN


@pytest.mark.django_db
def test_staff_withdrawal_erases_every_marker(client, django_user_model):
    markers = _markers()
    submit_with_markers(client, markers, "artist")
    staff = django_user_model.objects.create_user("staff", password="pw")
    submissions.withdraw_submission(
        Submission.objects.get(), route="staff", reason="email", user=staff
    )
    assert_erased(list(markers.values()))


@pytest.mark.django_db
def test_withdrawal_after_publication_and_translation_erases_every_trace(
    client, django_capture_on_commit_callbacks
):
    """The whole life of a story, then withdrawal: no marker in the database dump,
    no marker and no byte run of the photo in any file, no file left at all."""
    from migrantscount.stories.services import moderation, photo_publication, sharecards

    from .helpers import approve, approver, draft_story, moderator, translator
    from .test_photo_privacy import _marker
    from .test_translation import _translate

    markers = _markers()
    artist = f"MRKARTIST{uuid.uuid4().hex[:10]}"
    status_url = submit_with_markers(client, markers, artist)
    submission = Submission.objects.get()
    with submission.photo.storage.open(submission.photo.name, "rb") as handle:
        photo_bytes = [handle.read()]
    quote = f"A quote {markers['text']}."
    body = f"The story of {markers['name']}, redacted too little."
    story = draft_story(
        submission,
        moderator(),
        title=f"Story {markers['title']}",
        quote=quote,
        body=body,
        name_display=markers["name"],
        use_photo=True,
    )
    photo_bytes.append(
        photo_publication.read_private_photo(photo_publication.private_photo_for(story))
    )
    story = approve(story, approver())
    story.photo.get_rendition("fill-800x600")
    sharecards.card_for(story, "MigrantesCuentan")
    portuguese = _translate(
        story,
        translator(),
        {
            story.title: f"História {markers['title']}",
            quote: f"Uma citação {markers['text']}.",
            body: f"A história de {markers['name']}.",
        },
    )
    moderation.submit_translation(portuguese, user=None)
    approve(portuguese, approver())
    assert any(Path(settings.MEDIA_ROOT).rglob("*.*"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status_url, {"confirm": "on"})
    assert response.status_code == 302

    assert_erased([*markers.values(), artist])
    media = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert media == []
    runs = [_marker(content) for content in photo_bytes]
    for root in (settings.MEDIA_ROOT, settings.STORIES_PRIVATE_MEDIA_ROOT):
        for path in Path(root).rglob("*"):
            assert not path.is_file() or not any(
                run in path.read_bytes() for run in runs
            )
