"""Domain actions on story submissions: submit, withdraw, decide, erase old contacts."""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from migrantscount.core.lib import crypto
from migrantscount.core.services.audit import log_platform_event

from .. import geo, hooks, notifications, tasks, withdrawal_ledger
from ..models import ConsentText, Scope, Submission, hash_token
from ..photos import ProcessedPhoto

logger = logging.getLogger(__name__)

SUBMITTED_ON_BEHALF = "stories.submitted_on_behalf"
WITHDRAWN = "stories.consent_withdrawn"
CONSENT_NARROWED = "stories.consent_narrowed"
CONTACTS_ERASED = "stories.contacts_erased"

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class NoConsentText(LookupError):
    pass


@dataclass
class StoryInput:
    """What a person tells us, already validated and sanitised by the form."""

    title: str
    text: str
    name: str
    age_bracket: str
    origin_country: str
    residence_country: str
    sector: str
    consent_text: ConsentText
    name_display: str
    occupation: str = ""
    contact: str = ""
    guardian_name: str = ""
    has_guardian_consent: bool = False
    sdgs: list[int] = field(default_factory=list)
    photo: ProcessedPhoto | None = None
    allows_website: bool = False
    allows_social: bool = False
    allows_press: bool = False
    allows_interview: bool = False
    allows_photo: bool = False


@dataclass(frozen=True)
class Receipt:
    """A new submission and its status token, which is shown once and never stored."""

    submission: Submission
    token: str


def current_consent_text(language: str) -> ConsentText:
    """The newest consent wording in `language`, or in English when there is none."""
    for code in (language, settings.LANGUAGE_CODE):
        consent = ConsentText.objects.filter(language=code).order_by("-version").first()
        if consent is not None:
            return consent
    raise NoConsentText("No consent text has been written yet (see docs/stories.md).")


def hash_ip(ip_address: str) -> str:
    """Keyed hash of an address: comparable for abuse checks, not reversible."""
    return salted_hmac("stories.ip", ip_address, algorithm="sha256").hexdigest()


def _new_reference() -> str:
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Submission.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def submit_story(
    story: StoryInput,
    *,
    language: str,
    ip_address: str = "",
    recorded_by: User | None = None,
    consent_method: str = Submission.ConsentMethod.ONLINE,
) -> Receipt:
    token = secrets.token_urlsafe(32)
    submission = Submission(
        reference=_new_reference(),
        token_hash=hash_token(token),
        language=language,
        route=Submission.Route.STAFF if recorded_by else Submission.Route.ONLINE,
        consent_method=consent_method,
        recorded_by=recorded_by,
        ip_hash=hash_ip(ip_address) if ip_address else "",
        distance_km=geo.distance_between_countries_km(
            story.origin_country, story.residence_country
        ),
        **{
            name: value
            for name, value in story.__dict__.items()
            if name not in {"photo", "sdgs"}
        },
        sdgs=sorted(set(story.sdgs)),
    )
    if story.photo is not None:
        submission.photo.save(
            f"{secrets.token_hex(16)}.{story.photo.extension}",
            ContentFile(story.photo.content),
            save=False,
        )
    try:
        submission.full_clean(exclude=["photo"])
        submission.save()
    except Exception:
        if submission.photo:
            submission.photo.delete(save=False)
        raise
    if recorded_by is not None:
        log_platform_event(
            SUBMITTED_ON_BEHALF,
            instance=submission,
            user=recorded_by,
            data={"reference": submission.reference, "method": consent_method},
        )
    if notifications.email_contact(submission) is not None:
        # Sealed: the queue table never holds a usable status link.
        transaction.on_commit(
            partial(
                tasks.send_receipt.enqueue,
                submission_id=submission.pk,
                sealed_token=crypto.encrypt(token),
            )
        )
    return Receipt(submission=submission, token=token)


def find_by_token(token: str) -> Submission | None:
    if not token or len(token) > 100:
        return None
    return Submission.objects.filter(token_hash=hash_token(token)).first()


ERASED_FIELDS = {
    "title": "",
    "text": "",
    "name": "",
    "contact": "",
    "guardian_name": "",
    "occupation": "",
    "rejection_note": "",
    "age_bracket": "",
    "has_guardian_consent": False,
    "origin_country": "",
    "residence_country": "",
    "distance_km": None,
    "sector": "",
    "sdgs": [],
    "ip_hash": "",
    "allows_website": False,
    "allows_social": False,
    "allows_press": False,
    "allows_interview": False,
    "allows_photo": False,
    "name_display": Submission.NameDisplay.ANONYMOUS,
}


@transaction.atomic
def withdraw_submission(
    submission: Submission,
    *,
    route: str,
    reason: str = "",
    user: AbstractBaseUser | None = None,
) -> Submission:
    """Erase the story and personal data at once; keep only that consent was withdrawn.

    Idempotent: withdrawing a withdrawn submission changes nothing.
    """
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.is_withdrawn:
        return submission
    route = Submission.WithdrawalRoute(route)
    hooks.run_withdrawal_hooks(submission)
    photo_name = submission.photo.name if submission.photo else ""
    for name, value in ERASED_FIELDS.items():
        setattr(submission, name, value)
    submission.photo = ""
    submission.status = Submission.Status.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.withdrawal_route = route
    submission.withdrawal_reason = (
        Submission.WithdrawalReason(reason)
        if reason
        else Submission.WithdrawalReason.PRIVATE_LINK
    )
    submission.save()
    if photo_name:
        submission.photo.storage.delete(photo_name)
    log_platform_event(
        WITHDRAWN,
        instance=submission,
        user=user,
        data={
            "reference": submission.reference,
            "route": submission.withdrawal_route,
            "reason": submission.withdrawal_reason,
        },
    )
    return submission


# Uses a person can remove while keeping the rest (the website's publication goes
# through moderation, and withdrawal removes everything).
NARROWABLE_SCOPES = (Scope.SOCIAL, Scope.PRESS, Scope.INTERVIEW)


@transaction.atomic
def narrow_consent(
    submission: Submission,
    *,
    scopes: Iterable[Scope | str],
    route: str,
    user: AbstractBaseUser | None = None,
) -> Submission:
    """Remove some uses from a person's consent and keep the rest (e.g. "stop sharing
    my story on social networks"); the `on_consent_narrowed` hooks take down what
    those uses made, in this transaction.

    Idempotent: removing uses that are not allowed (or from a withdrawn submission)
    changes nothing and calls no hook.
    """
    wanted = {Scope(scope) for scope in scopes}
    if not wanted <= set(NARROWABLE_SCOPES):
        raise ValueError(f"Cannot remove these uses alone: {sorted(wanted)}")
    route = Submission.WithdrawalRoute(route)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    removed = sorted(scope for scope in wanted if submission.consent_allows(scope))
    if not removed:
        return submission
    for scope in removed:
        setattr(submission, f"allows_{scope.value}", False)
    submission.save(update_fields=[f"allows_{scope.value}" for scope in removed])
    hooks.run_consent_narrowed_hooks(submission)
    # Outside the database too, so a restore does not give the uses back.
    withdrawal_ledger.record_narrowing(
        submission.pk, removed, route=route.value, narrowed_at=timezone.now()
    )
    log_platform_event(
        CONSENT_NARROWED,
        instance=submission,
        user=user,
        data={
            "reference": submission.reference,
            "route": route.value,
            "scopes": [scope.value for scope in removed],
        },
    )
    return submission


@transaction.atomic
def record_decision(submission: Submission, *, status: str) -> Submission:
    """Mark a submission published or rejected; starts the contact retention clock."""
    status = Submission.Status(status)
    if status not in (Submission.Status.PUBLISHED, Submission.Status.REJECTED):
        raise ValueError(f"Not a decision: {status}")
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.is_withdrawn:
        raise ValueError("A withdrawn submission cannot be published or rejected.")
    changed = submission.status != status
    submission.status = status
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at"])
    if changed and notifications.email_contact(submission) is not None:
        transaction.on_commit(
            partial(
                tasks.send_decision.enqueue,
                submission_id=submission.pk,
                status=status.value,
            )
        )
    return submission


@transaction.atomic
def erase_expired_contacts(*, now: datetime | None = None) -> int:
    """Erase contact details and address hashes N days after the decision."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.STORIES_CONTACT_RETENTION_DAYS)
    due = Submission.objects.decided().filter(decided_at__lte=cutoff)
    erased = due.exclude(contact="", ip_hash="").update(
        contact="", ip_hash="", contact_erased_at=now
    )
    if erased:
        logger.info("Erased contact details of %s story submissions", erased)
        log_platform_event(CONTACTS_ERASED, data={"submissions": erased})
    return erased
