"""An interview's Facebook live video, kept in step with the interview.

`sync_live_video(interview)` is idempotent and called by the periodic job
`sync_interviews_with_social` (and after an interview is saved): it creates the
scheduled live video once the interview is within Facebook's seven days, moves it
when the interview moves, cancels it with the interview, follows its status to
the recording and keeps the recording's address (on the interview's page only when
every guest allows publishing the recording). A requested deletion of the
recording (a guest withdrew) is done here, after commit; when Facebook refuses it,
a manual-takedown entry is made through the social engine.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from migrantscount.social.models import Account, Delivery
from migrantscount.social.platforms import PlatformError, facebook_live
from migrantscount.social.services import consent

from .models import GuestScope, Interview, LiveVideo, Platform

logger = logging.getLogger(__name__)

# Meta refuses a planned start less than about ten minutes away.
MIN_LEAD = timedelta(minutes=10)


def page_for(interview: Interview) -> Account | None:
    account = interview.live_account
    if account is None and interview.series is not None:
        account = interview.series.live_account
    return account


def _title(interview: Interview) -> str:
    languages = interview.language_list or ["en"]
    text = interview.text_for(languages[0])
    return str(text.title) if text else str(interview)


def _description(interview: Interview) -> str:
    languages = interview.language_list or ["en"]
    text = interview.text_for(languages[0])
    return str(text.summary) if text else ""


def sync_live_video(
    interview: Interview, *, now: datetime | None = None
) -> LiveVideo | None:
    now = now or timezone.now()
    live = (
        LiveVideo.objects.filter(interview=interview).select_related("account").first()
    )
    try:
        if live is None:
            return _create(interview, now=now)
        _follow(live, interview, now=now)
        if live.recording_delete_requested_at and not live.recording_deleted_at:
            delete_recording(live)
    except PlatformError as error:
        logger.warning("Facebook live video of interview %s: %s", interview.pk, error)
        if live is not None:
            live.last_error = error.message
            live.save(update_fields=["last_error"])
    return live


def _create(interview: Interview, *, now: datetime) -> LiveVideo | None:
    account = page_for(interview)
    if (
        account is None
        or account.status != Account.Status.ACTIVE
        or interview.platform != Platform.FACEBOOK_LIVE
        or interview.status in (Interview.Status.CANCELLED, Interview.Status.DONE)
        or not now + MIN_LEAD <= interview.starts_at <= now + facebook_live.WINDOW
    ):
        return None
    connection = account.connection()
    video = facebook_live.schedule(
        connection,
        starts_at=interview.starts_at,
        title=_title(interview),
        description=_description(interview),
        now=now,
    )
    account.store_connection(connection)
    return LiveVideo.objects.create(
        interview=interview,
        account=account,
        remote_id=video.id,
        status="SCHEDULED_UNPUBLISHED",
        planned_start_at=interview.starts_at,
        stream_url=video.stream_url,
        stream_key=video.stream_key,
        checked_at=now,
    )


def _follow(live: LiveVideo, interview: Interview, *, now: datetime) -> None:
    connection = live.account.connection()
    if live.cancelled_at is not None:
        return
    scheduled = live.status in facebook_live.SCHEDULED
    if interview.is_cancelled or (
        scheduled and interview.starts_at - now > facebook_live.WINDOW
    ):
        # Cancelled, or moved beyond the seven days: a new one is made in time.
        if scheduled:
            facebook_live.cancel(connection, live.remote_id)
        if interview.is_cancelled:
            live.status = "SCHEDULED_CANCELED"
            live.cancelled_at = now
            live.stream_url = live.stream_key = ""
            live.save()
        else:
            live.delete()
        return
    if not live.is_open:
        return
    remote = facebook_live.read(connection, live.remote_id)
    live.status = remote.status
    if remote.status in facebook_live.SCHEDULED and (
        remote.planned_start_at != interview.starts_at
    ):
        facebook_live.update(connection, live.remote_id, starts_at=interview.starts_at)
        live.planned_start_at = interview.starts_at
    live.video_id = remote.video_id or live.video_id
    if remote.status == "VOD" and live.video_id:
        live.permalink_url = facebook_live.recording_url(connection, live.video_id)
        live.stream_url = live.stream_key = ""
        _keep_recording(interview, live)
    live.last_error = ""
    live.checked_at = now
    live.account.store_connection(connection)
    live.save()


def _keep_recording(interview: Interview, live: LiveVideo) -> None:
    """The interview's recording field gets the Facebook recording only when every
    guest allows publishing the recording (and nobody asked not to record)."""
    if interview.recording_url or not live.permalink_url:
        return
    if not interview.guests_allow(GuestScope.RECORDING_PUBLISHED):
        return
    interview.recording_url = live.permalink_url
    interview.save()


def delete_recording(live: LiveVideo) -> None:
    """Delete the recording (or the live video itself before it has one) from
    Facebook; where Facebook refuses, or the Page is not connected, a person takes
    it down by hand from Social › Manual takedowns."""
    target = live.video_id or live.remote_id
    now = timezone.now()
    if live.account.status == Account.Status.ACTIVE:
        connection = live.account.connection()
        try:
            facebook_live.delete(connection, target)
        except PlatformError as error:
            if not error.permanent:
                raise  # tried again by the next run
            _manual_takedown(live, target, error.message)
            return
        live.recording_deleted_at = now
        live.permalink_url = ""
        live.save(update_fields=["recording_deleted_at", "permalink_url"])
        return
    _manual_takedown(live, target, live.account.status_message)


def _manual_takedown(live: LiveVideo, target: str, message: str) -> None:
    already = Delivery.objects.filter(
        post__source_uid=live.interview.uid,
        remote_id=target,
        status=Delivery.Status.MANUAL_TAKEDOWN,
    ).exists()
    if not already:
        consent.record_manual_takedown(
            account=live.account,
            remote_id=target,
            url=live.permalink_url
            or f"https://www.facebook.com/{live.account.remote_id}/videos/{target}/",
            title=f"Facebook Live recording ({live.interview_id})",
            reason=consent.REASON_WITHDRAWN,
            source_uid=live.interview.uid,
            error=message,
        )
    live.last_error = message
    live.save(update_fields=["last_error"])


def request_recording_deletion(interview: Interview, *, now: datetime) -> bool:
    """Inside a withdrawal's transaction: mark the recording for deletion (no call)."""
    return bool(
        LiveVideo.objects.filter(
            interview=interview, recording_delete_requested_at__isnull=True
        ).update(recording_delete_requested_at=now)
    )
