"""A search with more matches than search_index.RANK_ALL_LIMIT (filters included) is
not scored story by story: the stories whose title holds every word come first, then
the other matches, each newest first; at most that many, it is ranked as before.
The limit is lowered so a handful of stories make a query common. SQLite and
PostgreSQL alike."""

import pytest
from django.core.paginator import Paginator
from django.test import Client

from migrantscount.stories import search_index
from migrantscount.stories.models import Story

from .test_search_index import _live

pytestmark = pytest.mark.django_db


def _found(query: str, language: str = "en") -> list[Story]:
    stories = Story.objects.public_in(language)
    return list(stories.matching(query, language=language))


def _repeated_and_plain(**fields: str) -> tuple[Story, Story]:
    # Both titles hold the word; the older story's text repeats it, so ranking puts
    # the older first and newest-first the newer.
    repeated = _live("Nurse", "nurse nurse nurse nurse cares", **fields)
    plain = _live("Nurse", "one two three four cares", **fields)
    return repeated, plain


def test_a_common_query_lists_title_matches_then_the_rest_newest_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 3)
    title_old = _live("A nurse in Lima", "Nights at the hospital.")
    text_old = _live("Nights", "I work as a nurse in Lima, nurse of nurses.")
    half_title = _live("A nurse", "Twenty years in Lima.")  # one word only in the title
    _live("A baker in Lima", "Bread.")
    title_new = _live("Lima nurses", "Days.")
    text_new = _live("Days", "A nurse in Lima.")
    expected = [title_new, title_old, text_new, half_title, text_old]
    results = Story.objects.public_in("en").matching("nurse lima", language="en")
    assert list(results) == expected
    assert results.count() == 5
    assert _found("nurse") == [title_new, half_title, title_old, text_new, text_old]


def test_a_rare_query_is_ranked_as_before_up_to_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repeated, plain = _repeated_and_plain()
    _live("Baker", "Bread.")
    assert _found("nurse") == [repeated, plain]  # the default limit
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 2)  # two matches: at most
    results = Story.objects.public_in("en").matching("nurse", language="en")
    assert list(results) == [repeated, plain] and results.count() == 2
    assert list(results[1:]) == [plain]
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 1)  # above it
    results = Story.objects.public_in("en").matching("nurse", language="en")
    assert list(results) == [plain, repeated] and results.count() == 2


def test_every_page_of_a_common_query_across_the_two_groups(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 2)
    stories = []
    for number in range(7):
        if number in (1, 4, 5):
            stories.append(_live(f"Nurse {number}", "Hospital."))
        else:
            stories.append(_live(f"Story {number}", "I am a nurse."))
    _live("Baker", "Bread.")
    titles = [stories[5], stories[4], stories[1]]
    expected = titles + [stories[6], stories[3], stories[2], stories[0]]
    results = Story.objects.public_in("en").matching("nurse", language="en")
    assert results.count() == 7
    for start in range(9):
        for stop in range(start, 10):
            # A fresh search each time: the page decides the order on its own.
            fresh = Story.objects.public_in("en").matching("nurse", language="en")
            page = fresh[start:stop]
            assert list(page) == expected[start:stop], (start, stop)
            assert page.count() == len(expected[start:stop]), (start, stop)
        fresh = Story.objects.public_in("en").matching("nurse", language="en")
        assert list(fresh[start:]) == expected[start:], start
    for size in (2, 3, 4):
        paginator = Paginator(results, size)
        pages = [list(paginator.page(n)) for n in paginator.page_range]
        assert [story for page in pages for story in page] == expected
        assert paginator.count == 7


def test_the_filters_are_kept_and_counted_in_a_common_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 1)
    health_text = _live("Nights", "A nurse.", sector="health", sdgs="3,8")
    _live("Nurse in Lima", "Hospital.", sector="education", sdgs="3")
    health_title = _live("Nurse in Quito", "Hospital.", sector="health", sdgs="3")
    _live("Days", "A nurse.", sector="health", origin_country="HTI", sdgs="3")
    health_new = _live("Nurse in Cali", "Hospital.", sector="health", sdgs="8,3")
    _live("Nurse in Bogota", "Hospital.", sector="health", sdgs="8")
    stories = (
        Story.objects.public_in("en")
        .filter(sector="health", origin_country="VEN")
        .with_sdg(3)
    )
    results = stories.matching("nurse", language="en")
    assert list(results) == [health_new, health_title, health_text]
    assert results.count() == 3 and results[1:].count() == 2
    assert list(results[2:]) == [health_text]


def test_the_limit_counts_the_matches_the_filters_keep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 2)
    repeated, plain = _repeated_and_plain(sector="health")
    for number in range(3):
        _live(f"Nurse {number}", "Hospital.", sector="education")
    health = Story.objects.public_in("en").filter(sector="health")
    # Two health matches of five: ranked; all five: common, newest first.
    assert list(health.matching("nurse", language="en")) == [repeated, plain]
    assert _found("nurse")[3:] == [plain, repeated]


def test_a_common_query_across_languages_is_title_first_in_every_language(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 2)
    spanish_title = _live("Enfermera en Lima", "Trabajo de noche.", language="es")
    english_text = _live("Nights", "An enfermera friend.", language="en")
    french_title = _live("Enfermera", "La nuit.", language="fr")
    spanish_text = _live("Noches", "Soy enfermeras.", language="es")
    _live("Panadera", "Pan.", language="pt")
    results = Story.objects.public().matching("enfermera", language=None)
    expected = [french_title, spanish_title, spanish_text, english_text]
    assert list(results) == expected and results.count() == 4
    answer = client.get("/api/v1/stories/?q=enfermera").json()
    assert [row["title"] for row in answer["results"]] == [
        story.title for story in expected
    ]


def test_common_words_few_stories_hold_together_are_ranked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 2)
    repeated = _live("Nurse", "nurse nurse nurse nurse cares in Lima")
    plain = _live("Nurse", "one two three four cares in Lima")
    _live("Nurse", "In Quito.")
    _live("Baker", "In Lima.")
    # Three stories hold "nurse", three "lima", two both: at most the limit.
    results = Story.objects.public_in("en").matching("nurse lima", language="en")
    assert list(results) == [repeated, plain] and results.count() == 2
    assert _found("nurse quito zzz") == []


def test_a_word_the_vocabulary_may_spell_otherwise_is_still_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "ø" has no decomposition: the analysis keeps it, FTS5's tokenizer may not.
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 1)
    first = _live("Søren", "A nurse.")
    second = _live("Nights", "Søren, a nurse.")
    third = _live("Søren again", "A baker.")
    assert _found("søren") == [third, first, second]
    monkeypatch.setattr(search_index, "RANK_ALL_LIMIT", 3)
    assert set(_found("søren")) == {first, second, third}
