"""An oversized public submission keeps what the person typed (issue 13): in Chromium,
stories/upload-size.js checks the chosen photo against the limits the server enforces
(the photo limit, and the body cap core.front answers with 413 before reading) and,
when too big, sends nothing, keeps every field and says in the page's language which
file is too large and the limit, with the focus on the message. A normal submission
still goes through. (Without JavaScript the server's 413 page stays:
core/tests/test_front.py.)"""

import pytest

from migrantscount.stories.models import Submission

from .factories import jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEGABYTE = 1024 * 1024
TITLE = "Una panadería en Bogotá"
TEXT = "Llegué de Caracas y abrí una panadería con mi hermana en Bogotá."


def _fill(page, base: str, photo: bytes, name: str) -> list[str]:
    """The Spanish form filled in; returns the list the form's POSTs are added to."""
    posts: list[str] = []
    page.on(
        "request",
        lambda request: posts.append(request.url) if request.method == "POST" else None,
    )
    page.goto(base + "/es/stories/share/")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=text]", TEXT)
    page.select_option("select[name=age_bracket]", "25_34")
    page.select_option("select[name=origin_country]", "VEN")
    page.select_option("select[name=residence_country]", "COL")
    page.select_option("select[name=sector]", "commerce")
    page.check("input[name=allows_website]")
    page.check("input[name=name_display][value=anonymous]")
    page.check("input[name=consent_given]")
    page.set_input_files(
        "input[name=photo]", {"name": name, "mimeType": "image/jpeg", "buffer": photo}
    )
    return posts


def _refused(page, posts: list[str]) -> str:
    page.click("button[type=submit]")
    message = page.locator("[data-size-message] .form-errors")
    message.wait_for(state="visible")
    assert posts == []  # nothing was sent
    assert page.input_value("input[name=title]") == TITLE
    assert page.input_value("textarea[name=text]") == TEXT
    assert page.is_checked("input[name=consent_given]")
    assert page.locator("input[name=photo]").evaluate("input => input.files.length")
    assert message.evaluate("element => element === document.activeElement")
    region = page.locator("[data-size-message]")
    assert region.get_attribute("aria-live") == "assertive"
    assert Submission.objects.count() == 0
    return str(message.inner_text())


def test_a_photo_over_its_limit_is_not_sent_and_nothing_is_lost(
    live_server, browser_page, axe
) -> None:
    page = browser_page
    oversized = jpeg_with_gps(size=(64, 64)) + bytes(11 * MEGABYTE)
    posts = _fill(page, live_server.url, oversized, "grande.jpg")

    text = _refused(page, posts)

    assert text.startswith("Su historia no se envió")
    assert (
        "La foto «grande.jpg» pesa 11 MB; las fotos pueden pesar hasta 10 MB." in text
    )
    assert "Todo lo que escribió sigue aquí" in text
    assert axe(page) == []


def test_a_body_over_the_servers_cap_is_not_sent(
    live_server, browser_page, settings
) -> None:
    # A cap below the photo limit: the check reads the same setting core.front uses.
    settings.MIGRANTSCOUNT_MAX_REQUEST_BYTES = 2 * MEGABYTE
    page = browser_page
    photo = jpeg_with_gps(size=(64, 64)) + bytes(3 * MEGABYTE)
    posts = _fill(page, live_server.url, photo, "foto.jpg")
    form = page.locator("form[data-max-request-bytes]")
    assert form.get_attribute("data-max-request-bytes") == str(2 * MEGABYTE)

    text = _refused(page, posts)

    assert "foto.jpg" in text and "3 MB" in text and "2 MB" in text


def test_a_normal_submission_still_goes_through(live_server, browser_page) -> None:
    page = browser_page
    posts = _fill(page, live_server.url, jpeg_with_gps(size=(900, 600)), "foto.jpg")

    with page.expect_navigation():
        page.click("button[type=submit]")

    errors = page.locator("#form-errors")
    assert "/es/stories/status/" in page.url, (
        errors.inner_text() if errors.count() else ""
    )
    assert len(posts) == 1
    assert Submission.objects.get().photo
