"""What a person does to one delivery from the admin: retry, cancel, and mark a
manual take-down done. Each change is a conditional UPDATE on the row's status, so
it never races the dispatcher (a row it has claimed is left alone).

    retry_delivery(delivery, *, user) -> Delivery
    cancel_delivery(delivery, *, user) -> Delivery
    mark_takedown_done(delivery, *, user) -> Delivery
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit
from ..models import Delivery, Post

Status = Delivery.Status

# Retrying reuses the delivery's idempotency key, so a post the network did take
# is found again rather than sent twice.
RETRYABLE = (Status.FAILED, Status.EXPIRED)
CANCELLABLE = (Status.SCHEDULED, Status.FAILED, Status.EXPIRED)


def _user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.pk else None


@transaction.atomic
def retry_delivery(delivery: Delivery, *, user: AbstractBaseUser | None) -> Delivery:
    """A failed or expired delivery goes out again now (within a new 'not after'
    window); the dispatcher re-checks approval, consent and the account first."""
    if delivery.post.status == Post.Status.CANCELLED:
        raise ValidationError(_("The post was cancelled."))
    now = timezone.now()
    not_after = max(
        now + timedelta(hours=settings.SOCIAL_NOT_AFTER_HOURS),
        delivery.due_at,
    )
    changed = Delivery.objects.filter(pk=delivery.pk, status__in=RETRYABLE).update(
        status=Status.SCHEDULED,
        attempts=0,
        next_attempt_at=now,
        not_after=not_after,
        last_error="",
        updated_at=now,
    )
    if not changed:
        raise ValidationError(_("Only a failed or expired delivery can be retried."))
    delivery.refresh_from_db()
    audit.log(
        audit.DELIVERY_RETRIED, instance=delivery.post, user=user, data=_data(delivery)
    )
    return delivery


@transaction.atomic
def cancel_delivery(delivery: Delivery, *, user: AbstractBaseUser | None) -> Delivery:
    """Not sent at all (a delivery already out is taken down, not cancelled)."""
    changed = Delivery.objects.filter(pk=delivery.pk, status__in=CANCELLABLE).update(
        status=Status.CANCELLED, updated_at=timezone.now()
    )
    if not changed:
        raise ValidationError(
            _("Only a delivery that has not gone out can be cancelled.")
        )
    delivery.refresh_from_db()
    audit.log(
        audit.DELIVERY_CANCELLED,
        instance=delivery.post,
        user=user,
        data=_data(delivery),
    )
    return delivery


@transaction.atomic
def mark_takedown_done(
    delivery: Delivery, *, user: AbstractBaseUser | None
) -> Delivery:
    """A person deleted the post on the network by hand."""
    now = timezone.now()
    changed = Delivery.objects.filter(
        pk=delivery.pk,
        status=Status.MANUAL_TAKEDOWN,
        takedown_done_at__isnull=True,
    ).update(takedown_done_by=_user(user), takedown_done_at=now, updated_at=now)
    if not changed:
        raise ValidationError(_("This take-down is not waiting for a person."))
    delivery.refresh_from_db()
    audit.log(
        audit.DELIVERY_TAKEDOWN_DONE,
        instance=delivery.post,
        user=user,
        data={**_data(delivery), "url": delivery.remote_url},
    )
    return delivery


def _data(delivery: Delivery) -> dict[str, object]:
    return {"delivery": delivery.pk, "account": delivery.account_id}
