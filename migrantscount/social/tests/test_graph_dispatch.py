"""Facebook, Instagram and Threads through the real dispatcher, against the fake Graph
hosts: exactly once after a dropped answer, the network's throttling honoured,
permanent refusals not retried, deletion (or a manual takedown where the API
cannot delete)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model

from migrantscount.social.fakes.graph import FakeMeta, Owner
from migrantscount.social.models import Account, Delivery, PostText
from migrantscount.social.services import dispatch, posts

from . import factories
from .meta import jpeg
from .meta import meta as meta  # the fixture
from .meta import public_media as public_media  # the fixture

pytestmark = pytest.mark.django_db
Status = Delivery.Status
NETWORKS = ["facebook", "instagram", "threads"]


def run() -> dispatch.RunResult:
    dispatch.forget_holds()
    return dispatch.run_once("graph-test")


def owner_for(fake: FakeMeta, network: str) -> tuple[Owner, dict[str, str]]:
    if network == "facebook":
        page = fake.add_page("501", "Migrants Count")
        return page, {"access_token": page.token, "page_id": page.id}
    if network == "instagram":
        owner = fake.add_instagram("migrantscount")
        token = fake.issue("ig", owner.id, "instagram", login="instagram")
        return owner, {"access_token": token, "user_id": owner.id, "login": "instagram"}
    owner = fake.add_threads("migrantscount")
    token = fake.issue("threads", owner.id, "threads")
    return owner, {"access_token": token, "user_id": owner.id}


def connected(fake: FakeMeta, network: str) -> tuple[Account, Owner]:
    owner, credentials = owner_for(fake, network)
    account = factories.account(
        f"@{owner.name}", platform=network, base_url=fake.url, language="es"
    )
    account.set_credentials(credentials)
    account.save()
    return account, owner


def delivery_for(account: Account, marker: str) -> Delivery:
    """A post with an image (Instagram needs one) and its alt text, approved."""
    return factories.delivery(image_post(f"Las cifras cuentan [{marker}]"), account)


def image_post(text: str) -> Any:
    post = factories.post({"es": text}, approved=False, image=_image())
    PostText.objects.filter(post=post).update(alt_text="Gráfico de llegadas por año.")
    return posts.approve_post(post, approver=factories.approver())


def _image() -> Any:
    image = get_image_model()(
        title="Chart", file=ImageFile(io.BytesIO(jpeg()), name="chart.jpg")
    )
    image.save()
    return image


def reload(delivery: Delivery) -> Delivery:
    delivery.refresh_from_db()
    return delivery


@pytest.mark.parametrize("network", NETWORKS)
def test_a_dropped_answer_is_looked_up_and_published_exactly_once(
    network: str, meta: FakeMeta, public_media: Path
) -> None:
    account, owner = connected(meta, network)
    delivery = delivery_for(account, "d-1")
    meta.ambiguous_rate = 1.0

    first = run()

    delivery = reload(delivery)
    assert first.unconfirmed == 1, delivery.last_error
    assert delivery.status == Status.UNCONFIRMED
    meta.ambiguous_rate = 0.0
    assert delivery.next_attempt_at is not None
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        second = run()

    delivery = reload(delivery)
    assert second.published == 1, delivery.last_error
    assert delivery.status == Status.PUBLISHED
    [post] = meta.live_posts(owner)
    assert delivery.remote_id == post["id"]
    assert "#MigrantesCuentan" in post["text"]
    assert "utm_source=" + network in post["text"]
    assert meta.count_by_marker(r"\[(d-\d+)\]") == {"d-1": 1}
    writes = [e for e in meta.log if e.method == "POST" and _is_publication(e.path)]
    assert len(writes) == 1  # the lookup found it: never sent twice


def _is_publication(path: str) -> bool:
    return path.endswith(("/feed", "/photos", "/media_publish", "/threads_publish"))


@pytest.mark.parametrize("network", NETWORKS)
def test_throttling_holds_the_account_until_meta_says(
    network: str, meta: FakeMeta, public_media: Path
) -> None:
    account, owner = connected(meta, network)
    delivery = delivery_for(account, "d-2")
    meta.throttle_rate = 1.0
    meta.throttle_minutes = 20

    result = run()

    delivery = reload(delivery)
    account.refresh_from_db()
    assert result.deferred == 1, delivery.last_error
    assert delivery.status == Status.SCHEDULED
    assert "limit reached" in delivery.last_error
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at > timezone.now() + timedelta(minutes=19)
    assert account.rate_limited_until is not None
    assert meta.live_posts() == []
    # Once the time has passed, it goes out.
    meta.throttle_rate = 0.0
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert run().published == 1
    assert len(meta.live_posts(owner)) == 1


@pytest.mark.parametrize("network", NETWORKS)
def test_an_expired_token_marks_the_account_and_the_delivery_waits(
    network: str, meta: FakeMeta, public_media: Path
) -> None:
    account, _owner = connected(meta, network)
    delivery = delivery_for(account, "d-3")
    meta.expire(account.get_credentials()["access_token"])

    result = run()

    delivery = reload(delivery)
    account.refresh_from_db()
    assert result.deferred == 1
    assert delivery.status == Status.SCHEDULED  # goes out after reconnection
    assert "Session has expired" in delivery.last_error
    assert account.status == Account.Status.NEEDS_RECONNECT
    assert "Session has expired" in account.status_message
    calls = len(meta.log)
    run()
    assert len(meta.log) == calls  # nothing more to the account until reconnected


@pytest.mark.parametrize("network", NETWORKS)
def test_a_permanent_refusal_fails_once_without_retry(
    network: str, meta: FakeMeta, public_media: Path
) -> None:
    account, _owner = connected(meta, network)
    credentials = account.get_credentials()
    credentials["page_id" if network == "facebook" else "user_id"] = "999"
    account.set_credentials(credentials)
    account.save()
    delivery = delivery_for(account, "d-6")

    result = run()

    delivery = reload(delivery)
    assert result.failed == 1, delivery.last_error
    assert delivery.status == Status.FAILED
    assert "does not exist" in delivery.last_error  # Meta's own words
    calls = len(meta.log)
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        run()
    assert len(meta.log) == calls
    assert meta.live_posts() == []


@pytest.mark.parametrize(
    ("network", "expected"),
    [
        ("facebook", Status.DELETED),
        ("threads", Status.DELETED),
        ("instagram", Status.MANUAL_TAKEDOWN),  # Instagram Login cannot delete
    ],
)
def test_withdrawal_deletes_or_asks_for_a_manual_takedown(
    network: str, expected: str, meta: FakeMeta, public_media: Path
) -> None:
    account, owner = connected(meta, network)
    delivery = delivery_for(account, "d-4")
    assert run().published == 1
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.DELETE_PENDING, next_attempt_at=timezone.now()
    )

    run()

    delivery = reload(delivery)
    assert delivery.status == expected, delivery.last_error
    if expected == Status.DELETED:
        assert meta.live_posts(owner) == []
    else:
        assert "by hand" in delivery.last_error
        assert len(meta.live_posts(owner)) == 1


def test_scheduling_to_instagram_needs_an_image_and_public_media(
    meta: FakeMeta, public_media: Path, settings: Any
) -> None:
    account, _owner = connected(meta, "instagram")
    without = factories.post({"es": "Sin imagen"})

    with pytest.raises(posts.PostError) as refused:
        posts.schedule_post(without, accounts=[account], due_at=timezone.now())
    assert "needs an image" in str(refused.value)

    settings.PUBLIC_MEDIA_BASE_URL = ""
    with_image = image_post("Con imagen")
    with pytest.raises(posts.PostError) as refused:
        posts.schedule_post(with_image, accounts=[account], due_at=timezone.now())
    assert "PUBLIC_MEDIA_BASE_URL" in str(refused.value)


def test_a_delivery_scheduled_before_public_media_was_unset_fails_clearly(
    meta: FakeMeta, public_media: Path, settings: Any
) -> None:
    account, _owner = connected(meta, "instagram")
    delivery = delivery_for(account, "d-5")
    settings.PUBLIC_MEDIA_BASE_URL = ""

    run()

    delivery = reload(delivery)
    assert delivery.status == Status.FAILED
    assert "PUBLIC_MEDIA_BASE_URL is not set" in delivery.last_error
    assert meta.live_posts() == []
