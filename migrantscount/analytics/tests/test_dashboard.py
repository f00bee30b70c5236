"""The campaign dashboard (analytics.dashboard): who may open it, delivery health and
reach from social's rows, web visits by network, a chart with each table, the date
range, CSV of every table, and the page in another language."""

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.users.models import UserProfile

from migrantscount.analytics import counting
from migrantscount.analytics.dashboard import queries
from migrantscount.analytics.models.reach import PageViewCount
from migrantscount.core.services.roles import (
    CAMPAIGN_APPROVERS,
    COMMUNICATIONS_OFFICERS,
    EDITORS,
    seed_roles,
)
from migrantscount.social.models import Account, Delivery, MetricSnapshot, Post
from migrantscount.social.tests import factories

pytestmark = pytest.mark.django_db
URL = "/admin/campaign-dashboard/"


def member(username: str, group_name: str) -> Any:
    seed_roles()
    person = factories.user(username)
    person.groups.add(Group.objects.get(name=group_name))
    return person


def published(
    account: Account,
    *,
    text: str,
    likes: int,
    reposts: int,
    views: int | None = None,
    **post_values: Any,
) -> Delivery:
    item = factories.delivery(factories.post(**post_values), account)
    now = timezone.now()
    Delivery.objects.filter(pk=item.pk).update(
        status=Delivery.Status.PUBLISHED,
        published_at=item.due_at + timedelta(minutes=2),
        sent_text=text,
    )
    for hours, share in ((1, 0.5), (24, 1)):
        MetricSnapshot.objects.create(
            delivery=item,
            taken_at=now + timedelta(hours=hours),
            likes=int(likes * share),
            reposts=int(reposts * share),
            replies=0,
            views=views,
        )
    return item


@pytest.fixture
def campaign() -> dict[str, Any]:
    bluesky = factories.account("campaign.bsky.social", platform="bluesky")
    mastodon = factories.account(
        "campaign@mastodon.example", platform="mastodon", language="es"
    )
    Account.objects.filter(pk=mastodon.pk).update(
        status=Account.Status.NEEDS_RECONNECT, status_message="The token was revoked."
    )
    published(
        bluesky,
        text="Remittances grew. #MigrantsCount",
        likes=10,
        reposts=8,
        source_kind=Post.SourceKind.DATA_FACT,
        fact_id="remittances-col",
    )
    published(mastodon, text="Crecen. #MigrantesCuentan", likes=4, reposts=2)
    published(
        bluesky,
        text="Live tonight. #MigrantsCount",
        likes=1,
        reposts=1,
        views=250,
        link="https://migrantscount.example/es/interviews/ana-live/",
    )
    today = timezone.localdate()
    for day, referrer, source, views in (
        (today, "", "bluesky", 5),
        (today, "bsky.app", "", 3),
        (today, "t.co", "", 2),
        (today, "news.example", "", 1),
        (today - timedelta(days=60), "", "bluesky", 100),
    ):
        PageViewCount.objects.create(
            day=day,
            path="/es/historias/ana/",
            language="es",
            referrer_domain=referrer,
            utm_source=source,
            views=views,
        )
    return {"bluesky": bluesky, "mastodon": mastodon}


def table_csv(client: Client, key: str, **query: str) -> list[list[str]]:
    response = client.get(URL, {"csv": key, **query})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_only_approvers_officers_and_superusers_open_it(client: Client) -> None:
    assert client.get(URL).status_code == 302  # to the sign-in page
    client.force_login(member("editor", EDITORS))
    refused = client.get(URL)  # Wagtail turns the refusal into a message
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    for username, group_name in (
        ("approver", CAMPAIGN_APPROVERS),
        ("officer", COMMUNICATIONS_OFFICERS),
    ):
        client.force_login(member(username, group_name))
        assert client.get(URL).status_code == 200
    client.force_login(factories.user("root", is_superuser=True, is_staff=True))
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_the_dashboard_shows_each_table_with_its_chart(
    client: Client, campaign: dict[str, Any]
) -> None:
    client.force_login(member("approver", CAMPAIGN_APPROVERS))
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg role="img"') >= 8
    assert "Web visits by network they came from" in html
    assert "campaign@mastodon.example" in html  # needing reconnection
    assert "The token was revoked." in html
    # Every table (15 of reach and one of the surveys) has its CSV download.
    assert html.count(" download>") == 16


def test_delivery_health_and_lag(client: Client, campaign: dict[str, Any]) -> None:
    client.force_login(member("officer", COMMUNICATIONS_OFFICERS))
    rows = dict(table_csv(client, "delivery_health")[1:])
    assert rows["Published"] == "3"
    assert rows["Failed"] == "0"
    lag = table_csv(client, "dispatch_lag")
    assert ["Bluesky", "2", "2.0", "2.0"] in lag


def test_reach_uses_each_deliverys_latest_snapshot(
    client: Client, campaign: dict[str, Any]
) -> None:
    client.force_login(member("approver", CAMPAIGN_APPROVERS))
    network = table_csv(client, "reach_network")
    assert network[0][:4] == ["Network", "Published posts", "Likes", "Reposts"]
    assert ["Bluesky", "2", "11", "9"] in [row[:4] for row in network]
    assert ["Mastodon", "1", "4", "2"] in [row[:4] for row in network]
    hashtags = {row[0]: row[3] for row in table_csv(client, "reach_hashtag")[1:]}
    assert hashtags == {"#MigrantsCount": "9", "#MigrantesCuentan": "2"}
    content = {row[0]: row[1] for row in table_csv(client, "reach_content")[1:]}
    assert content["Data fact"] == "1"
    assert content["Live interview"] == "1"
    interviews = table_csv(client, "interviews")
    assert [row[1:] for row in interviews[1:]] == [["Bluesky", "250", "1"]]
    shared = table_csv(client, "most_shared")
    assert shared[1][:4] == ["Data fact", "remittances-col", "1", "8"]


def test_web_visits_by_network_within_the_range(
    client: Client, campaign: dict[str, Any]
) -> None:
    client.force_login(member("approver", CAMPAIGN_APPROVERS))
    visits = dict(table_csv(client, "visits_network")[1:])
    assert visits == {"Bluesky": "8", "X": "2", "Other sites": "1"}
    old = timezone.localdate() - timedelta(days=60)
    earlier = dict(
        table_csv(client, "visits_network", start=old.isoformat(), end=old.isoformat())[
            1:
        ]
    )
    assert earlier == {"Bluesky": "100"}
    sections = dict(table_csv(client, "visits_section")[1:])
    assert sections == {"/es/historias/": "11"}


def test_a_wrong_range_is_refused_clearly_and_the_default_shown(
    client: Client, campaign: dict[str, Any]
) -> None:
    client.force_login(member("approver", CAMPAIGN_APPROVERS))
    response = client.get(URL, {"start": "2026-05-10", "end": "2026-05-01"})
    assert response.status_code == 200
    assert "The start date is after the end date." in response.content.decode()
    response = client.get(URL, {"start": "not a date", "end": "2026-05-01"})
    assert response.status_code == 200
    unknown = client.get(URL, {"csv": "no-such-table"})
    # A 404 (which the site's LocaleMiddleware answers with its usual redirect).
    assert unknown.status_code in (302, 404)
    assert not unknown.get("Content-Type", "").startswith("text/csv")


def test_network_of_prefers_the_tag_then_the_referrer() -> None:
    assert queries.network_of("news.example", "mastodon") == "Mastodon"
    assert queries.network_of("l.facebook.com", "") == "Facebook"
    assert queries.network_of("", "") == str(queries.DIRECT)
    assert queries.network_of(counting.INTERNAL, "") == str(queries.INTERNAL)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("es", "Panel de la campaña"),
        ("fr", "Tableau de bord de la campagne"),
        ("pt", "Painel da campanha"),
    ],
)
def test_the_dashboard_in_the_editors_language(
    client: Client, campaign: dict[str, Any], language: str, title: str
) -> None:
    person = member("approver", CAMPAIGN_APPROVERS)
    profile = UserProfile.get_for_user(person)
    profile.preferred_language = language
    profile.save()
    client.force_login(person)
    html = client.get(URL).content.decode()
    assert title in html
    assert "Campaign dashboard" not in html


def test_survey_results_sit_beside_reach_with_their_intervals(client: Client) -> None:
    from migrantscount.analytics.surveys.results import wave_results
    from migrantscount.analytics.tests import survey_factories

    wave = survey_factories.wave(
        name="Baseline 2026",
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )
    survey_factories.responses(wave, survey_factories.random_answers(40, seed=7))
    expected = wave_results(wave).overall.index
    assert expected is not None
    client.force_login(member("approver", CAMPAIGN_APPROVERS))
    rows = table_csv(client, "surveys")
    assert rows[1][:3] == ["Baseline 2026", "Closed", "40"]
    assert rows[1][3] == (
        f"{expected.estimate:.2f} [{expected.low:.2f}, {expected.high:.2f}]"
    )
    html = client.get(URL).content.decode()
    assert f'href="/admin/surveys/{wave.pk}/results/"' in html
