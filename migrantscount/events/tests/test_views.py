"""Public pages: upcoming and past interviews, a page per interview, JSON-LD,
the Atom feed, the sitemap, the menu section and the demo series."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from migrantscount.events import services
from migrantscount.events.models import InterviewText
from migrantscount.pages.sections import site_section_url
from migrantscount.pages.sitemaps import sitemap_entries

from . import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def structured(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "no JSON-LD"
    data: dict[str, object] = json.loads(found.group(1))
    return data


@time_machine.travel(NOW, tick=False)
def test_upcoming_interviews_in_spanish_show_the_audience_zone(client: Client) -> None:
    interview = factories.interview()  # 10 March 2027, 18:00 in Washington
    InterviewText.objects.create(
        interview=interview, language="es", title="Enfermeras del Caribe"
    )
    with translation.override("es"):
        url = reverse("events:index")
    assert url == "/es/interviews/"
    html = client.get(url).content.decode()
    assert "Enfermeras del Caribe" in html
    # 23:00 UTC is 17:00 in Mexico City, the Spanish default zone.
    assert "17:00" in html
    assert 'datetime="2027-03-10T23:00:00+00:00"' in html
    assert "local-times.js" in html
    html = client.get(url, {"tz": "America/Bogota"}).content.decode()
    assert "18:00" in html  # Bogotá is UTC-5
    assert "<script>" not in html


@time_machine.travel(NOW, tick=False)
def test_an_interview_page_carries_schema_org_event_data(client: Client) -> None:
    interview = factories.interview()
    response = client.get(interview.url_in("en"))
    assert response.status_code == 200
    data = structured(response.content.decode())
    assert data["@type"] == "Event"
    assert data["name"] == "Nurses from the Caribbean"
    assert data["startDate"] == "2027-03-10T18:00:00-05:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://www.facebook.com/migrantscount/live",
    }


@time_machine.travel(NOW, tick=False)
def test_a_moved_and_a_cancelled_occurrence_say_so(client: Client) -> None:
    series = factories.series(first_date=date(2027, 3, 3))
    services.write_occurrences(series)
    first, second = series.occurrences.order_by("starts_at")[:2]
    services.move_interview(first, local_date=date(2027, 3, 4), local_time=time(18, 0))
    services.cancel_interview(second)

    moved = client.get(first.url_in("en")).content.decode()
    assert "This interview has a new date." in moved
    data = structured(moved)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == "2027-03-03T18:00:00-05:00"
    cancelled = client.get(second.url_in("en")).content.decode()
    assert "This interview is cancelled." in cancelled
    assert structured(cancelled)["eventStatus"] == "https://schema.org/EventCancelled"
    assert "Watch the interview" not in cancelled


@time_machine.travel(NOW, tick=False)
def test_guests_and_recordings_appear_only_as_consent_allows(client: Client) -> None:
    interview = factories.interview(
        local_date=date(2027, 2, 10), recording_url="https://example.org/recording"
    )
    interview.texts.update(transcript="What was said.")
    named = factories.own_consent_guest()
    services.attach_guest(interview, named)
    html = client.get(interview.url_in("en")).content.decode()
    assert "María" in html
    assert "María Pérez" not in html  # the private name never
    assert "Watch the recording" in html
    assert "What was said." in html
    assert "Watch the interview" not in html  # it is over

    services.attach_guest(
        interview,
        factories.own_consent_guest(
            allows_name=False, public_name="", allows_recording_published=False
        ),
    )
    html = client.get(interview.url_in("en")).content.decode()
    assert "A guest" in html
    assert "Watch the recording" not in html
    assert "What was said." not in html


@time_machine.travel(NOW, tick=False)
def test_past_interviews_are_listed_apart(client: Client) -> None:
    factories.interview(local_date=date(2027, 2, 10), title="Last month")
    factories.interview(title="Next week")
    html = client.get("/en/interviews/").content.decode()
    upcoming, past = html.split('id="past-title"')
    assert "Next week" in upcoming and "Last month" not in upcoming
    assert "Last month" in past


@time_machine.travel(NOW, tick=False)
def test_the_atom_feed_lists_upcoming_interviews(client: Client) -> None:
    interview = factories.interview()
    services.cancel_interview(factories.interview(title="Called off"))
    response = client.get("/en/interviews/feed/atom/")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Nurses from the Caribbean" in body
    assert f"urn:uuid:{interview.uid}" in body
    assert "Cancelled: Called off" in body


@time_machine.travel(NOW, tick=False)
def test_interviews_are_in_the_sitemap_and_the_menu_sections() -> None:
    interview = factories.interview()
    locations = {entry.location for entry in sitemap_entries()}
    assert f"http://127.0.0.1:8000/es/interviews/{interview.uid}/" in locations
    assert "http://127.0.0.1:8000/pt/interviews/" in locations
    with translation.override("fr"):
        assert site_section_url("interviews") == "/fr/interviews/"


def test_the_demo_builds_a_labelled_example_series(client: Client) -> None:
    from migrantscount.events.demo import build_example_series

    line = build_example_series()
    again = build_example_series()
    assert "(0 new)" in again
    assert "occurrences" in line
    html = client.get("/es/interviews/").content.decode()
    assert "Ejemplo: Voces de las Américas" in html
    assert "Example (demonstration content)" in html or "Ejemplo (" in html


def test_the_demo_puts_the_interviews_after_the_stories_in_the_menu() -> None:
    from wagtail.models import Locale

    from migrantscount.events.demo import build_example_series
    from migrantscount.pages.models import NavigationItem, NavigationMenu

    locale, _created = Locale.objects.get_or_create(language_code="es")
    menu = NavigationMenu.objects.create(locale=locale, name="Main")
    for label, section in (("Datos", "country_data"), ("Historias", "stories")):
        NavigationItem.objects.create(
            menu=menu, locale=locale, label=label, section=section
        )
    NavigationItem.objects.create(
        menu=menu, locale=locale, label="Prensa", section="share_story"
    )

    build_example_series()
    build_example_series()

    labels = list(menu.items.order_by("sort_order").values_list("label", flat=True))
    assert labels == ["Datos", "Historias", "Entrevistas en vivo", "Prensa"]
