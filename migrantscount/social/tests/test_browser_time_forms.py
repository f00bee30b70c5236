"""In Chromium: the three forms that take a local time in a named zone (the post
page's Schedule, the calendar's Change the time, New wave) are reached and sent
with the keyboard alone, without JavaScript; a refused time is shown next to its
field (the input marked invalid); axe-core finds nothing on the forms (issue 15)."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.models import Delivery
from migrantscount.social.services import waves

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Violations on the admin's own chrome (menu, header) are Wagtail's, not the forms'.
FORM_RULES = {"label", "duplicate-id", "duplicate-id-aria", "aria-valid-attr-value"}


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


def _tab_to(page: Any, selector: str, limit: int = 400) -> None:
    """Press Tab until the element is focused (fails if the keyboard never gets
    there), then Enter."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement === document.querySelector(s)", selector
        ):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


def _error_next_to(page: Any, field_id: str) -> str:
    field = page.locator(f".w-field:has(#{field_id})")
    assert page.get_attribute(f"#{field_id}", "aria-invalid") == "true"
    return str(field.locator(".error-message").inner_text())


def _form_violations(page: Any, axe: Any) -> list[Any]:
    return [
        violation
        for violation in axe(page)
        if violation["id"] in FORM_RULES
        or any(
            "id_" in str(target) or "form" in str(target)
            for target in violation["targets"]
        )
    ]


def test_the_time_forms_work_by_keyboard_show_errors_by_their_fields_and_pass_axe(
    live_server: Any, chromium: Any, axe: Any
) -> None:
    roles.seed_roles()
    officer = UserFactory(username="comms")  # type: ignore[no-untyped-call]
    officer.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    santiago = factories.account(
        "Canal Chile", platform="whatsapp", time_zone="America/Santiago"
    )
    washington = factories.account(
        "Channel DC", platform="whatsapp", time_zone="America/New_York"
    )
    post = factories.post(approved=False, author=officer)
    (delivery,) = waves.schedule_at_local_time(
        post, accounts=[santiago], local_date=date(2026, 12, 10), local_time=time(9)
    )
    pages = {
        "reschedule": f"/admin/social/deliveries/{delivery.pk}/time/",
        "post": f"/admin/social/posts/{post.pk}/",
        "wave": "/admin/social/waves/new/",
    }
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        _log_in(page, live_server, officer)
        # Change the time: 00:30 on 6 September 2026 does not exist in Santiago.
        page.goto(live_server.url + pages["reschedule"])
        page.fill("#id_local_date", "2026-09-06")
        page.fill("#id_local_time", "00:30")
        _tab_to(page, "form[method=post] button[type=submit]")
        assert "does not exist" in _error_next_to(page, "id_local_time")
        page.fill("#id_local_date", "2026-12-11")
        page.fill("#id_local_time", "18:00")
        _tab_to(page, "form[method=post] button[type=submit]")
        assert "/admin/social/calendar/" in page.url
        delivery.refresh_from_db()
        assert delivery.local_time == time(18, 0)

        # The post page's Schedule: 02:30 on 8 March 2026 does not exist in
        # Washington; the form keeps what was typed.
        page.goto(live_server.url + pages["post"])
        page.check(f"input[name=accounts][value='{washington.pk}']")
        page.fill("#id_date", "2026-03-08")
        page.fill("#id_time", "02:30")
        _tab_to(page, "form:has(input[value=schedule]) button[type=submit]")
        assert "America/New_York" in _error_next_to(page, "id_time")
        assert page.input_value("#id_date") == "2026-03-08"
        page.fill("#id_time", "18:00")
        _tab_to(page, "form:has(input[value=schedule]) button[type=submit]")
        assert Delivery.objects.filter(account=washington).count() == 1

        # New wave, sent empty: each missing value is said next to its field.
        page.goto(live_server.url + pages["wave"])
        _tab_to(page, "form[method=post] button[type=submit]")
        assert _error_next_to(page, "id_local_date")
        assert _error_next_to(page, "id_local_time")
        context.close()

        # axe-core needs JavaScript: the three pages again with it on.
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        _log_in(page, live_server, officer)
        for url in pages.values():
            page.goto(live_server.url + url)
            assert _form_violations(page, axe) == [], url
    finally:
        context.close()
