"""Public pages in headless Chromium: rendering, switcher, keyboard use, axe-core."""

import pytest
from wagtail.models import Locale

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "es", "fr", "pt"]


def _page_urls(site_tree, code: str) -> dict[str, str]:
    locale = Locale.objects.get(language_code=code)
    return {name: page.get_translation(locale).url for name, page in site_tree.items()}


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_news_and_release_render_in_each_language(
    live_server, site_tree, browser_page, code
):
    urls = _page_urls(site_tree, code)
    for name in ("home", "news", "release"):
        response = browser_page.goto(live_server.url + urls[name])
        assert response.status == 200
        assert browser_page.locator("html").get_attribute("lang") == code
        heading = browser_page.locator("h1").inner_text()
        if code != "en":
            assert heading.endswith(f"[{code}]"), (name, heading)


def test_switcher_moves_to_the_translation(live_server, site_tree, browser_page):
    browser_page.goto(live_server.url + site_tree["release"].url)
    with browser_page.expect_navigation():
        browser_page.get_by_role("link", name="Español").click()
    assert browser_page.url.endswith("/es/news-es/campaign-launched-es/")
    assert browser_page.locator("h1").inner_text() == "Campaign launched [es]"
    with browser_page.expect_navigation():
        browser_page.get_by_role("link", name="Français").click()
    assert browser_page.url.endswith("/fr/news-fr/campaign-launched-fr/")


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {text: el.innerText || el.getAttribute('aria-label') || '',
                    tag: el.tagName, href: el.getAttribute('href'),
                    inSwitcher: !!el.closest('.language-switcher'),
                    outline: style.outlineStyle, outlineWidth: style.outlineWidth};
        }"""
    )


def test_keyboard_walk_through_menu_and_switcher_at_320px(
    live_server, site_tree, chromium
):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_server.url + "/en/")
    # Nothing wider than the viewport: no horizontal scrolling at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.keyboard.press("Tab")
    skip = _focused(page)
    assert skip["href"] == "#main"
    assert skip["outline"] != "none"
    assert page.locator(".skip-link").is_visible()

    # The language switcher is reachable and each link has a visible focus ring.
    seen_languages = []
    for _step in range(8):
        page.keyboard.press("Tab")
        focused = _focused(page)
        assert focused["outline"] != "none", focused
        if focused["tag"] == "BUTTON":
            break
        if focused["inSwitcher"]:
            seen_languages.append(focused["href"])
    assert seen_languages == ["/en/", "/es/", "/fr/", "/pt/"]
    assert focused["tag"] == "BUTTON"  # the menu toggle, shown at small widths

    menu_link = page.locator("#main-menu a").first
    assert not menu_link.is_visible()
    page.keyboard.press("Enter")
    assert page.locator(".menu-toggle").get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible()
    assert _focused(page)["text"] == "Who we are"
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == "News"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/en/news/")

    # Escape closes the menu and returns focus to the toggle.
    page.locator(".menu-toggle").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert page.locator(".menu-toggle").get_attribute("aria-expanded") == "false"
    assert _focused(page)["tag"] == "BUTTON"

    # A language link followed from the keyboard.
    page.locator(".language-switcher a[hreflang=pt]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/pt/news-pt/")
    context.close()


@pytest.mark.parametrize("code", LANGUAGES)
def test_axe_reports_no_violations_on_any_page_type(
    live_server, site_tree, browser_page, axe, code
):
    urls = _page_urls(site_tree, code)
    urls["not_found"] = f"/{code}/no-such-page/"
    problems = {}
    for name, url in urls.items():
        browser_page.goto(live_server.url + url)
        violations = axe(browser_page)
        if violations:
            problems[name] = violations
    assert problems == {}
