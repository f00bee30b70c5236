"""The Wagtail admin keeps working under its Content-Security-Policy: the main
screens, opened in Chromium by a superuser and a Story moderator, report no
violation; a public page carries the strict policy."""

import pytest
from django.urls import reverse

from migrantscount.core.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', event => {
    window.__csp.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def _log_in(page, base: str, user) -> None:
    user.set_password("pw-browser-csp")
    user.save()
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "pw-browser-csp")
    with page.expect_navigation():
        page.click("button[type=submit]")


def _admin_urls() -> list[str]:
    from wagtail.models import Page

    from migrantscount.pages.models import Footer
    from migrantscount.stories.tests.factories import SubmissionFactory
    from migrantscount.stories.tests.helpers import draft_story, moderator

    home = Page.objects.filter(depth=2).first()
    submission = SubmissionFactory.create()
    story = draft_story(SubmissionFactory.create(), moderator())
    urls = [
        "/admin/",
        "/admin/pages/",
        reverse("wagtailadmin_explore", args=[home.pk]),
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/reports/site-history/",
        "/admin/snippets/stories/story/",
        reverse("wagtailsnippets_stories_story:edit", args=[story.pk]),
        reverse("stories_admin:queue"),
        reverse("stories_admin:submission", args=[submission.pk]),
        reverse("stories_admin:record"),
    ]
    footer_list = Footer.snippet_viewset.get_url_name("list")
    return [*urls, reverse(footer_list)]


def test_main_admin_screens_show_no_csp_violation(live_server, chromium) -> None:
    from migrantscount.core.services.roles import seed_roles
    from migrantscount.stories.tests.helpers import ensure_locales

    ensure_locales()
    seed_roles()
    urls = _admin_urls()
    context = chromium.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    _log_in(page, live_server.url, UserFactory.create(is_superuser=True, is_staff=True))
    found = {}
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        assert "content-security-policy" in response.headers, url
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__csp") + console
        if violations:
            found[url] = list(violations)
        console.clear()
    context.close()
    assert found == {}


def test_a_public_page_has_the_strict_header(live_server, browser_page) -> None:
    response = browser_page.goto(live_server.url + "/en/stories/share/")
    assert response is not None
    header = response.headers["content-security-policy"]
    assert "script-src 'self'" in header and "nonce" not in header
