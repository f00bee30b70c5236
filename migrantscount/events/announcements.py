"""An interview's announcements through the social engine.

For each interview with announcing accounts, one post per moment (a week, a day
and an hour before, and "live now" at the start) and language: the interview's
text in that language (its own or its series'; where neither exists there is no
announcement in that language, recorded as such, never machine-translated), the
interview page in that language as link (the social engine adds the UTM tags and
each account's hashtag; the summary is left out, as it would not fit Bluesky's
300 characters beside the link), submitted for the same four-eyes approval as any post
and scheduled to the accounts of that language. `follow_interview` moves the
deliveries not yet out when the interview moves, cancels them when it is
cancelled (and, if the interview says so, schedules a cancellation notice), and
`take_down_for_guest` takes down those that named a withdrawn guest through
`take_down_derived`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from migrantscount.social.models import Account, Delivery, Post
from migrantscount.social.services import consent, posts

from .models import Announcement, Guest, Interview, InterviewText, SeriesText

logger = logging.getLogger(__name__)

Kind = Announcement.Kind
OFFSETS = {
    Kind.WEEK: timedelta(days=7),
    Kind.DAY: timedelta(days=1),
    Kind.HOUR: timedelta(hours=1),
    Kind.LIVE: timedelta(0),
}
MOVABLE = (Delivery.Status.SCHEDULED, Delivery.Status.EXPIRED, Delivery.Status.FAILED)


def ahead() -> timedelta:
    """How long before the start announcements are made (to leave time to approve
    the first one)."""
    return timedelta(days=settings.EVENTS_ANNOUNCE_AHEAD_DAYS)


def text_in(interview: Interview, language: str) -> InterviewText | SeriesText | None:
    """The interview's own text in `language`, else its series': no fallback."""
    for text in interview.texts.all():
        if text.language == language:
            return text
    if interview.series is not None:
        for series_text in interview.series.texts.all():
            if series_text.language == language:
                return series_text
    return None


def named_guests(interview: Interview) -> list[Guest]:
    return [
        appearance.guest
        for appearance in interview.appearances.select_related("guest")
        if appearance.guest.shown_name()
    ]


def _when(interview: Interview) -> str:
    local = interview.local_start()
    day = formats.date_format(local, "DATE_FORMAT")
    return f"{day}, {local:%H:%M} ({interview.time_zone})"


def compose(interview: Interview, kind: str, language: str) -> str | None:
    text = text_in(interview, language)
    if text is None:
        return None
    with translation.override(language):
        values = {"title": text.title, "when": _when(interview)}
        heads = {
            Kind.WEEK: _("Next week, live: %(title)s. %(when)s."),
            Kind.DAY: _("Tomorrow, live: %(title)s. %(when)s."),
            Kind.HOUR: _("In one hour, live: %(title)s. %(when)s."),
            Kind.LIVE: _("Live now: %(title)s."),
            Kind.CANCELLED: _(
                "Cancelled: %(title)s, planned for %(when)s, will not take place."
            ),
        }
        body = heads[Kind(kind)] % values
        names = [guest.shown_name() for guest in named_guests(interview)]
        if names and kind != Kind.CANCELLED:
            body = f"{body} " + _("With %(names)s.") % {"names": ", ".join(names)}
    return body


def _due(interview: Interview, kind: str, now: datetime) -> tuple[datetime, datetime]:
    if kind == Kind.CANCELLED:
        return now, now + timedelta(hours=settings.SOCIAL_NOT_AFTER_HOURS)
    due = interview.starts_at - OFFSETS[Kind(kind)]
    not_after = {
        Kind.WEEK: interview.starts_at - timedelta(days=1),
        Kind.DAY: interview.starts_at - timedelta(hours=1),
        Kind.HOUR: interview.starts_at,
        Kind.LIVE: interview.ends_at,
    }[Kind(kind)]
    return due, max(not_after, due)


def _by_language(accounts: list[Account]) -> dict[str, list[Account]]:
    grouped: dict[str, list[Account]] = {}
    for account in accounts:
        if account.status != Account.Status.DISCONNECTED:
            grouped.setdefault(account.language, []).append(account)
    return grouped


@transaction.atomic
def _announce(
    interview: Interview,
    kind: str,
    language: str,
    accounts: list[Account],
    *,
    now: datetime,
) -> Announcement:
    body = compose(interview, kind, language)
    guests = [guest.pk for guest in named_guests(interview)]
    announcement = Announcement.objects.create(
        interview=interview, kind=kind, language=language, named_guests=guests
    )
    if body is None:
        return announcement  # no text in this language: said so, not translated
    post = posts.create_post(
        author=None,
        texts={language: body},
        source_kind=Post.SourceKind.INTERVIEW,
        link=posts.absolute_url(interview.url_in(language)),
        title=f"{interview} · {Kind(kind).label} · {language}",
    )
    post.source_uid = announcement.uid
    post.save(update_fields=["source_uid", "updated_at"])
    post = posts.submit_for_approval(post, user=None)
    due, not_after = _due(interview, kind, now)
    for account in accounts:
        try:
            posts.schedule_post(
                post, accounts=[account], due_at=due, not_after=not_after
            )
        except posts.PostError as error:
            # The post stays in Social › Posts for the team to shorten and schedule.
            logger.warning("Announcement %s to %s: %s", post.pk, account, error)
    announcement.post = post
    announcement.save(update_fields=["post"])
    return announcement


def plan_announcements(
    interview: Interview, *, now: datetime | None = None
) -> list[Announcement]:
    """Make the announcements of an interview that are still ahead (idempotent)."""
    now = now or timezone.now()
    if interview.status in (Interview.Status.CANCELLED, Interview.Status.DONE):
        return []
    if not now < interview.starts_at <= now + ahead():
        return []
    grouped = _by_language(interview.announcing_accounts())
    existing = set(interview.announcements.values_list("kind", "language"))
    made = []
    for kind in OFFSETS:
        due, _not_after = _due(interview, kind, now)
        if due < now and kind != Kind.LIVE:
            continue  # that moment has passed
        for language, accounts in sorted(grouped.items()):
            if (kind, language) not in existing:
                made.append(_announce(interview, kind, language, accounts, now=now))
    return made


def missing_languages(interview: Interview) -> list[str]:
    """Languages of announcing accounts the interview has no text in."""
    return sorted(
        {
            language
            for language in _by_language(interview.announcing_accounts())
            if text_in(interview, language) is None
        }
    )


@transaction.atomic
def follow_interview(interview: Interview, *, now: datetime | None = None) -> int:
    """Deliveries not yet out follow a move or a cancellation. Returns how many
    deliveries changed."""
    now = now or timezone.now()
    changed = 0
    announcements = list(
        interview.announcements.exclude(kind=Kind.CANCELLED)
        .exclude(post=None)
        .select_related("post")
    )
    if interview.is_cancelled:
        for announcement in announcements:
            assert announcement.post is not None  # noqa: S101 - excluded above
            changed += announcement.post.deliveries.filter(
                status=Delivery.Status.SCHEDULED
            ).count()
            if announcement.post.status != Post.Status.CANCELLED:
                posts.cancel_post(announcement.post, user=None)
        if interview.announce_cancellation and announcements:
            _announce_cancellation(interview, now=now)
        return changed
    for announcement in announcements:
        post = announcement.post
        assert post is not None  # noqa: S101 - excluded above
        if post.status == Post.Status.CANCELLED:
            continue
        due, not_after = _due(interview, announcement.kind, now)
        pending = list(post.deliveries.filter(status__in=MOVABLE))
        moved = [delivery for delivery in pending if delivery.due_at != due]
        if not moved:
            continue
        if due < now and announcement.kind != Kind.LIVE:
            posts.cancel_post(post, user=None)  # that moment has passed
            changed += len(moved)
            continue
        body = compose(interview, announcement.kind, announcement.language)
        if body is not None:
            # The new time is in the text: it goes back to approval.
            posts.update_texts(post, texts={announcement.language: body}, user=None)
        for delivery in moved:
            posts.reschedule_delivery(
                delivery, due_at=due, not_after=not_after, user=None
            )
            changed += 1
    return changed


def _announce_cancellation(interview: Interview, *, now: datetime) -> None:
    grouped = _by_language(interview.announcing_accounts())
    existing = set(
        interview.announcements.filter(kind=Kind.CANCELLED).values_list(
            "language", flat=True
        )
    )
    for language, accounts in sorted(grouped.items()):
        if language not in existing:
            _announce(interview, Kind.CANCELLED, language, accounts, now=now)


def take_down_for_guest(guest: Guest) -> int:
    """Inside the withdrawal's transaction: every announcement that named the guest
    is cancelled, blanked and (if published) deleted by the dispatcher."""
    uids = [
        announcement.uid
        for announcement in Announcement.objects.filter(
            interview__appearances__guest=guest
        ).distinct()
        if guest.pk in (announcement.named_guests or [])
    ]
    if not uids:
        return 0
    result = consent.take_down_derived(
        source_uids=uids, reason=consent.REASON_WITHDRAWN
    )
    return result.posts
