"""What stands in for Django's CSRF cookie on the public survey form, and the abuse
checks that track nobody.

- **Form token**: the form carries a token signed with the site's key
  (`django.core.signing`) naming the wave, the language, the arm drawn and when the
  form was drawn; it expires after SURVEYS_FORM_MAX_AGE_SECONDS. Another site cannot
  make one, so a forged cross-site POST fails the check as it would fail CSRF's,
  without a cookie. Each token is accepted once (its random nonce is kept in the
  cache until the token would expire anyway): a replayed sheet is refused.
- **Minimum completion time**: a sheet sent less than SURVEYS_MIN_SECONDS after its
  form was drawn is a script's.
- **Per-address limit**: at most SURVEYS_RESPONSES_PER_DAY sheets per address in 24
  hours, counted in the shared cache under a keyed hash of the address (never the
  address), which the cache forgets 24 hours after the last sheet from it. Nothing
  of it reaches the database.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FORM_SIGNING_NAMESPACE = "migrantscount.analytics.survey-form"
DAY_SECONDS = 24 * 3600


class SheetRefused(Exception):
    """A sheet that is not stored; `message` tells the respondent why."""

    def __init__(self, message: str | Promise, *, status: int, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.code = code


@dataclass(frozen=True)
class FormTicket:
    wave_id: int
    language: str
    arm: str
    percent: int
    issued_at: float
    nonce: str


def issue_token(*, wave_id: int, language: str, arm: str, percent: int) -> str:
    payload = {
        "w": wave_id,
        "l": language,
        "a": arm,
        "p": percent,
        "t": round(time.time(), 3),
        "n": secrets.token_urlsafe(12),
    }
    return signing.dumps(payload, salt=FORM_SIGNING_NAMESPACE, compress=False)


def read_token(token: str, *, wave_id: int, language: str) -> FormTicket:
    max_age = int(settings.SURVEYS_FORM_MAX_AGE_SECONDS)
    try:
        payload = signing.loads(token, salt=FORM_SIGNING_NAMESPACE, max_age=max_age)
    except signing.SignatureExpired as error:
        raise SheetRefused(
            _(
                "This form was open for too long. Nothing was stored: please open "
                "the survey again."
            ),
            status=400,
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise SheetRefused(
            _(
                "This form could not be checked. Nothing was stored: please open the survey again."
            ),
            status=400,
            code="bad_token",
        ) from error
    if not isinstance(payload, dict) or payload.get("w") != wave_id:
        raise SheetRefused(
            _("This form belongs to another survey. Nothing was stored."),
            status=400,
            code="other_wave",
        )
    return FormTicket(
        wave_id=int(payload["w"]),
        language=str(payload.get("l") or language),
        arm=str(payload["a"]),
        percent=int(payload["p"]),
        issued_at=float(payload["t"]),
        nonce=str(payload["n"]),
    )


def check_pace(ticket: FormTicket) -> None:
    if time.time() - ticket.issued_at < int(settings.SURVEYS_MIN_SECONDS):
        raise SheetRefused(
            _(
                "This form was sent too quickly to have been read. Nothing was "
                "stored: please read the questions and send it again."
            ),
            status=400,
            code="too_fast",
        )


def _nonce_key(nonce: str) -> str:
    return f"analytics:survey:nonce:{nonce}"


def nonce_used(ticket: FormTicket) -> bool:
    return cache.get(_nonce_key(ticket.nonce)) is not None


def spend_nonce(ticket: FormTicket) -> bool:
    """Mark the token used; False when it already was (a replayed sheet)."""
    timeout = int(settings.SURVEYS_FORM_MAX_AGE_SECONDS) + 60
    return bool(cache.add(_nonce_key(ticket.nonce), 1, timeout))


def address_key(ip_address: str) -> str:
    digest = salted_hmac("analytics.survey.ip", ip_address, algorithm="sha256")
    return f"analytics:survey:address:{digest.hexdigest()}"


def address_limited(ip_address: str) -> bool:
    sent = int(cache.get(address_key(ip_address), 0))
    return sent >= int(settings.SURVEYS_RESPONSES_PER_DAY)


def record_address(ip_address: str) -> None:
    key = address_key(ip_address)
    if cache.add(key, 1, DAY_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        # The 24 hours ran out between add() and incr().
        cache.set(key, 1, DAY_SECONDS)
        return
    # Some backends' incr() rewrites the entry with the default timeout.
    cache.touch(key, DAY_SECONDS)
