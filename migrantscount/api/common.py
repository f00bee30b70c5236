"""What every public API endpoint shares: one pagination class, one error shape,
CSV output beside JSON and open CORS for reads."""

import csv
import io
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from .schema import PublicReadSchema, query_parameter


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request: Request) -> int:
        """A page_size that is not a whole number from 1 to 1000 is refused, not
        silently replaced, so that a client knows what it gets."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        field = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return int(field.run_validation(raw))
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError(
                {self.page_size_query_param: error.detail}
            ) from None

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            query_parameter(
                self.page_query_param,
                "Page number, from 1.",
                {"type": "integer", "minimum": 1},
            ),
            query_parameter(
                self.page_size_query_param,
                f"Results per page (at most {self.max_page_size}).",
                {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            ),
        ]

    def get_page_number(self, request: Request, paginator: Any) -> int:
        """A page that is not a whole number from 1 is refused (400); a page past
        the last one is not found (404)."""
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        try:
            return int(serializers.IntegerField(min_value=1).run_validation(raw))
        except exceptions.ValidationError as error:
            raise exceptions.ValidationError(
                {self.page_query_param: error.detail}
            ) from None


def query_params(request: Request) -> dict[str, str]:
    """The query string as a plain dict for an Input serializer.

    Given a QueryDict, DRF reads an empty value (?year=) as "not given", as for an
    HTML form; as a plain dict it is refused like any other invalid value.
    """
    return request.query_params.dict()


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = ";".join(str(item) for item in value)
        else:
            flat[name] = value
    return flat


class CSVRenderer(BaseRenderer):
    """The `results` of a page (or a list) as CSV; nested objects become a.b columns."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Any = None,
    ) -> bytes:
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        rows = [_flatten(row) for row in (data if isinstance(data, list) else [data])]
        columns: list[str] = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")


def error_body(status_code: int, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


def json_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        message, details = str(_("Invalid query parameters.")), response.data
    else:
        message, details = str(getattr(exc, "detail", exc)), None
    response.data = error_body(response.status_code, message, details)
    return response


class PublicReadView(APIView):
    """Read-only, anonymous, JSON or CSV (?format=csv), open to any origin."""

    http_method_names = ["get", "head", "options"]
    renderer_classes = [JSONRenderer, CSVRenderer]
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    # Read by drf-spectacular only: list responses are described as pages.
    pagination_class = Pagination
    schema = PublicReadSchema()

    def get_exception_handler(self):
        return json_exception_handler

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        """An unknown ?format= (even an empty one) is a 400 naming the formats."""
        requested = request.query_params.get("format")
        formats = [renderer.format for renderer in self.get_renderers()]
        if not force and requested is not None and requested not in formats:
            raise exceptions.ValidationError(
                {"format": [_("Use one of: %s.") % ", ".join(formats)]}
            )
        return super().perform_content_negotiation(request, force=force)

    def finalize_response(
        self, request: Request, response: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if (
            isinstance(response, Response)
            and response.status_code >= status.HTTP_400_BAD_REQUEST
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        return response

    def paginate(self, request: Request, queryset: Any, serializer: Any) -> Response:
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(serializer(page, many=True).data)
