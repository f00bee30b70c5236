"""Surveys in the page cache (the home pages' link goes when the wave closes; the form
is never kept) and in the admin (waves as snippets, results while open)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from migrantscount.analytics.models.surveys import SurveyWave
from migrantscount.core import page_cache
from migrantscount.core.tests.factories import UserFactory
from migrantscount.core.tests.test_page_cache import call

from . import survey_factories as factories


@pytest.fixture
def cached_site(settings: Any, tmp_path: Any) -> Any:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from migrantscount.pages.tests.factories import build_site_tree

    log = str(tmp_path / "purges.log")
    settings.MIGRANTSCOUNT_PAGE_CACHE_PURGE_LOG = log
    settings.ALLOWED_HOSTS = ["testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    build_site_tree()
    yield page_cache.PageCache(WSGIHandler(), max_bytes=8 * 1024 * 1024, purge_log=log)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db(transaction=True)
def test_closing_a_wave_removes_the_home_pages_link_at_once(cached_site: Any) -> None:
    wave = factories.wave()
    first = call(cached_site, "/es/")
    assert first.code == 200 and wave.url_in("es").encode() in first.body
    assert call(cached_site, "/es/").header("X-Page-Cache") == "hit"

    wave.closes_at = timezone.now() - timedelta(seconds=1)
    wave.save()

    again = call(cached_site, "/es/")
    assert again.header("X-Page-Cache") == "miss"
    assert wave.url_in("es").encode() not in again.body
    assert b'id="survey-call"' not in again.body


@pytest.mark.django_db(transaction=True)
def test_the_form_is_never_kept_by_the_page_cache(cached_site: Any) -> None:
    wave = factories.wave()
    first = call(cached_site, wave.url_in("es"))
    second = call(cached_site, wave.url_in("es"))
    assert first.code == second.code == 200
    assert second.header("X-Page-Cache") != "hit"
    assert first.body != second.body  # each form carries its own token


@pytest.mark.django_db
def test_an_editor_sees_waves_and_their_results_in_the_admin() -> None:
    wave = factories.wave(treatment=SurveyWave.Treatment.NONE)
    factories.responses(wave, factories.random_answers(15, seed=9))
    client = Client()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    listing = client.get("/admin/snippets/analytics/surveywave/")
    assert listing.status_code == 200
    assert f"/admin/surveys/{wave.pk}/results/" in listing.content.decode()
    assert client.get("/admin/snippets/analytics/surveywave/add/").status_code == 200
    results = client.get(f"/admin/surveys/{wave.pk}/results/")
    page = results.content.decode()
    assert results.status_code == 200
    assert "not public yet" in page and "15" in page
    # Not for people who may not change waves.
    other = Client()
    other.force_login(UserFactory.create(is_staff=True))
    assert other.get(f"/admin/surveys/{wave.pk}/results/").status_code in (302, 403)
