"""Open data API (/api/v1/): countries, indicators, observations, bilateral stocks,
corridor costs. Current vintages unless a vintage is asked for."""

import re
from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from migrantscount.api.common import PublicReadView, query_params
from migrantscount.api.schema import read_responses
from migrantscount.core.lib.languages import language_codes

from .models import (
    BilateralStock,
    CorridorCost,
    Country,
    DatasetVintage,
    Indicator,
    Observation,
    Sex,
)

MAX_ID = 2**63 - 1  # the largest id any of the databases stores
# Codes (ISO3, indicator, aggregate) separated by commas, at least one code character.
CODE_LIST_PATTERN = r"^[A-Za-z0-9._, -]*[A-Za-z0-9._-][A-Za-z0-9._, -]*$"
PERIOD_PATTERN = r"^[0-9]{4}Q[1-4]$"
ISO3_LIST = "ISO3 codes, comma-separated."
A_VINTAGE = "A vintage id; the current vintage by default."


def _pattern_field(pattern: str, help_text: str) -> serializers.RegexField:
    """An optional filter that accepts exactly what the schema's pattern accepts:
    ECMA-262's `$` allows no final newline and its `\\d` only ASCII digits
    (drf-spectacular writes `\\Z` as `$` in the schema)."""
    return serializers.RegexField(
        re.compile(pattern.removesuffix("$") + r"\Z", re.ASCII),
        required=False,
        trim_whitespace=False,
        help_text=help_text,
    )


def _year_field(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text=help_text
    )


def _vintage_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=A_VINTAGE
    )


def _codes(value: str) -> list[str]:
    return [code.strip().upper() for code in value.split(",") if code.strip()]


def validated(
    input_class: type[serializers.Serializer], request: Request
) -> dict[str, Any]:
    """The query parameters checked by a view's Input serializer (400 if invalid)."""
    params = input_class(data=query_params(request))
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


def current_rows(
    model: type[BilateralStock] | type[CorridorCost],
    data: dict[str, Any],
    *,
    filters: dict[str, str],
    related: tuple[str, ...],
) -> QuerySet[Any]:
    """Rows of the current vintages, narrowed by each parameter given: `filters`
    maps a parameter to its lookup; an `__in` lookup takes a comma-separated list."""
    vintage = data.get("vintage")
    queryset = model.objects.filter(
        **({"vintage_id": vintage} if vintage else {"vintage__is_current": True})
    ).select_related(*related, "vintage__dataset")
    for name, lookup in filters.items():
        value = data.get(name)
        if value:
            argument = _codes(value) if lookup.endswith("__in") else value
            queryset = queryset.filter(**{lookup: argument})
    return queryset


class VintageSerializer(serializers.Serializer):
    """The edition of the publisher's file the figure was read from."""

    # Enough to find and check that file.

    id = serializers.IntegerField()
    # "label" and "source" are field names of the API; the DRF stubs give those
    # names to Field attributes (a serializer is a field), hence the ignores.
    label = serializers.CharField()  # type: ignore[assignment]
    date = serializers.DateField(source="vintage_date")
    # The file does not state it and no data officer has confirmed it yet.
    date_is_provisional = serializers.BooleanField(source="has_provisional_date")
    is_current = serializers.BooleanField()
    dataset = serializers.CharField(source="dataset.slug")
    publisher = serializers.SerializerMethodField()
    licence = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    file_name = serializers.CharField()
    sha256 = serializers.RegexField(r"^[0-9a-f]{64}$")
    imported_at = serializers.DateTimeField()

    # What the edition's file states (an extract credits its publisher "via" …).
    def get_publisher(self, vintage: DatasetVintage) -> str:
        return vintage.publisher or vintage.dataset.publisher

    def get_licence(self, vintage: DatasetVintage) -> str:
        return vintage.licence or vintage.dataset.licence

    def get_citation(self, vintage: DatasetVintage) -> str:
        return vintage.citation or vintage.dataset.citation

    def get_url(self, vintage: DatasetVintage) -> str:
        return vintage.url or vintage.dataset.url


class SourceCellSerializer(serializers.Serializer):
    """Where the figure was read in the publisher's file."""

    sheet = serializers.CharField(source="source_sheet")
    row = serializers.IntegerField(source="source_row")
    column = serializers.CharField(source="source_column")


class CountryNamesSerializer(serializers.Serializer):
    en = serializers.CharField()
    es = serializers.CharField()
    fr = serializers.CharField()
    pt = serializers.CharField()


class IndicatorSourceSerializer(serializers.Serializer):
    dataset = serializers.CharField()
    publisher = serializers.CharField()
    name = serializers.CharField()
    licence = serializers.CharField()
    citation = serializers.CharField()
    caveats = serializers.CharField()
    url = serializers.CharField()
    note = serializers.CharField()
    current_vintage = VintageSerializer(allow_null=True)


class CountryListApi(PublicReadView):
    class Input(serializers.Serializer):
        oas = serializers.BooleanField(
            required=False, help_text="true: OAS member states only."
        )

    @extend_schema_serializer(component_name="Country")
    class Output(serializers.Serializer):
        iso2 = serializers.CharField()
        iso3 = serializers.CharField()
        m49 = serializers.IntegerField()
        name = serializers.CharField()
        names = serializers.SerializerMethodField()
        is_oas_member = serializers.BooleanField()
        oas_language = serializers.CharField()
        latitude = serializers.FloatField(allow_null=True)
        longitude = serializers.FloatField(allow_null=True)

        @extend_schema_field(CountryNamesSerializer)
        def get_names(self, country: Country) -> dict[str, str]:
            return {code: country.name_in(code) for code in language_codes()}

    @extend_schema(
        summary="ISO 3166 countries with names in four languages",
        operation_id="listCountry",
        description="Each country's ISO and M49 codes, names in en, es, fr and pt, "
        "OAS membership and language, and a point to place it on a map.",
        parameters=[Input],
        responses=read_responses(Output(many=True)),
    )
    def get(self, request: Request) -> Response:
        params = validated(self.Input, request)
        countries = Country.objects.order_by("iso3")
        if "oas" in params:
            countries = countries.filter(is_oas_member=params["oas"])
        return self.paginate(request, countries, self.Output)


class IndicatorListApi(PublicReadView):
    @extend_schema_serializer(component_name="Indicator")
    class Output(serializers.Serializer):
        code = serializers.CharField()
        name = serializers.CharField(source="display_name")
        definition = serializers.CharField()
        unit = serializers.CharField()
        source = serializers.SerializerMethodField()  # type: ignore[assignment]

        @extend_schema_field(IndicatorSourceSerializer)
        def get_source(self, indicator: Indicator) -> dict[str, Any]:
            dataset = indicator.dataset
            # The edition the indicator's figures are read from (CurrentSeries): the
            # dataset's current one, or an earlier one where it has no figure of the
            # indicator (Rev.2024 has no refugees table: IMS.REFUGEES is Rev.2020's).
            series = getattr(indicator, "current_series", None)
            current = series.vintage if series is not None else None
            return {
                "dataset": dataset.slug,
                "publisher": dataset.publisher,
                "name": dataset.name,
                "licence": dataset.licence,
                "citation": dataset.citation,
                "caveats": dataset.caveats,
                "url": dataset.url,
                "note": indicator.source_note,
                "current_vintage": VintageSerializer(current).data if current else None,
            }

    @extend_schema(
        summary="Indicators with definitions and sources",
        operation_id="listIndicator",
        description="Each indicator's definition, unit and source, with the edition "
        "its figures are read from (source.current_vintage).",
        responses=read_responses(Output(many=True)),
    )
    def get(self, request: Request) -> Response:
        indicators = Indicator.objects.select_related(
            "dataset", "current_series__vintage__dataset"
        )
        return self.paginate(request, indicators.order_by("code"), self.Output)


class ObservationListApi(PublicReadView):
    class Input(serializers.Serializer):
        indicator = _pattern_field(
            CODE_LIST_PATTERN, "Indicator codes, comma-separated."
        )
        country = _pattern_field(CODE_LIST_PATTERN, ISO3_LIST)
        aggregate = _pattern_field(
            CODE_LIST_PATTERN, "Aggregate codes, comma-separated."
        )
        year_from = _year_field("First year.")
        year_to = _year_field("Last year.")
        sex = serializers.ChoiceField(
            choices=Sex.choices, required=False, help_text="T, M or F."
        )
        vintage = _vintage_field()

    @extend_schema_serializer(component_name="Observation")
    class Output(serializers.Serializer):
        indicator = serializers.CharField(source="indicator.code")
        # allow_null: for the schema; a figure has a country or an aggregate.
        country = serializers.CharField(
            source="country.iso3", default=None, allow_null=True
        )
        aggregate = serializers.CharField(
            source="aggregate.code", default=None, allow_null=True
        )
        aggregate_name = serializers.CharField(
            source="aggregate.name", default=None, allow_null=True
        )
        year = serializers.IntegerField()
        period = serializers.CharField()
        sex = serializers.ChoiceField(choices=Sex.choices)
        value = serializers.FloatField(allow_null=True)
        is_estimate = serializers.BooleanField()
        not_meaningful = serializers.BooleanField()
        note = serializers.CharField()
        vintage = VintageSerializer()
        source = SourceCellSerializer(source="*")  # type: ignore[assignment]

    @extend_schema(
        summary="Figures by indicator, country or aggregate and year",
        operation_id="listObservation",
        description="Current vintages unless a vintage is asked for; codes may be comma-separated.",
        parameters=[Input],
        responses=read_responses(Output(many=True)),
    )
    def get(self, request: Request) -> Response:
        params = validated(self.Input, request)
        return self.paginate(request, observations(**params), self.Output)


def observations(
    *,
    indicator: str = "",
    country: str = "",
    aggregate: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    sex: str = "",
    vintage: int | None = None,
) -> QuerySet[Observation]:
    queryset = Observation.objects.select_related(
        "indicator", "country", "aggregate", "vintage__dataset"
    )
    queryset = queryset.filter(vintage_id=vintage) if vintage else queryset.current()
    if indicator:
        queryset = queryset.filter(indicator__code__in=_codes(indicator))
    if country:
        queryset = queryset.filter(country__iso3__in=_codes(country))
    if aggregate:
        queryset = queryset.filter(aggregate__code__in=_codes(aggregate))
    if year_from is not None:
        queryset = queryset.filter(year__gte=year_from)
    if year_to is not None:
        queryset = queryset.filter(year__lte=year_to)
    if sex:
        queryset = queryset.filter(sex=sex)
    return queryset.order_by(
        "indicator__code", "country__iso3", "aggregate__code", "year", "period", "sex"
    )


class BilateralStockListApi(PublicReadView):
    class Input(serializers.Serializer):
        origin = _pattern_field(CODE_LIST_PATTERN, ISO3_LIST)
        destination = _pattern_field(CODE_LIST_PATTERN, ISO3_LIST)
        year = _year_field("Year.")
        sex = serializers.ChoiceField(
            choices=Sex.choices,
            required=False,
            help_text="T, M or F: an edition publishes both sexes (T, as Rev.2024), "
            "or males and females (M, F; total = M + F, as Rev.2020).",
        )
        vintage = _vintage_field()

    @extend_schema_serializer(component_name="BilateralStock")
    class Output(serializers.Serializer):
        origin = serializers.CharField(
            source="origin.iso3",
            default="OTHER",
            help_text="ISO3, or OTHER for unknown origin",
        )
        destination = serializers.CharField(source="destination.iso3")
        year = serializers.IntegerField()
        sex = serializers.ChoiceField(choices=Sex.choices)
        value = serializers.FloatField()
        vintage = VintageSerializer()
        source = SourceCellSerializer(source="*")  # type: ignore[assignment]

    @extend_schema(
        summary="Migrant stock by origin and destination",
        operation_id="listBilateralStock",
        description="Current vintages unless a vintage is asked for; codes may be comma-separated.",
        parameters=[Input],
        responses=read_responses(Output(many=True)),
    )
    def get(self, request: Request) -> Response:
        stocks = current_rows(
            BilateralStock,
            validated(self.Input, request),
            filters={
                "origin": "origin__iso3__in",
                "destination": "destination__iso3__in",
                "year": "year",
                "sex": "sex",
            },
            related=("origin", "destination"),
        )
        ordered = stocks.order_by("destination__iso3", "origin__iso3", "year", "sex")
        return self.paginate(request, ordered, self.Output)


class CorridorCostListApi(PublicReadView):
    class Input(serializers.Serializer):
        sending = _pattern_field(CODE_LIST_PATTERN, ISO3_LIST)
        receiving = _pattern_field(CODE_LIST_PATTERN, ISO3_LIST)
        year = _year_field("Year.")
        period = _pattern_field(PERIOD_PATTERN, "Quarter such as 2020Q3.")

    @extend_schema_serializer(component_name="CorridorCost")
    class Output(serializers.Serializer):
        sending = serializers.CharField(source="sending.iso3")
        receiving = serializers.CharField(source="receiving.iso3")
        period = serializers.CharField()
        year = serializers.IntegerField()
        quarter = serializers.IntegerField()
        cost_percent = serializers.FloatField()
        amount_usd = serializers.IntegerField()
        vintage = VintageSerializer()
        source = SourceCellSerializer(source="*")  # type: ignore[assignment]

    @extend_schema(
        summary="Cost of sending USD 200 per corridor (% of amount)",
        operation_id="listCorridorCost",
        description="Current vintages; codes may be comma-separated.",
        parameters=[Input],
        responses=read_responses(Output(many=True)),
    )
    def get(self, request: Request) -> Response:
        costs = current_rows(
            CorridorCost,
            validated(self.Input, request),
            filters={
                "sending": "sending__iso3__in",
                "receiving": "receiving__iso3__in",
                "year": "year",
                "period": "period",
            },
            related=("sending", "receiving"),
        )
        ordered = costs.order_by("sending__iso3", "receiving__iso3", "year", "quarter")
        return self.paginate(request, ordered, self.Output)


urlpatterns = [
    path("countries/", CountryListApi.as_view(), name="countries"),
    path("indicators/", IndicatorListApi.as_view(), name="indicators"),
    path("observations/", ObservationListApi.as_view(), name="observations"),
    path("bilateral-stocks/", BilateralStockListApi.as_view(), name="bilateral_stocks"),
    path("corridor-costs/", CorridorCostListApi.as_view(), name="corridor_costs"),
]
