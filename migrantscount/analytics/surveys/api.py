"""Closed survey waves in the open API (mounted by api/urls.py under /api/v1/):

- `surveys/`: every closed wave with its questionnaire, method and results;
- `surveys/<slug>/`: one of them;
- `surveys/<slug>/responses/`: its anonymous responses (open_data.py says what is
  left out), JSON or CSV (?format=csv).

An open wave has no results yet: it is not listed and its responses are not served.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from migrantscount.api.common import Pagination, PublicReadView
from migrantscount.api.schema import read_responses

from ..models.surveys import SurveyWave
from . import open_data
from .api_schema import (
    SurveyResponseSerializer,
    SurveyWaveDetailSerializer,
    SurveyWaveSerializer,
)


def _closed() -> QuerySet[SurveyWave]:
    return (
        SurveyWave.objects.closed_at()
        .select_related("previous_wave")
        .prefetch_related("texts", "countries", "campaign_items", "responses")
        .order_by("closes_at", "pk")
    )


def _urls(request: Request, wave: SurveyWave) -> dict[str, str]:
    def absolute(name: str) -> str:
        return request.build_absolute_uri(reverse(name, kwargs={"slug": wave.slug}))

    return {
        "self": absolute("api:survey_detail"),
        "responses": absolute("api:survey_responses"),
        "responses_csv": absolute("api:survey_responses") + "?format=csv",
        "page": request.build_absolute_uri(wave.url_in("en", "surveys:results")),
    }


def _closed_wave(slug: str) -> SurveyWave:
    wave = _closed().filter(slug=slug).first()
    if wave is None:
        raise Http404
    return wave


class SurveyListApi(PublicReadView):
    @extend_schema(
        summary="Closed perception survey waves",
        description="Every closed wave with its questionnaire, method and results; "
        "the page carries the method too (JSON only). An open wave is not listed.",
        operation_id="listSurveyWave",
        responses=read_responses(SurveyWaveSerializer(many=True)),
    )
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(_closed(), request, view=self) or []
        records = [
            open_data.wave_record(wave, urls=_urls(request, wave)) for wave in page
        ]
        response = paginator.get_paginated_response(records)
        if request.accepted_renderer.format != "csv":
            response.data["method"] = open_data.method()
        return response


class SurveyDetailApi(PublicReadView):
    @extend_schema(
        summary="One closed perception survey wave",
        operation_id="retrieveSurveyWave",
        responses=read_responses(
            SurveyWaveDetailSerializer,
            description="The wave (CSV with format=csv).",
            not_found="No closed wave with this slug.",
        ),
    )
    def get(self, request: Request, slug: str) -> Response:
        wave = _closed_wave(slug)
        record: dict[str, Any] = open_data.wave_record(wave, urls=_urls(request, wave))
        if request.accepted_renderer.format != "csv":
            record["method"] = open_data.method()
        return Response(record)


class SurveyResponsesApi(PublicReadView):
    @extend_schema(
        summary="The anonymous responses of a closed wave",
        description="A page of responses as JSON; with format=csv, all of them.",
        operation_id="listSurveyResponse",
        responses=read_responses(
            SurveyResponseSerializer(many=True),
            description="A page of responses (all of them as CSV with format=csv).",
            not_found="No closed wave with this slug, or no such page.",
        ),
    )
    def get(self, request: Request, slug: str) -> Response:
        wave = _closed_wave(slug)
        records = open_data.response_records(wave)
        if request.accepted_renderer.format == "csv":
            response = Response(records)
            response["Content-Disposition"] = (
                f'attachment; filename="survey-{wave.slug}-responses.csv"'
            )
            return response
        paginator = Pagination()
        # DRF's paginator pages any sequence; its stubs say QuerySet.
        rows: Any = records
        page = paginator.paginate_queryset(rows, request, view=self) or []
        return paginator.get_paginated_response(page)


urlpatterns = [
    path("surveys/", SurveyListApi.as_view(), name="surveys"),
    path("surveys/<slug:slug>/", SurveyDetailApi.as_view(), name="survey_detail"),
    path(
        "surveys/<slug:slug>/responses/",
        SurveyResponsesApi.as_view(),
        name="survey_responses",
    ),
]
