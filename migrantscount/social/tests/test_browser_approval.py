"""In Chromium: an officer fixes an over-long X variant with that account's own
text, following the error message; another person approves; axe-core clean."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.models import Post, VariantText

from . import factories
from .test_browser_variants import _log_in, _shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _clean(axe: Any, page: Any) -> list[Any]:
    return [
        v
        for v in axe(page)
        if any("social-" in str(target) for target in v["targets"])
        or v["id"] in {"color-contrast", "heading-order", "duplicate-id", "label"}
    ]


def test_override_an_over_long_x_variant_then_another_person_approves(
    live_server: Any, chromium: Any, axe: Any
) -> None:
    roles.seed_roles()
    officer = UserFactory.create(username="comms", email="comms@example.org")
    officer.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    checker = UserFactory.create(username="checker", email="checker@example.org")
    checker.groups.add(Group.objects.get(name=roles.CAMPAIGN_APPROVERS))
    x_account = factories.account(
        "migrantscount", platform="x", base_url="https://x.com", language="en"
    )
    factories.account("en.bsky.test", platform="bluesky", language="en")
    post = factories.post(
        {"en": "Migrants count → " + "a story from Bogotá, told in full. " * 8},
        approved=False,
        author=officer,
        title="December wave",
    )
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        _log_in(page, live_server, officer)
        page.goto(f"{live_server.url}/admin/social/posts/{post.pk}/#variants")
        x_variant = page.locator("article.social-variant", has_text="X migrantscount")
        assert "characters over the 280 allowed" in x_variant.inner_text()
        bluesky = page.locator("article.social-variant", has_text="en.bsky.test")
        bluesky_before = bluesky.locator(".social-card__text").inner_text()
        x_variant.get_by_role("link", name="Edit the text for").click()
        assert f"/variants/{x_account.pk}/" in page.url
        assert _clean(axe, page) == []
        page.get_by_label("Text for this account").fill(
            "Migrants count: a story from Bogotá."
        )
        page.get_by_role("button", name="Save the text for this account").click()
        page.wait_for_url(f"**/admin/social/posts/{post.pk}/**")
        x_variant = page.locator("article.social-variant", has_text="X migrantscount")
        text = x_variant.inner_text()
        assert "Its own text" in text and "characters left of 280" in text
        assert "Ready: the network would accept this variant." in text
        # The other account keeps the proposed text.
        assert bluesky.locator(".social-card__text").inner_text() == bluesky_before
        _shoot(page, "social-variant-override")
        page.get_by_role("button", name="Submit for approval").click()
        page.wait_for_load_state()
        assert "You wrote this post" not in page.content()  # an officer, not approver
        context.close()

        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        _log_in(page, live_server, checker)
        page.goto(f"{live_server.url}/admin/")
        panel = page.locator("section", has_text="Posts awaiting your approval")
        panel.get_by_role("link", name="December wave").click()
        page.get_by_role("button", name="Approve").click()
        page.wait_for_load_state()
        post.refresh_from_db()
        assert post.status == Post.Status.APPROVED
        assert post.approved_by_id == checker.pk
        assert VariantText.objects.get(post=post).account_id == x_account.pk
        page.goto(f"{live_server.url}/admin/social/posts/{post.pk}/history/")
        history = page.locator("main").inner_text()
        assert "Change one account's text of a social post" in history
        assert "Approve social post" in history and "checker" in history
        assert _clean(axe, page) == []
    finally:
        context.close()
