"""End to end in Chromium: share a story in Spanish with a GPS-tagged photo, follow the
private link, withdraw, and find nothing left. axe-core on every page on the way."""

from io import BytesIO

import pytest
from PIL import Image

from migrantscount.stories.models import Submission

from .factories import jpeg_with_gps
from .test_erasure import _markers, assert_erased

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_share_in_spanish_see_status_and_withdraw(live_server, browser_page, axe):
    page = browser_page
    markers = _markers()
    artist = "MRKARTISTbrowser01"
    page.goto(live_server.url + "/es/stories/share/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert axe(page) == []

    # Sending the empty form: refused, with an accessible summary of errors.
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#form-errors").is_visible()
    assert axe(page) == []
    assert Submission.objects.count() == 0

    page.fill("input[name=title]", markers["title"])
    page.fill(
        "textarea[name=text]",
        f"Llegué a Bogotá y abrí una panadería. {markers['text']}",
    )
    page.fill("input[name=name]", markers["name"])
    page.select_option("select[name=age_bracket]", "25_34")
    page.select_option("select[name=origin_country]", "VEN")
    page.select_option("select[name=residence_country]", "COL")
    page.select_option("select[name=sector]", "commerce")
    page.fill("input[name=occupation]", markers["occupation"])
    page.check("input[name=sdgs][value='8']")
    page.fill("input[name=contact]", f"{markers['contact'].lower()}@example.org")
    page.set_input_files(
        "input[name=photo]",
        {
            "name": "foto.jpg",
            "mimeType": "image/jpeg",
            "buffer": jpeg_with_gps(artist=artist),
        },
    )
    page.check("input[name=allows_website]")
    page.check("input[name=allows_photo]")
    page.check("input[name=name_display][value=pseudonym]")
    page.check("input[name=consent_given]")
    with page.expect_navigation():
        page.click("button[type=submit]")

    assert "/es/stories/status/" in page.url
    assert page.locator("html").get_attribute("lang") == "es"
    private_link = page.locator("#status-link").input_value()
    assert private_link == page.url.split("?")[0]
    assert axe(page) == []

    submission = Submission.objects.get()
    assert submission.language == "es" and submission.consent_text.language == "es"
    with (
        submission.photo.open("rb") as stored,
        Image.open(BytesIO(stored.read())) as image,
    ):
        assert len(image.getexif()) == 0
        assert "exif" not in image.info

    # Later, the person opens the private link and withdraws.
    page.goto(private_link)
    page.check("input[name=confirm]")
    with page.expect_navigation():
        page.click(".withdraw-form button[type=submit]")
    assert page.locator(".status--withdrawn").is_visible()
    assert axe(page) == []

    assert Submission.objects.get().status == Submission.Status.WITHDRAWN
    assert_erased([*markers.values(), artist])


def test_forged_link_page_is_accessible(live_server, browser_page, axe):
    response = browser_page.goto(
        live_server.url + "/es/stories/status/not-a-real-token/"
    )
    assert response.status == 404
    assert axe(browser_page) == []


def test_form_fits_a_small_phone_screen(live_server, chromium):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/fr/stories/share/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
