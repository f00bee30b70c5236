"""Photos are encrypted at rest and private until their story is published; the
public copy exists only while a language of the story is live."""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.models import ModelLogEntry

from migrantscount.stories.models import Story, StoryPhoto, Submission
from migrantscount.stories.services import moderation, photo_publication, submissions

from .factories import SubmissionFactory, form_data, jpeg_with_gps, upload
from .helpers import approve, approver, draft_story, moderator, translator
from .test_translation import _translate

pytestmark = pytest.mark.django_db(transaction=True)

IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"RIFF", b"JFIF", b"Exif")


def _files(root: object) -> list[Path]:
    path = Path(str(root))
    return [item for item in path.rglob("*") if item.is_file()] if path.exists() else []


def _private_files() -> list[Path]:
    return _files(settings.STORIES_PRIVATE_MEDIA_ROOT)


def _public_files() -> list[Path]:
    return _files(settings.MEDIA_ROOT)


def _marker(content: bytes) -> bytes:
    """A run of the photo's own bytes, unique to it, from the middle of the data."""
    middle = len(content) // 2
    return content[middle : middle + 48]


def assert_encrypted_on_disk(plaintexts: list[bytes]) -> None:
    files = _private_files()
    assert files
    markers = [_marker(content) for content in plaintexts]
    for path in files:
        raw = path.read_bytes()
        assert not any(magic in raw for magic in IMAGE_MAGIC), path
        assert not any(marker in raw for marker in markers), path


def _photo_submission(client) -> Submission:
    data = form_data(
        allows_photo="on",
        name_display="anonymous",
        photo=upload(jpeg_with_gps(size=(800, 600), artist="MRKARTISTphoto")),
    )
    response = client.post("/es/stories/share/", data, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    return Submission.objects.get()


def _submission_bytes(submission: Submission) -> bytes:
    with submission.photo.storage.open(submission.photo.name, "rb") as handle:
        return bytes(handle.read())


def test_submitted_photo_is_encrypted_and_nothing_is_public(client):
    submission = _photo_submission(client)
    plain = _submission_bytes(submission)
    assert plain.startswith(b"\xff\xd8\xff")  # decrypts to the processed JPEG
    with Image.open(BytesIO(plain)) as image:
        assert image.size == (800, 600) and len(image.getexif()) == 0
    assert len(_private_files()) == 1
    assert_encrypted_on_disk([plain])
    assert _public_files() == []


def test_story_photo_private_until_published_public_while_live_gone_after_unpublish(
    client,
):
    submission = _photo_submission(client)
    story = draft_story(
        submission,
        moderator(),
        use_photo=True,
        crop=moderation.Crop(left=10, top=10, width=50, height=50),
    )
    private = StoryPhoto.objects.get(translation_key=story.translation_key)
    crop = photo_publication.read_private_photo(private)

    # Drafted and in review: the crop is private and encrypted, MEDIA_ROOT is empty.
    assert story.photo is None
    assert_encrypted_on_disk([_submission_bytes(submission), crop])
    assert _public_files() == []
    assert client.get(f"/es/stories/{story.slug}/").status_code == 404

    story = approve(story, approver())
    image = story.photo
    assert image is not None and story.live
    public = Path(settings.MEDIA_ROOT) / image.file.name
    assert public.read_bytes() == crop
    with Image.open(public) as opened:
        assert len(opened.getexif()) == 0 and "exif" not in opened.info
    page = client.get(f"/es/stories/{story.slug}/").content.decode()
    rendition = image.get_rendition("fill-800x600|format-webp")
    assert rendition.url in page and rendition.url.endswith(".webp")
    client.get(f"/es/stories/{story.slug}/card-MigrantesCuentan.png")
    assert len(_public_files()) == 3  # original, rendition, share card

    story.refresh_from_db()
    story.unpublish(user=approver())

    assert _public_files() == []
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not Rendition.objects.filter(image_id=image.pk).exists()
    assert Story.objects.get(pk=story.pk).photo is None
    # The encrypted crop stays for a later publication.
    assert_encrypted_on_disk([crop])
    story.refresh_from_db()
    story.get_latest_revision().publish(user=approver())
    republished = Story.objects.get(pk=story.pk).photo
    assert republished is not None and republished.pk != image.pk
    assert (Path(settings.MEDIA_ROOT) / republished.file.name).read_bytes() == crop

    submissions.withdraw_submission(submission, route="self")
    assert _public_files() == []
    assert _private_files() == []
    assert not StoryPhoto.objects.exists()


def test_public_copy_stays_while_a_translation_is_live():
    from .factories import processed_photo

    submission = SubmissionFactory(
        language="es", photo=processed_photo(), allows_photo=True
    )
    story = approve(draft_story(submission, moderator(), use_photo=True), approver())
    image = story.photo
    portuguese = _translate(story, translator())
    moderation.submit_translation(portuguese, user=None)
    portuguese = approve(portuguese, approver())
    assert portuguese.live and portuguese.photo_id == image.pk

    story.unpublish(user=approver())
    assert get_image_model().objects.filter(pk=image.pk).exists()
    assert Story.objects.get(pk=story.pk).photo is None
    assert Story.objects.get(pk=portuguese.pk).photo_id == image.pk

    portuguese.unpublish(user=approver())
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert _public_files() == []


def test_no_public_photo_without_photo_consent():
    from .factories import processed_photo

    submission = SubmissionFactory(photo=processed_photo(), allows_photo=False)
    story = approve(draft_story(submission, moderator()), approver())
    assert story.photo is None
    assert not StoryPhoto.objects.exists()
    assert _public_files() == []


def test_rejecting_a_draft_erases_its_private_crop():
    from .factories import processed_photo

    submission = SubmissionFactory(photo=processed_photo(), allows_photo=True)
    draft_story(submission, moderator(), use_photo=True)
    assert len(_private_files()) == 2
    moderation.reject_submission(submission, user=None, reason="incomplete")
    assert not StoryPhoto.objects.exists()
    assert len(_private_files()) == 1  # the submission's own photo


def test_moderators_see_the_decrypted_photo_audited_others_do_not(client):
    from .factories import processed_photo

    submission = SubmissionFactory(photo=processed_photo(), allows_photo=True)
    story = draft_story(submission, moderator(), use_photo=True)
    urls = {
        "submission": f"/admin/stories/moderation/{submission.pk}/photo/",
        "story": f"/admin/stories/{story.pk}/photo/",
    }

    client.force_login(translator())
    for url in urls.values():
        # Wagtail turns PermissionDenied into a redirect to the dashboard.
        assert (
            client.get(url).status_code,
            ModelLogEntry.objects.filter(action=moderation.PHOTO_VIEWED).count(),
        ) == (302, 0)

    client.force_login(approver())
    assert client.get(urls["submission"]).status_code == 302
    response = client.get(urls["story"])
    assert response.status_code == 200 and response.content.startswith(b"\xff\xd8")

    client.force_login(moderator())
    response = client.get(urls["submission"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response.content == _submission_bytes(submission)

    entries = ModelLogEntry.objects.filter(action=moderation.PHOTO_VIEWED)
    assert sorted(entry.data["photo"] for entry in entries) == ["story", "submission"]
    assert {entry.data["reference"] for entry in entries} == {submission.reference}


def test_preview_shows_the_private_photo_through_the_admin_view(rf):
    from .factories import processed_photo

    submission = SubmissionFactory(photo=processed_photo(), allows_photo=True)
    story = draft_story(submission, moderator(), use_photo=True)
    request = rf.get("/")
    request.user = approver()
    context = story.get_preview_context(request, "")
    assert context["private_photo_url"] == f"/admin/stories/{story.pk}/photo/"


def test_preview_shows_the_story_as_its_page_does(rf):
    from .factories import processed_photo

    submission = SubmissionFactory(
        photo=processed_photo(),
        allows_photo=True,
        origin_country="VEN",
        residence_country="COL",
    )
    story = draft_story(submission, moderator(), use_photo=True)
    request = rf.get("/")
    request.user = approver()
    content = story.serve_preview(request, "").render().content.decode()
    assert "Preview: this story is not necessarily published." in content
    assert story.quote in content
    # The journey and the private photo: the page's parts, built by presentation.py.
    assert "Venezuela" in content and "Colombia" in content
    assert f'src="/admin/stories/{story.pk}/photo/"' in content


@pytest.mark.parametrize(
    "command",
    # The photos' own command, and the site-wide rotation that also rewrites them.
    ["rotate_story_photo_key", "rotate_encryption_key"],
)
def test_photos_are_re_encrypted_with_a_new_key(settings, command):
    from django.core.management import call_command

    from migrantscount.core.lib import crypto

    from .factories import processed_photo

    submission = SubmissionFactory(photo=processed_photo(), allows_photo=True)
    plain = _submission_bytes(submission)
    old_key = settings.MIGRANTSCOUNT_ENCRYPTION_KEYS[0]
    settings.MIGRANTSCOUNT_ENCRYPTION_KEYS = [crypto.generate_key(), old_key]
    call_command(command)
    settings.MIGRANTSCOUNT_ENCRYPTION_KEYS = settings.MIGRANTSCOUNT_ENCRYPTION_KEYS[:1]
    # Only the new key is left: the file still opens.
    with submission.photo.storage.open(submission.photo.name, "rb") as handle:
        assert handle.read() == plain


def test_deleting_a_story_in_the_admin_takes_its_photos_along():
    from .factories import processed_photo

    submission = SubmissionFactory(photo=processed_photo(), allows_photo=True)
    story = approve(draft_story(submission, moderator(), use_photo=True), approver())
    image_pk = story.photo.pk
    Story.objects.get(pk=story.pk).delete()
    assert not StoryPhoto.objects.exists()
    assert not get_image_model().objects.filter(pk=image_pk).exists()
    assert _public_files() == []
    assert len(_private_files()) == 1  # the submission's own photo


def test_migration_encrypts_old_photos_and_privatises_draft_story_photos():
    """Data stored before this change: plaintext photo files, and drafts whose
    photo was already a public Wagtail image."""
    import importlib

    from django.apps import apps
    from django.core.files.images import ImageFile

    from .factories import processed_photo

    migration = importlib.import_module(
        "migrantscount.stories.migrations.0004_story_photo_private"
    )
    submission = SubmissionFactory(photo=processed_photo(), allows_photo=True)
    plain = _submission_bytes(submission)
    live = approve(draft_story(submission, moderator(), use_photo=True), approver())
    StoryPhoto.objects.all().delete()  # as before: only the public image existed
    draft = draft_story(SubmissionFactory(), moderator())
    old_image = get_image_model().objects.create(
        title="old", file=ImageFile(BytesIO(plain), name="old.jpg")
    )
    old_image.get_rendition("fill-100x100")
    Story.objects.filter(pk=draft.pk).update(photo=old_image)
    Path(submission.photo.path).write_bytes(plain)  # as stored before

    migration.encrypt_submission_photos(apps, None)
    migration.privatise_story_photos(apps, None)

    assert_encrypted_on_disk([plain])
    assert _submission_bytes(Submission.objects.get(pk=submission.pk)) == plain
    kept = StoryPhoto.objects.get(translation_key=live.translation_key)
    assert kept.public_image_id == live.photo_id
    moved = StoryPhoto.objects.get(translation_key=draft.translation_key)
    assert moved.public_image is None
    assert photo_publication.read_private_photo(moved) == plain
    assert Story.objects.get(pk=draft.pk).photo is None
    assert not get_image_model().objects.filter(pk=old_image.pk).exists()
    assert not (Path(settings.MEDIA_ROOT) / old_image.file.name).exists()
    assert not Rendition.objects.filter(image_id=old_image.pk).exists()
