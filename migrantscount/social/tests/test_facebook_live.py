"""The Facebook Live module against the fake Graph hosts (social.fakes.graph)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from migrantscount.social.fakes.graph import FakeMeta, Owner
from migrantscount.social.platforms import facebook_live
from migrantscount.social.platforms.base import Connection, PlatformError

from .meta import meta as meta  # the fixture

USER = "1001"


@pytest.fixture
def page(meta: FakeMeta) -> Owner:
    return meta.add_page(USER, "Migrants Count")


def connection(fake: FakeMeta, page: Owner) -> Connection:
    return Connection(
        base_url=fake.url,
        handle=page.name,
        credentials={"access_token": page.token, "page_id": page.id},
    )


def in_hours(hours: float) -> datetime:
    return (datetime.now(UTC) + timedelta(hours=hours)).replace(microsecond=0)


def test_schedules_an_unpublished_live_video_with_its_stream(
    meta: FakeMeta, page: Owner
) -> None:
    starts = in_hours(48)
    video = facebook_live.schedule(
        connection(meta, page), starts_at=starts, title="Voces", description="Hoy"
    )
    stored = meta.live_videos[video.id]
    assert stored["status"] == "SCHEDULED_UNPUBLISHED"
    assert stored["planned_start_time"] == int(starts.timestamp())
    assert video.stream_url.startswith("rtmps://")
    assert video.stream_key and video.stream_url.endswith("/" + video.stream_key)
    assert [entry.path for entry in meta.log][-1] == f"/v25.0/{page.id}/live_videos"

    read = facebook_live.read(connection(meta, page), video.id)
    assert read.status == "SCHEDULED_UNPUBLISHED"
    assert read.planned_start_at == starts


def test_more_than_seven_days_ahead_is_refused_before_calling(
    meta: FakeMeta, page: Owner
) -> None:
    with pytest.raises(PlatformError) as error:
        facebook_live.schedule(
            connection(meta, page), starts_at=in_hours(24 * 8), title="x"
        )
    assert error.value.permanent
    assert meta.live_videos == {}


def test_the_fake_refuses_a_start_outside_the_window(
    meta: FakeMeta, page: Owner
) -> None:
    # The module checks the seven days; ten minutes is Meta's to refuse.
    with pytest.raises(PlatformError) as error:
        facebook_live.schedule(
            connection(meta, page), starts_at=in_hours(0.05), title="x"
        )
    assert error.value.permanent
    assert "10 minutes and 7 days" in error.value.message


def test_moving_cancelling_and_a_second_cancel(meta: FakeMeta, page: Owner) -> None:
    conn = connection(meta, page)
    video = facebook_live.schedule(conn, starts_at=in_hours(30), title="x")
    later = in_hours(54)
    facebook_live.update(conn, video.id, starts_at=later)
    assert facebook_live.read(conn, video.id).planned_start_at == later

    facebook_live.cancel(conn, video.id)
    assert meta.live_videos[video.id]["deleted"]
    facebook_live.cancel(conn, video.id)  # already gone: done


def test_status_through_live_to_vod_with_the_recording(
    meta: FakeMeta, page: Owner
) -> None:
    conn = connection(meta, page)
    video = facebook_live.schedule(conn, starts_at=in_hours(2), title="x")
    meta.go_live(video.id)
    assert facebook_live.read(conn, video.id).status == "LIVE"
    facebook_live.end(conn, video.id)
    assert facebook_live.read(conn, video.id).status == "LIVE_STOPPED"
    with pytest.raises(PlatformError):
        facebook_live.update(conn, video.id, starts_at=in_hours(3))

    video_id = meta.stop_live(video.id, to="VOD")
    read = facebook_live.read(conn, video.id)
    assert (read.status, read.video_id) == ("VOD", video_id)
    url = facebook_live.recording_url(conn, video_id)
    assert url == f"{meta.url}/{page.id}/videos/{video_id}/"


def test_deleting_the_recording_and_an_undeletable_one(
    meta: FakeMeta, page: Owner
) -> None:
    conn = connection(meta, page)
    first = facebook_live.schedule(conn, starts_at=in_hours(2), title="a")
    second = facebook_live.schedule(conn, starts_at=in_hours(3), title="b")
    kept = meta.stop_live(first.id)
    stuck = meta.stop_live(second.id)
    facebook_live.delete(conn, kept)
    assert meta.videos[kept]["deleted"]
    facebook_live.delete(conn, kept)  # gone is done

    meta.undeletable.add(stuck)
    with pytest.raises(PlatformError) as error:
        facebook_live.delete(conn, stuck)
    assert error.value.permanent
    assert "Unsupported delete request" in error.value.message


def test_a_revoked_page_token_needs_reconnecting(meta: FakeMeta, page: Owner) -> None:
    meta.revoke(page.token)
    with pytest.raises(PlatformError) as error:
        facebook_live.schedule(connection(meta, page), starts_at=in_hours(5), title="")
    assert error.value.needs_reconnect
