from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from .common import PublicReadView, error_body
from .schema import openapi_schema

# (URL name, one-line description) of every endpoint, in the order a reader needs them.
ENDPOINTS = [
    ("countries", _("ISO 3166 countries with names in four languages; ?oas=true")),
    ("indicators", _("Indicators with definitions, units and sources")),
    (
        "observations",
        _("Figures by indicator, country or aggregate, year and sex"),
    ),
    (
        "bilateral_stocks",
        _("Migrant stock by origin and destination, year and sex"),
    ),
    ("corridor_costs", _("Cost of sending USD 200 in a corridor, % of the amount")),
    ("stories", _("Published migrants' stories")),
    (
        "surveys",
        _("Closed perception survey waves: questionnaire, method and results"),
    ),
    ("schema", _("OpenAPI 3 description of this API")),
]


class ApiRootApi(PublicReadView):
    """Index of the read-only API: each endpoint's URL and what it serves."""

    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="Index of the API",
        description="Each endpoint's URL and a one-line description of what it serves.",
        operation_id="apiRoot",
        responses={
            200: OpenApiResponse(
                inline_serializer(
                    "ApiRoot",
                    {
                        "version": serializers.CharField(),
                        "endpoints": serializers.DictField(
                            child=serializers.URLField()
                        ),
                        "descriptions": serializers.DictField(
                            child=serializers.CharField()
                        ),
                    },
                ),
                "The endpoints by name.",
            )
        },
    )
    def get(self, request: Request) -> Response:
        urls = {
            name: request.build_absolute_uri(reverse(f"api:{name}"))
            for name, _description in ENDPOINTS
        }
        return Response(
            {
                "version": "v1",
                "endpoints": urls,
                "descriptions": {name: str(text) for name, text in ENDPOINTS},
            }
        )


class SchemaApi(PublicReadView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="OpenAPI 3 description of this API",
        description="This document, generated from the API's views.",
        operation_id="openapiSchema",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, "An OpenAPI 3.0 document.")
        },
    )
    def get(self, request: Request) -> Response:
        return Response(openapi_schema())


def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Unknown paths under the API get the API's JSON error, not an HTML page."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(f"{request.path_info}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            target = f"{request.path}/" + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(target)
    body = error_body(
        404,
        str(_("There is no such API endpoint.")),
        {"endpoints": request.build_absolute_uri(reverse("api:root"))},
    )
    return JsonResponse(body, status=404, headers={"Access-Control-Allow-Origin": "*"})
