"""Facebook Live: scheduled live videos on a Page, through the Graph client
(`graph.py`). Plain values in and out; the events app keeps the rows.

What Meta documents (Live Video API, "Schedule a Broadcast"; Graph API reference
`/{page-id}/live_videos` and `/{live-video-id}`):

- Create: `POST /{page-id}/live_videos` with `status=SCHEDULED_UNPUBLISHED` and the
  planned start (`planned_start_time`, a UNIX timestamp; the current guide passes
  the same instant as `event_params={"start_time": ...}`, so both are sent), at most
  seven days after the call. The answer carries the live video's `id`, and
  `stream_url` / `secure_stream_url` (RTMPS; the stream key is the URL's last path
  segment) for the encoder. Page access token with `pages_manage_posts` (and
  `publish_video`), the Live Video API feature after App Review and business
  verification; the Page needs 100 followers and the account 60 days of age.
- Update: `POST /{live-video-id}` with `planned_start_time`, `title`,
  `description`, `status` (write statuses `UNPUBLISHED`, `LIVE_NOW`,
  `SCHEDULED_UNPUBLISHED`, `SCHEDULED_LIVE`, `SCHEDULED_CANCELED`) or
  `end_live_video=true` (ends a broadcast that is live).
- Read: `GET /{live-video-id}?fields=status,planned_start_time,permalink_url,video`;
  read statuses include `SCHEDULED_UNPUBLISHED`, `SCHEDULED_LIVE`,
  `SCHEDULED_CANCELED`, `SCHEDULED_EXPIRED` (no stream came), `LIVE`,
  `LIVE_STOPPED`, `PROCESSING`, `VOD` (the recording is on the Page as the video
  `video.id`, at `permalink_url`).
- Delete: `DELETE /{live-video-id}` (a scheduled one) and `DELETE /{video-id}` (the
  recording); error 100 / 33 ("does not exist") means it is already gone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from . import graph
from .base import Connection, PlatformError

NAME = "Facebook Live"
WINDOW = timedelta(days=7)
FIELDS = "id,status,planned_start_time,permalink_url,video,stream_url,secure_stream_url"

# Read statuses (GET /{live-video-id}).
SCHEDULED = ("SCHEDULED_UNPUBLISHED", "SCHEDULED_LIVE")
FINISHED = ("LIVE_STOPPED", "PROCESSING", "VOD")
GONE_STATUSES = ("SCHEDULED_CANCELED", "SCHEDULED_EXPIRED")


@dataclass(frozen=True)
class LiveVideo:
    """What Facebook says of one live video."""

    id: str
    status: str
    planned_start_at: datetime | None = None
    stream_url: str = ""
    stream_key: str = ""
    permalink_url: str = ""
    video_id: str = ""


def _url(connection: Connection, path: str) -> str:
    return graph.versioned(connection.base_url or graph.graph_url(), path)


def _stamp(moment: datetime) -> str:
    return str(int(moment.astimezone(UTC).timestamp()))


def stream_key(stream_url: str) -> str:
    """The key an encoder asks for: the last path segment of the stream URL."""
    return urlsplit(stream_url).path.rstrip("/").rpartition("/")[2]


def absolute(permalink: str) -> str:
    """Graph gives a video's `permalink_url` relative to www.facebook.com."""
    if permalink.startswith("/"):
        return f"{graph.facebook_www_url()}{permalink}"
    return permalink


def recording_url(connection: Connection, video_id: str) -> str:
    """The recording's address on Facebook (`GET /{video-id}?fields=permalink_url`)."""
    body = graph.call(
        "GET",
        _url(connection, video_id),
        network=NAME,
        connection=connection,
        params={"fields": "permalink_url"},
    )
    return absolute(str(body.get("permalink_url") or ""))


def _video(body: dict[str, Any], *, fallback_id: str = "") -> LiveVideo:
    stream_url = str(body.get("secure_stream_url") or body.get("stream_url") or "")
    planned = body.get("planned_start_time")
    planned_at: datetime | None = None
    if isinstance(planned, int | float) or str(planned or "").isdigit():
        planned_at = datetime.fromtimestamp(int(str(planned)), tz=UTC)
    elif planned:
        planned_at = graph.timestamp(str(planned))
    video = body.get("video")
    return LiveVideo(
        id=str(body.get("id") or fallback_id),
        status=str(body.get("status") or ""),
        planned_start_at=planned_at,
        stream_url=stream_url,
        stream_key=stream_key(stream_url) if stream_url else "",
        permalink_url=absolute(str(body.get("permalink_url") or "")),
        video_id=str(video.get("id") or "") if isinstance(video, dict) else "",
    )


def schedule(
    connection: Connection,
    *,
    starts_at: datetime,
    title: str,
    description: str = "",
    now: datetime | None = None,
) -> LiveVideo:
    """A scheduled, unpublished live video on the connection's Page."""
    now = now or datetime.now(UTC)
    if starts_at - now > WINDOW:
        raise PlatformError(
            _("Facebook schedules live videos at most seven days ahead."),
            permanent=True,
        )
    stamp = _stamp(starts_at)
    body = graph.call(
        "POST",
        _url(connection, f"{connection.credentials['page_id']}/live_videos"),
        network=NAME,
        connection=connection,
        data={
            "status": "SCHEDULED_UNPUBLISHED",
            "planned_start_time": stamp,
            "event_params": json.dumps({"start_time": int(stamp)}),
            "title": title[:255],
            "description": description,
        },
    )
    return _video(body)


def update(
    connection: Connection,
    live_video_id: str,
    *,
    starts_at: datetime | None = None,
    title: str | None = None,
    description: str | None = None,
) -> None:
    """A new planned start (or title, description) for a scheduled live video."""
    data: dict[str, str] = {}
    if starts_at is not None:
        data["planned_start_time"] = _stamp(starts_at)
    if title is not None:
        data["title"] = title[:255]
    if description is not None:
        data["description"] = description
    graph.call(
        "POST",
        _url(connection, live_video_id),
        network=NAME,
        connection=connection,
        data=data,
    )


def cancel(connection: Connection, live_video_id: str) -> None:
    """Cancel a scheduled live video: `status=SCHEDULED_CANCELED`, then delete it.
    One already gone counts as cancelled."""
    try:
        graph.call(
            "POST",
            _url(connection, live_video_id),
            network=NAME,
            connection=connection,
            data={"status": "SCHEDULED_CANCELED"},
        )
    except graph.GraphError as error:
        if graph.error_code(error) == graph.GONE:
            return
        raise
    delete(connection, live_video_id)


def end(connection: Connection, live_video_id: str) -> None:
    """End a broadcast that is live (`end_live_video=true`)."""
    graph.call(
        "POST",
        _url(connection, live_video_id),
        network=NAME,
        connection=connection,
        data={"end_live_video": "true"},
    )


def read(connection: Connection, live_video_id: str) -> LiveVideo:
    body = graph.call(
        "GET",
        _url(connection, live_video_id),
        network=NAME,
        connection=connection,
        params={"fields": FIELDS},
    )
    return _video(body, fallback_id=live_video_id)


def delete(connection: Connection, object_id: str) -> None:
    """Delete a live video or its recording (`DELETE /{id}`); gone is done."""
    graph.delete(connection, _url(connection, object_id), network=NAME)
