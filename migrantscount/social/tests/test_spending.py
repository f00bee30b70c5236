"""Scheduling's checks for issue 17: X's pay-per-use cost fixed per delivery and
shown before scheduling, the monthly budget refusing with its figures, and
Instagram/Threads refused while PUBLIC_MEDIA_BASE_URL is unset; the account form's
owners and budget; reach counts in the admin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client

from migrantscount.core.services import roles
from migrantscount.core.tests.factories import UserFactory
from migrantscount.social.models import Account, Delivery, MetricSnapshot, Spend
from migrantscount.social.services import posts, spending
from migrantscount.social.services.posts import PostError

from . import factories

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def x_account(**values: Any) -> Account:
    return factories.account(
        "campaign_x", platform="x", base_url="https://api.x.com", **values
    )


def test_each_x_delivery_costs_what_its_kind_costs(testnet: Any) -> None:
    account = x_account()
    with_link = factories.delivery(factories.post({"en": "See the data."}), account)
    without = factories.delivery(
        factories.post({"en": "No link.", "es": "Nada."}, link=""), account
    )
    assert with_link.cost == Decimal("0.2000")
    assert without.cost == Decimal("0.0150")
    free = factories.delivery(factories.post({"en": "Free."}), factories.account())
    assert free.cost is None


def test_an_image_adds_its_metadata_call_to_the_cost() -> None:
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    post = factories.post({"en": "See the chart."})
    post.image = Image.objects.create(title="Chart", file=get_test_image_file())
    post.save()
    (delivery,) = posts.schedule_post(post, accounts=[x_account()], due_at=NOW)
    assert delivery.cost == Decimal("0.2050")  # a post with a URL + its alt text


def test_the_monthly_budget_refuses_what_would_pass_it() -> None:
    account = x_account(monthly_budget=Decimal("0.50"))
    Spend.objects.create(
        account=account, kind="publish", amount=Decimal("0.20"), at=NOW
    )
    factories.delivery(factories.post({"en": "One."}), account)  # 0.20 scheduled
    post = factories.post({"en": "Two."})

    with pytest.raises(PostError) as refused:
        posts.schedule_post(post, accounts=[account], due_at=NOW + timedelta(days=1))

    (message,) = refused.value.messages
    assert "beyond its monthly budget of $0.50" in message
    assert "to $0.60" in message and "already spent or scheduled: $0.40" in message
    assert not post.deliveries.exists()
    # Next month starts again from nothing.
    (next_month,) = posts.schedule_post(
        post, accounts=[account], due_at=datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    )
    assert next_month.cost == Decimal("0.2000")
    assert spending.month_total(account, NOW) == Decimal("0.40")


def test_a_cancelled_delivery_no_longer_counts() -> None:
    account = x_account(monthly_budget=Decimal("0.30"))
    first = factories.delivery(factories.post({"en": "One."}), account)
    Delivery.objects.filter(pk=first.pk).update(status=Delivery.Status.CANCELLED)
    (second,) = posts.schedule_post(
        factories.post({"en": "Two."}), accounts=[account], due_at=NOW
    )
    assert second.cost == Decimal("0.2000")


@pytest.mark.parametrize(
    ("network", "image", "refused"),
    [("instagram", False, True), ("threads", True, True), ("threads", False, False)],
)
def test_meta_networks_need_the_public_media_address(
    settings: Any, network: str, image: bool, refused: bool
) -> None:
    settings.PUBLIC_MEDIA_BASE_URL = ""
    account = factories.account(f"campaign_{network}", platform=network)
    post = factories.post({"en": "Migrants count."})
    if image:
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        post.image = Image.objects.create(title="Chart", file=get_test_image_file())
        post.save()
    try:
        posts.schedule_post(post, accounts=[account], due_at=NOW)
    except PostError as error:
        messages = error.messages
    else:
        messages = []
    assert any("PUBLIC_MEDIA_BASE_URL is not set" in m for m in messages) == refused


def officer() -> Any:
    person = UserFactory.create(username="comms", email="comms@example.org")
    person.groups.add(Group.objects.get(name=roles.COMMUNICATIONS_OFFICERS))
    client = Client()
    client.force_login(person)
    return person, client


def test_the_cost_is_shown_before_scheduling_and_reach_after() -> None:
    roles.seed_roles()
    _person, client = officer()
    account = x_account(monthly_budget=Decimal("25"))
    Spend.objects.create(account=account, kind="publish", amount=Decimal("1.5"), at=NOW)
    post = factories.post({"en": "See the data."})

    page = client.get(f"/admin/social/posts/{post.pk}/").content.decode()
    assert "Cost on pay-per-use networks" in page
    assert "$0.200" in page and "$1.50, $0.00, $25.00" in page

    delivery = factories.delivery(post, account)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PUBLISHED, published_at=NOW, remote_id="1"
    )
    MetricSnapshot.objects.create(
        delivery=delivery, taken_at=NOW, likes=12, reposts=3, views=480
    )
    page = client.get(f"/admin/social/posts/{post.pk}/").content.decode()
    assert "12 likes" in page and "3 reposts or shares" in page and "480 views" in page
    assert "Reach of this post" in page
    listing = client.get("/admin/social/deliveries/").content.decode()
    assert "12 likes" in listing
    accounts = client.get("/admin/social/accounts/").content.decode()
    assert "This month: $1.50 spent, $0.00 scheduled, of a $25.00 budget." in accounts


def test_the_account_form_sets_owners_and_budget() -> None:
    roles.seed_roles()
    person, client = officer()
    owner = factories.user("owner")
    account = x_account()
    response = client.post(
        f"/admin/social/accounts/{account.pk}/",
        {
            "display_name": "Campaign",
            "language": "en",
            "time_zone": "UTC",
            "owners": [owner.pk],
            "monthly_budget": "40.00",
        },
    )
    assert response.status_code == 302, response.content.decode()
    account.refresh_from_db()
    assert account.monthly_budget == Decimal("40.00")
    assert list(account.owners.all()) == [owner]
    bad = client.post(
        f"/admin/social/accounts/{account.pk}/",
        {"language": "en", "time_zone": "UTC", "monthly_budget": "-3"},
    )
    assert bad.status_code == 400
    account.refresh_from_db()
    assert account.monthly_budget == Decimal("40.00")
