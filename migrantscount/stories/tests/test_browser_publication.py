"""End to end in Chromium: a Spanish story is shared, moderated and redacted in the
admin, approved and published; the page shows only what consent allows; a
translator's Portuguese translation waits for approval; search finds it without
accents. axe-core on the index, story and status pages."""

import pytest

from migrantscount.stories.models import Story, Submission

from .helpers import approve, approver, ensure_locales, moderator, translator
from .test_translation import _translate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _share_in_spanish(page, base: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(base + "/es/stories/share/")
    page.fill("input[name=title]", "MRKTITLEbrowser")
    page.fill(
        "textarea[name=text]",
        "Llegué de Caracas y abrí una panadería en São Paulo con mi hermana MRKTEXTbrowser.",
    )
    page.fill("input[name=name]", "MRKNAMEbrowser")
    page.select_option("select[name=age_bracket]", "25_34")
    page.select_option("select[name=origin_country]", "VEN")
    page.select_option("select[name=residence_country]", "BRA")
    page.select_option("select[name=sector]", "commerce")
    page.fill("input[name=occupation]", "MRKOCCUPATIONbrowser")
    page.fill("input[name=contact]", "mrkcontactbrowser@example.org")
    page.check("input[name=allows_website]")
    page.check("input[name=name_display][value=anonymous]")
    page.check("input[name=consent_given]")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/es/stories/status/" in page.url
    return page.url.split("?")[0]


def test_spanish_story_moderated_published_translated_and_found(
    live_server, browser_page, axe
):
    ensure_locales()
    page = browser_page
    base = live_server.url
    status_url = _share_in_spanish(page, base)
    submission = Submission.objects.get()

    user = moderator()
    user.set_password("pw-moderator")
    user.save()
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "moderator")
    page.fill("input[name=password]", "pw-moderator")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(base + "/admin/stories/moderation/")
    with page.expect_navigation():
        page.click(f"text={submission.reference}")
    assert "MRKTEXTbrowser" in page.content()  # decrypted for the moderator
    # Anonymous consent: no name field is offered.
    assert page.locator("input[name=name_display]").count() == 0
    page.fill("input[name=title]", "Una panadería en São Paulo")
    page.fill("textarea[name=quote]", "Horneamos pan para todo el barrio.")
    page.fill(
        "textarea[name=body]",
        "Llegué de Caracas y abrí una panadería en São Paulo con mi hermana.",
    )
    with page.expect_navigation():
        page.click("text=Save draft and submit for approval")
    story = Story.objects.get()
    assert story.workflow_in_progress and not story.live
    page.goto(base + f"/es/stories/{story.slug}/")
    assert "Una panadería" not in page.content()  # not before approval

    story = approve(story, approver())
    page.context.clear_cookies()
    page.goto(base + f"/es/stories/{story.slug}/")
    content = page.content()
    assert "Una panadería en São Paulo" in content
    assert "MRK" not in content
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

    portuguese = _translate(
        story,
        translator(),
        {
            "Una panadería en São Paulo": "Uma padaria em São Paulo",
            "Horneamos pan para todo el barrio.": "Fazemos pão para o bairro inteiro.",
            story.body: "Vim de Caracas e abri uma padaria em São Paulo com minha irmã.",
        },
    )
    from migrantscount.stories import moderation

    moderation.submit_translation(portuguese, user=None)
    page.goto(base + "/pt/stories/?q=Sao+Paulo")
    assert page.locator(".story-teaser").count() == 0  # waiting for approval
    approve(portuguese, approver())
    page.goto(base + "/pt/stories/?q=Sao+Paulo")
    assert page.locator(".story-teaser").count() == 1
    assert axe(page) == []
