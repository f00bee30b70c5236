"""The public story search's own table (stories/search_index.py): which searches it
serves, its filters against the ORM's, and its entries kept in step with what is
public on every path. SQLite (FTS5) and PostgreSQL alike."""

import itertools
import uuid
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from migrantscount.stories import search, search_index
from migrantscount.stories.models import Story, StorySearchEntry, Submission
from migrantscount.stories.services import moderation, submissions

from .factories import SubmissionFactory
from .helpers import approve, approver, draft_story, ensure_locales, moderator
from .test_translation import _translate

pytestmark = pytest.mark.django_db


def _live(title: str, body: str = "", language: str = "en", **fields: Any) -> Story:
    ensure_locales()
    story = Story(
        locale=Locale.objects.get(language_code=language),
        translation_key=uuid.uuid4(),
        title=title,
        slug=f"story-{uuid.uuid4().hex[:8]}",
        quote="",
        body=body,
        origin_country=fields.pop("origin_country", "VEN"),
        destination_country=fields.pop("destination_country", "COL"),
        original_language=fields.pop("original_language", language),
        is_example=True,
        live=True,
        first_published_at=timezone.now(),
        **fields,
    )
    story.save()
    return story


def _found(query: str, language: str = "en") -> list[Story]:
    stories = Story.objects.public_in(language)
    return list(stories.matching(query, language=language))


def test_the_public_search_reads_the_stories_table_and_nothing_else() -> None:
    story = _live("A nurse in Lima", sector="health")
    stories = Story.objects.public_in("en").filter(sector="health").with_sdg(8)
    assert search._facets(stories) is not None
    with CaptureQueriesContext(connection) as queries:
        found = list(Story.objects.public_in("en").matching("nurse", language="en"))
    assert found == [story]
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    sqlite = connection.vendor == "sqlite"
    assert (
        search_index.FTS_TABLE if sqlite else search_index.ENTRY_TABLE
    ) in statements
    assert "indexentry" not in statements


def test_a_filter_the_table_does_not_hold_goes_through_wagtails_index() -> None:
    story = _live("A nurse in Lima")
    _live("A nurse in Quito")
    stories = Story.objects.public().filter(locale=story.locale)
    assert search._facets(stories) is None
    assert search._facets(Story.objects.exclude(sector="health")) is None
    with CaptureQueriesContext(connection) as queries:
        assert list(stories.matching("lima", language="en")) == [story]
    assert "indexentry" in " ".join(q["sql"] for q in queries.captured_queries)


def test_the_tables_filters_find_what_the_orms_filters_find() -> None:
    values = {
        "origin_country": ["VEN", "HTI"],
        "destination_country": ["COL", "CHL"],
        "sector": ["health", ""],
        "original_language": ["en", "es"],
        "sdgs": ["8,10", "10", "1,18", ""],
    }
    for number, combination in enumerate(itertools.product(*values.values())):
        _live(
            f"Nurse {number}",
            "I am a nurse.",
            **dict(zip(values, combination, strict=True)),
        )
    _live("Baker", "I bake bread.", sector="health")
    filters: list[dict[str, str]] = [{}]
    filters += [{field: values[field][0]} for field in values if field != "sdgs"]
    filters += [{"origin_country": "HTI", "sector": "health"}]
    for sdg, fields in itertools.product([None, 1, 8, 10, 18, 2], filters):
        stories = Story.objects.public_in("en").filter(**fields)
        if sdg is not None:
            stories = stories.with_sdg(sdg)
        assert search._facets(stories) is not None
        expected = {story.pk for story in stories if "Nurse" in story.title}
        found = {story.pk for story in stories.matching("nurses", language="en")}
        assert found == expected, (sdg, fields)


def test_results_count_slice_and_paginate_like_a_list() -> None:
    stories = [_live(f"Nurse {number}", "A nurse.") for number in range(5)]
    _live("Nurse in Spanish", "A nurse.", language="es")
    results = Story.objects.public_in("en").matching("nurse", language="en")
    newest_first = stories[::-1]
    assert results.count() == 5 and len(results) == 5
    assert list(results[1:3]) == newest_first[1:3]
    assert results[1:3].count() == 2 and list(results[1:][1:2]) == newest_first[2:3]
    assert results[4] == newest_first[4]
    with pytest.raises(IndexError):
        results[5]
    page = Paginator(results, 2).page(3)
    assert list(page) == newest_first[4:] and page.paginator.count == 5


def test_a_published_story_is_found_and_an_edit_replaces_its_words() -> None:
    story = approve(
        draft_story(SubmissionFactory.create(), moderator(), title="Nurse in Lima"),
        approver(),
    )
    assert _found("nurse") == [story]
    story.title = "Baker in Lima"
    revision = story.save_revision(user=moderator())
    # A draft of a live story is not public: the live words stay, the draft's don't.
    assert _found("nurse") == [story] and _found("baker") == []
    revision.publish(user=approver())
    assert _found("baker") == [story] and _found("nurse") == []


def test_a_published_translation_is_found_in_its_language() -> None:
    story = approve(draft_story(SubmissionFactory.create(), moderator()), approver())
    portuguese = _translate(story, moderator())
    assert _found("padaria", "pt") == []
    moderation.submit_translation(portuguese, user=moderator())
    portuguese = approve(portuguese, approver())
    assert _found("padaria", "pt") == [portuguese]
    assert _found("padaria", "en") == []


def test_unpublished_withdrawn_and_deleted_stories_leave_the_table() -> None:
    first = approve(
        draft_story(SubmissionFactory.create(), moderator(), title="Nurse one"),
        approver(),
    )
    second = approve(
        draft_story(SubmissionFactory.create(), moderator(), title="Nurse two"),
        approver(),
    )
    third = _live("Nurse three")
    assert set(StorySearchEntry.objects.values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
        third.pk,
    }
    first.unpublish(user=approver())
    assert second.submission is not None
    submissions.withdraw_submission(
        second.submission, route=Submission.WithdrawalRoute.SELF
    )
    third.delete()
    assert not StorySearchEntry.objects.exists()
    assert _found("nurse") == []


def test_the_rebuild_command_fills_the_table_from_the_live_stories() -> None:
    live = _live("Nurse in Lima", sdgs="3,8")
    offline = _live("Nurse in Quito")
    Story.objects.filter(pk=offline.pk).update(live=False)
    StorySearchEntry.objects.all().delete()
    output = StringIO()
    call_command("rebuild_story_search", stdout=output)
    assert output.getvalue().startswith("1 live stories indexed")
    entry = StorySearchEntry.objects.get()
    assert entry.pk == live.pk and entry.title == "en0nurs en0in en0lima"
    assert search_index.facet_token("sdg", "8") in entry.facets.split()
    assert _found("nurse") == [live]
