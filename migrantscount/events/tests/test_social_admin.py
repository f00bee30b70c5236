"""The interview's Facebook Live and announcements page in the admin: the stream
URL and key only for the host and superusers; social shows the source through
social.sources."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from migrantscount.core.services.roles import COMMUNICATIONS_OFFICERS
from migrantscount.events.models import Announcement, LiveVideo
from migrantscount.social.models import Account, Post
from migrantscount.social.sources import describe_source
from migrantscount.stories.tests.helpers import user_in

from . import factories

pytestmark = pytest.mark.django_db


def live_interview() -> tuple[LiveVideo, str]:
    account = Account.objects.create(
        platform="facebook",
        handle="Page",
        base_url="https://graph.facebook.com",
        language="es",
    )
    interview = factories.interview()
    live = LiveVideo.objects.create(
        interview=interview,
        account=account,
        remote_id="123",
        status="SCHEDULED_UNPUBLISHED",
        stream_url="rtmps://live-api-s.facebook.com:443/rtmp/FB-secret-key",
        stream_key="FB-secret-key",
    )
    return live, reverse("events_interview_social", args=[interview.pk])


def test_the_stream_key_is_shown_to_the_host_and_superusers_only(
    client: Client,
) -> None:
    live, url = live_interview()
    officer = user_in(COMMUNICATIONS_OFFICERS, "comms")
    client.force_login(officer)
    page = client.get(url)
    if page.status_code == 200:
        assert b"FB-secret-key" not in page.content
        assert "Shown only to the interview's host" in page.content.decode()
    else:
        assert page.status_code in (302, 403)

    host_user = user_in(COMMUNICATIONS_OFFICERS, "host")
    live.interview.host = factories.host(user=host_user)
    live.interview.save()
    client.force_login(host_user)
    page = client.get(url)
    assert page.status_code == 200
    assert b"FB-secret-key" in page.content

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    assert b"FB-secret-key" in client.get(url).content
    # Encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stream_key, stream_url FROM events_livevideo WHERE id = %s",
            [live.pk],
        )
        stored = cursor.fetchone()
    assert stored[0] and all("FB-secret-key" not in value for value in stored)


def test_social_describes_an_announcement_by_its_interview() -> None:
    interview = factories.interview()
    announcement = Announcement.objects.create(
        interview=interview, kind=Announcement.Kind.DAY, language="es"
    )
    post = Post.objects.create(
        source_kind=Post.SourceKind.INTERVIEW, source_uid=announcement.uid
    )
    source = describe_source(post)
    assert source is not None
    assert str(interview) in source.label and "A day before" in source.label
    assert source.url == reverse(
        "wagtailsnippets_events_interview:edit", args=[interview.pk]
    )
