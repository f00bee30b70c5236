"""The moderator chooses the photo's crop on the picture, in Chromium: a rectangle
drawn, moved and resized with the mouse and moved and resized from the keyboard
writes the four number fields (which stay what is submitted and the no-JS way), and
the story's published photo is exactly that crop. The tool runs without inline
script: the test serves the page with `script-src 'self'` only. axe on the form."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from migrantscount.stories.models import Story, StoryPhoto

from .factories import SubmissionFactory
from .helpers import approve, approver, ensure_locales, moderator
from .test_browser_publication import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 900, 600
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', event => {
    window.__csp.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def _gradient_photo():
    """Red grows to the right, green downwards: a pixel's colour says where it was."""
    from migrantscount.stories.photos import process_photo

    image = Image.new("RGB", (WIDTH, HEIGHT))
    image.putdata(
        [
            (round(x * 255 / (WIDTH - 1)), round(y * 255 / (HEIGHT - 1)), 128)
            for y in range(HEIGHT)
            for x in range(WIDTH)
        ]
    )
    output = BytesIO()
    image.save(output, "JPEG", quality=95)
    return process_photo(BytesIO(output.getvalue()), size=output.tell())


def _strict_scripts(route) -> None:
    """The admin's policy with 'unsafe-inline' taken out of script-src."""
    response = route.fetch()
    headers = dict(response.headers)
    policy = headers["content-security-policy"]
    headers["content-security-policy"] = re.sub(
        r"script-src [^;]*", "script-src 'self'", policy
    )
    route.fulfill(response=response, headers=headers)


def _crop(page) -> dict[str, float]:
    return {
        name: float(page.input_value(f"input[name=crop_{name}]"))
        for name in ("left", "top", "width", "height")
    }


def _close(actual: dict[str, float], expected: dict[str, float]) -> bool:
    return all(abs(actual[key] - value) <= 0.6 for key, value in expected.items())


def _point(frame: dict[str, float], x_percent: float, y_percent: float):
    return (
        frame["x"] + frame["width"] * x_percent / 100,
        frame["y"] + frame["height"] * y_percent / 100,
    )


def _drag(page, frame, start, end) -> None:
    page.mouse.move(*_point(frame, *start))
    page.mouse.down()
    page.mouse.move(*_point(frame, *end), steps=8)
    page.mouse.up()


def test_crop_is_drawn_moved_and_resized_on_the_picture_and_published(
    live_server, chromium, axe
) -> None:
    ensure_locales()
    submission = SubmissionFactory.create(photo=_gradient_photo(), allows_photo=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    base = live_server.url
    url = reverse("stories_admin:submission", args=[submission.pk])
    page.route(f"**{url}", _strict_scripts)
    _log_in(page, base, moderator())
    response = page.goto(base + url)
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy + ";"
    tool = page.locator("[data-crop-tool]")
    tool.wait_for(state="visible")
    stage = page.locator("[data-crop-stage]")
    stage.scroll_into_view_if_needed()
    frame = stage.bounding_box()
    assert frame is not None and frame["width"] > 300

    # Draw: from 20 % / 10 % to 70 % / 70 % of the picture.
    _drag(page, frame, (20, 10), (70, 70))
    assert _close(_crop(page), {"left": 20, "top": 10, "width": 50, "height": 60})
    # Move: grab the middle of the box, 10 % to the right and 5 % down.
    _drag(page, frame, (45, 40), (55, 45))
    assert _close(_crop(page), {"left": 30, "top": 15, "width": 50, "height": 60})
    # Resize: the bottom-right corner to 90 % / 85 %.
    _drag(page, frame, (80, 75), (90, 85))
    assert _close(_crop(page), {"left": 30, "top": 15, "width": 60, "height": 70})

    # Typed numbers move the box (the fields and the box are one crop).
    for name, value in {"left": 30, "top": 15, "width": 60, "height": 70}.items():
        page.fill(f"input[name=crop_{name}]", str(value))
    box = page.locator("[data-crop-box]")
    assert box.evaluate("element => element.style.left") == "30%"

    # Keyboard: Tab from the checkbox before reaches the box, with a visible focus.
    page.focus("input[name=use_photo]")
    page.keyboard.press("Tab")
    assert box.evaluate("element => element === document.activeElement")
    assert box.get_attribute("aria-label")
    outline = box.evaluate(
        "element => [getComputedStyle(element).outlineStyle,"
        " getComputedStyle(element).outlineWidth]"
    )
    assert outline == ["solid", "3px"]  # 1px when not focused
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    for _ in range(5):
        page.keyboard.press("ArrowUp")
    for _ in range(20):
        page.keyboard.press("Shift+ArrowLeft")
    for _ in range(10):
        page.keyboard.press("Shift+ArrowUp")
    expected = {"left": 20, "top": 10, "width": 40, "height": 60}
    assert _crop(page) == expected
    status = page.locator("[data-crop-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == (
        "Crop, in percent of the photo: left 20, top 10, width 40, height 60."
    )

    assert page.evaluate("window.__csp") == []
    assert axe(page) == []

    page.fill("input[name=title]", "Bread for the street")
    with page.expect_navigation():
        page.click("text=Save draft and submit for approval")
    context.close()

    story = Story.objects.get()
    crop = StoryPhoto.objects.get(translation_key=story.translation_key)
    # 20 %..60 % of 900 px across, 10 %..70 % of 600 px down.
    assert (crop.width, crop.height) == (360, 360)
    published = approve(story, approver())
    assert published.live and published.photo is not None
    with Image.open(Path(settings.MEDIA_ROOT) / published.photo.file.name) as public:
        assert public.size == (360, 360)
        pixel = public.convert("RGB").getpixel((2, 2))
        assert isinstance(pixel, tuple)
        red, green, _blue = pixel
        # The crop's top-left pixel came from (180, 60) of the original.
        assert abs(red - 180 * 255 / (WIDTH - 1)) <= 10
        assert abs(green - 60 * 255 / (HEIGHT - 1)) <= 10
