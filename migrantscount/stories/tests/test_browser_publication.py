"""End to end in Chromium, every step clicked in the browser as the person or staff
member who does it: a Spanish story with a GPS-tagged photo is shared; a Story
moderator reads it, redacts it and submits the draft; a Campaign approver checks the
preview and approves it in the Wagtail admin; the page shows only what consent
allows (the photo yes, the name no); a translator's Portuguese translation, made in
wagtail-localize's editor, waits for approval until the approver approves it;
search finds both without accents. axe-core on the index, story and status pages.
"""

from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from migrantscount.stories.models import Story, Submission

from .factories import jpeg_with_gps
from .helpers import approver, ensure_locales, moderator, translator
from .test_photo_privacy import _public_files, assert_encrypted_on_disk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_ES = "Una panadería en São Paulo"
QUOTE_ES = "Horneamos pan para todo el barrio."
BODY_ES = "Llegué de Caracas y abrí una panadería en São Paulo con mi hermana."
PORTUGUESE = {
    TITLE_ES: "Uma padaria em São Paulo",
    QUOTE_ES: "Fazemos pão para o bairro inteiro.",
    BODY_ES: "Vim de Caracas e abri uma padaria em São Paulo com minha irmã.",
}


def _share_in_spanish(page, base: str) -> str:
    page.goto(base + "/es/stories/share/")
    page.fill("input[name=title]", "MRKTITLEbrowser")
    page.fill(
        "textarea[name=text]",
        "Llegué de Caracas y abrí una panadería en São Paulo con mi hermana "
        "MRKTEXTbrowser.",
    )
    page.fill("input[name=name]", "MRKNAMEbrowser")
    page.select_option("select[name=age_bracket]", "25_34")
    page.select_option("select[name=origin_country]", "VEN")
    page.select_option("select[name=residence_country]", "BRA")
    page.select_option("select[name=sector]", "commerce")
    page.fill("input[name=occupation]", "MRKOCCUPATIONbrowser")
    page.fill("input[name=contact]", "mrkcontactbrowser@example.org")
    page.set_input_files(
        "input[name=photo]",
        {
            "name": "foto.jpg",
            "mimeType": "image/jpeg",
            "buffer": jpeg_with_gps(size=(900, 600), artist="MRKARTISTbrowser"),
        },
    )
    page.check("input[name=allows_website]")
    page.check("input[name=allows_social]")  # share links and card need it
    page.check("input[name=allows_photo]")
    page.check("input[name=name_display][value=anonymous]")
    page.check("input[name=consent_given]")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/es/stories/status/" in page.url
    return page.url.split("?")[0]


def _log_in(page, base: str, user) -> None:
    """Through the Wagtail admin's login form, as a fresh session."""
    user.set_password(f"pw-{user.username}")
    user.save()
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", f"pw-{user.username}")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/admin/login/" not in page.url


def _image_loaded(page, selector: str) -> bool:
    image = page.locator(selector).first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "element => element.complete", arg=image.element_handle(), timeout=10_000
    )
    return image.evaluate("element => element.naturalWidth") > 0


def _moderate(page, base: str, submission: Submission) -> Story:
    _log_in(page, base, moderator())
    page.goto(base + "/admin/stories/moderation/")
    with page.expect_navigation():
        page.click(f"text={submission.reference}")
    assert "MRKTEXTbrowser" in page.content()  # decrypted for the moderator
    assert _image_loaded(page, "img[src$='/photo/']")  # decrypted on the fly
    # Anonymous consent: no name field is offered; photo consent: crop fields are.
    assert page.locator("input[name=name_display]").count() == 0
    assert page.locator("input[name=use_photo]").is_checked()
    page.fill("input[name=title]", TITLE_ES)
    page.fill("textarea[name=quote]", QUOTE_ES)
    page.fill("textarea[name=body]", BODY_ES)
    page.fill("input[name=crop_left]", "10")
    page.fill("input[name=crop_width]", "80")
    with page.expect_navigation():
        page.click("text=Save draft and submit for approval")
    story = Story.objects.get()
    assert story.workflow_in_progress and not story.live
    return story


def _approve_in_admin(page, base: str, title: str, *, photo_prefix: str) -> None:
    """From the dashboard's "Awaiting your review": check the preview, then
    "Approve with comment" and confirm in the dialog."""
    _log_in(page, base, approver())
    page.goto(base + "/admin/")
    panel = page.locator("#awaiting-review-content")
    row = panel.locator("tr", has=page.get_by_role("link", name=title, exact=True))
    assert row.count() == 1
    row.get_by_role("button", name="Actions").click()
    preview_url = row.get_by_role("link", name="Preview").get_attribute("href")
    preview = page.context.new_page()
    preview.goto(base + preview_url)
    assert title in preview.content()
    # Before the first publication the photo comes decrypted through the admin.
    src = preview.locator(".story-photo img").get_attribute("src")
    assert src.startswith(photo_prefix), src
    assert _image_loaded(preview, ".story-photo img")
    preview.close()

    page.reload()
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("textarea[name=comment]").fill("Redacted and checked.")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Approve").click()


def _translate_in_admin(page, base: str, story: Story) -> Story:
    """The translator starts a Portuguese translation, fills each string in
    wagtail-localize's editor and submits it for approval."""
    _log_in(page, base, translator())
    page.goto(base + "/admin/snippets/stories/story/?locale=es")
    row = page.locator("tr", has=page.get_by_role("link", name=TITLE_ES, exact=True))
    row.get_by_role("button", name="More options").first.click()
    with page.expect_navigation():
        row.get_by_role("link", name="Translate").click()
    page.get_by_label("Português").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit").click()
    # The editor lists the strings in field order (title, quote, story); a saved
    # string's "Translate" button becomes "Edit".
    for text in PORTUGUESE.values():
        page.get_by_role("button", name="Translate", exact=True).first.click()
        page.locator("textarea").first.fill(text)
        page.get_by_role("button", name="Save", exact=True).first.click()
        page.get_by_text(text).first.wait_for()
    # The translation editor's Publish would be refused: translators submit instead.
    portuguese = Story.objects.get(
        translation_key=story.translation_key, locale__language_code="pt"
    )
    page.goto(base + "/admin/snippets/stories/story/?locale=pt")
    row = page.locator("tr", has=page.get_by_role("link", name=TITLE_ES, exact=True))
    row.get_by_role("button", name="More options").first.click()
    with page.expect_navigation():
        row.get_by_role("link", name="Submit translation for approval").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for approval").click()
    portuguese.refresh_from_db()
    assert portuguese.workflow_in_progress and not portuguese.live
    return portuguese


def test_spanish_story_moderated_published_translated_and_found(
    live_server, browser_page, axe
):
    ensure_locales()
    page = browser_page
    base = live_server.url
    status_url = _share_in_spanish(page, base)
    submission = Submission.objects.get()
    assert _public_files() == []
    assert_encrypted_on_disk([])

    story = _moderate(page, base, submission)
    page.goto(base + f"/es/stories/{story.slug}/")
    assert TITLE_ES not in page.content()  # not before approval
    assert _public_files() == []  # the photo's crop is private and encrypted

    _approve_in_admin(page, base, TITLE_ES, photo_prefix="/admin/stories/")
    story.refresh_from_db()
    assert story.live and not story.workflow_in_progress
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PUBLISHED

    page.context.clear_cookies()
    page.goto(base + f"/es/stories/{story.slug}/")
    content = page.content()
    assert TITLE_ES in content
    assert "MRK" not in content  # no name, contact, occupation or original text
    assert "Anónimo" in page.locator(".story-byline").inner_text()
    photo = page.locator(".story-photo img")
    assert photo.get_attribute("src").startswith(settings.MEDIA_URL)
    assert _image_loaded(page, ".story-photo img")
    with Image.open(Path(settings.MEDIA_ROOT) / story.photo.file.name) as public:
        assert public.size == (720, 600) and len(public.getexif()) == 0
    assert "MigrantesCuentan" in content
    assert (
        page.locator("meta[property='og:image']")
        .get_attribute("content")
        .endswith("card-MigrantesCuentan.png")
    )
    assert axe(page) == []

    page.goto(base + "/es/stories/?q=panaderia+sao+paulo")
    assert page.locator(".story-teaser").count() == 1
    assert axe(page) == []

    page.goto(status_url)
    assert "Publicad" in page.content() or "Published" in page.content()
    assert axe(page) == []

    portuguese = _translate_in_admin(page, base, story)
    page.context.clear_cookies()
    page.goto(base + "/pt/stories/?q=Sao+Paulo")
    assert page.locator(".story-teaser").count() == 0  # waiting for approval

    _approve_in_admin(page, base, PORTUGUESE[TITLE_ES], photo_prefix=settings.MEDIA_URL)
    portuguese.refresh_from_db()
    assert portuguese.live and portuguese.photo_id == story.photo_id
    page.context.clear_cookies()
    page.goto(base + "/pt/stories/?q=Sao+Paulo")
    assert page.locator(".story-teaser").count() == 1
    assert axe(page) == []
    page.goto(base + portuguese.get_absolute_url())
    assert PORTUGUESE[TITLE_ES] in page.content()
    assert _image_loaded(page, ".story-photo img")
    assert axe(page) == []
