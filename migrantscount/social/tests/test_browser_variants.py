"""In Chromium: a post's variants per account, as their networks will show them,
without JavaScript; axe-core clean. Screenshots in var/screenshots/ when
SOCIAL_SCREENSHOTS is set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, live_server: Any, person: Any) -> None:
    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _shoot(page: Any, name: str) -> None:
    if os.environ.get("SOCIAL_SCREENSHOTS"):
        folder = Path(settings.BASE_DIR) / "var" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_variants_preview_without_javascript(
    live_server: Any, chromium: Any, axe: Any
) -> None:
    roles.seed_roles()
    officer = UserFactory(username="comms")  # type: ignore[no-untyped-call]
    officer.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    factories.account("es.bsky.test", platform="bluesky", language="es")
    factories.account("migrantscount@mastodon.test", platform="mastodon", language="en")
    factories.account("fr.bsky.test", platform="bluesky", language="fr")
    post = factories.post(
        {
            "es": "Los migrantes cuentan: " + "una historia de Bogotá. " * 12,
            "en": "Migrants count: the campaign starts today. <b>not bold</b> 👨‍👩‍👧‍👦",
        },
        approved=False,
        author=officer,
    )
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        _log_in(page, live_server, officer)
        page.goto(f"{live_server.url}/admin/social/posts/{post.pk}/#variants")
        variants = page.locator("article.social-variant")
        assert variants.count() == 3
        spanish = page.locator("article", has_text="es.bsky.test")
        assert "#MigrantesCuentan" in spanish.inner_text()
        assert "characters over the 300 allowed" in spanish.inner_text()
        english = page.locator("article", has_text="mastodon.test")
        assert "#MigrantsCount" in english.inner_text()
        assert "<b>not bold</b>" in english.inner_text()
        assert "characters left of 500" in english.inner_text()
        french = page.locator("article", has_text="fr.bsky.test")
        assert "No text in this language" in french.inner_text()
        page.locator("#variants").scroll_into_view_if_needed()
        _shoot(page, "social-variants")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement !== document.body")
        context.close()
        # axe-core needs JavaScript: the same page again with it on.
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        _log_in(page, live_server, officer)
        page.goto(f"{live_server.url}/admin/social/posts/{post.pk}/")
        violations = [
            v
            for v in axe(page)
            if any("social-variant" in str(target) for target in v["targets"])
            or v["id"] in {"color-contrast", "heading-order", "duplicate-id"}
        ]
        assert violations == []
    finally:
        context.close()


def test_calendar_without_javascript_and_keyboard(
    live_server: Any, chromium: Any, axe: Any
) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from migrantscount.social.models import Delivery

    roles.seed_roles()
    officer = UserFactory(username="comms")  # type: ignore[no-untyped-call]
    officer.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    account = factories.account(
        "es.bsky.test", platform="bluesky", language="es", time_zone="America/Bogota"
    )
    post = factories.post({"es": "Los migrantes cuentan."}, title="Ola de diciembre")
    due = datetime(2026, 12, 10, 18, 0, tzinfo=ZoneInfo("America/Bogota"))
    factories.delivery(post, account, due_at=due)
    failed = factories.delivery(post, account, due_at=due + timedelta(days=1))
    Delivery.objects.filter(pk=failed.pk).update(
        status=Delivery.Status.FAILED, last_error="Record/text must not be longer"
    )
    for javascript in (False, True):
        context = chromium.new_context(
            viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
        )
        page = context.new_page()
        try:
            _log_in(page, live_server, officer)
            page.goto(f"{live_server.url}/admin/social/calendar/?date=2026-12-10")
            cell = page.locator("td", has_text="Ola de diciembre").first
            assert "18:00" in cell.inner_text()
            assert page.locator(".social-entry--attention").count() == 2
            if not javascript:
                _shoot(page, "social-calendar-month")
                page.goto(
                    f"{live_server.url}/admin/social/calendar/?view=week&date=2026-12-10"
                )
                _shoot(page, "social-calendar-week")
                link = page.locator(".social-entry a").first
                link.focus()
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                assert f"/admin/social/posts/{post.pk}/" in page.url
            else:
                violations = [
                    v
                    for v in axe(page)
                    if any("social-" in str(target) for target in v["targets"])
                    or v["id"] in {"color-contrast", "heading-order", "duplicate-id"}
                ]
                assert violations == []
        finally:
            context.close()
