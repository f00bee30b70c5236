"""The OpenAPI 3.0 description of the open data API, written by hand so it stays
stable and readable; tests check it against the routes."""

from typing import Any

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
NULLABLE_STRING = {"type": "string", "nullable": True}
YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}
MAX_ID = 2**63 - 1  # the largest id any of the databases stores
# Codes (ISO3, indicator, aggregate) separated by commas, at least one code character.
CODE_LIST_PATTERN = r"^[A-Za-z0-9._, -]*[A-Za-z0-9._-][A-Za-z0-9._, -]*$"
CODE_LIST = {"type": "string", "pattern": CODE_LIST_PATTERN}
PERIOD_PATTERN = r"^[0-9]{4}Q[1-4]$"


def _query(
    name: str, description: str, schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        # An empty value (?country=) is refused like any other invalid value.
        "schema": schema or {"type": "string", "minLength": 1},
    }


COMMON_PARAMETERS = [
    _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    _query(
        "page_size",
        "Results per page (at most 1000).",
        {"type": "integer", "minimum": 1, "maximum": 1000},
    ),
    _query(
        "format", "json (default) or csv.", {"type": "string", "enum": ["json", "csv"]}
    ),
]
VINTAGE = {
    "type": "object",
    "description": "The edition of the publisher's file the figure was read from.",
    "properties": {
        "id": INTEGER,
        "label": STRING,
        "date": {"type": "string", "format": "date"},
        "date_is_provisional": BOOLEAN,
        "is_current": BOOLEAN,
        "dataset": STRING,
        "publisher": STRING,
        "licence": STRING,
        "citation": STRING,
        "url": STRING,
        "file_name": STRING,
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "imported_at": {"type": "string", "format": "date-time"},
    },
}
SOURCE_CELL = {
    "type": "object",
    "description": "Where the figure was read in the publisher's file.",
    "properties": {"sheet": STRING, "row": INTEGER, "column": STRING},
}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


SCHEMAS: dict[str, dict[str, Any]] = {
    "Country": _object(
        {
            "iso2": STRING,
            "iso3": STRING,
            "m49": INTEGER,
            "name": STRING,
            "names": _object(dict.fromkeys(("en", "es", "fr", "pt"), STRING)),
            "is_oas_member": BOOLEAN,
            "oas_language": STRING,
            "latitude": {"type": "number", "nullable": True},
            "longitude": {"type": "number", "nullable": True},
        }
    ),
    "Indicator": _object(
        {
            "code": STRING,
            "name": STRING,
            "definition": STRING,
            "unit": STRING,
            "source": _object(
                {
                    "dataset": STRING,
                    "publisher": STRING,
                    "name": STRING,
                    "licence": STRING,
                    "citation": STRING,
                    "caveats": STRING,
                    "url": STRING,
                    "note": STRING,
                    "current_vintage": {**VINTAGE, "nullable": True},
                }
            ),
        }
    ),
    "Observation": _object(
        {
            "indicator": STRING,
            "country": NULLABLE_STRING,
            "aggregate": NULLABLE_STRING,
            "aggregate_name": NULLABLE_STRING,
            "year": INTEGER,
            "period": STRING,
            "sex": {"type": "string", "enum": ["T", "M", "F"]},
            "value": {"type": "number", "nullable": True},
            "is_estimate": BOOLEAN,
            "not_meaningful": BOOLEAN,
            "note": STRING,
            "vintage": VINTAGE,
            "source": SOURCE_CELL,
        }
    ),
    "BilateralStock": _object(
        {
            "origin": {
                "type": "string",
                "description": "ISO3, or OTHER for unknown origin",
            },
            "destination": STRING,
            "year": INTEGER,
            "sex": {"type": "string", "enum": ["T", "M", "F"]},
            "value": NUMBER,
            "vintage": VINTAGE,
            "source": SOURCE_CELL,
        }
    ),
    "CorridorCost": _object(
        {
            "sending": STRING,
            "receiving": STRING,
            "period": STRING,
            "year": INTEGER,
            "quarter": INTEGER,
            "cost_percent": NUMBER,
            "amount_usd": INTEGER,
            "vintage": VINTAGE,
            "source": SOURCE_CELL,
        }
    ),
    "Error": _object(
        {
            "error": _object(
                {"status": INTEGER, "message": STRING, "details": {"type": "object"}}
            )
        }
    ),
}


def _list_operation(
    summary: str, schema: str, parameters: list[dict[str, Any]]
) -> dict[str, Any]:
    page = _object(
        {
            "count": INTEGER,
            "next": NULLABLE_STRING,
            "previous": NULLABLE_STRING,
            "results": {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/{schema}"},
            },
        }
    )
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {
        "get": {
            "summary": summary,
            "operationId": f"list{schema}",
            "parameters": parameters + COMMON_PARAMETERS,
            "responses": {
                "200": {
                    "description": "A page of results (CSV with format=csv).",
                    "content": {
                        "application/json": {"schema": page},
                        "text/csv": {"schema": STRING},
                    },
                },
                "400": {"description": "Invalid query parameters.", "content": error},
                "404": {"description": "No such page.", "content": error},
            },
        }
    }


ISO3_LIST = "ISO3 codes, comma-separated."


def openapi_schema() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Migrants Count open data API",
            "version": "1",
            "description": "Official migration and remittance figures with their source, "
            "vintage and the cell they were read from. Current vintages unless asked.",
            "license": {"name": "Figures: see each dataset's licence"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/countries/": _list_operation(
                "ISO 3166 countries with names in four languages",
                "Country",
                [_query("oas", "true: OAS member states only.", BOOLEAN)],
            ),
            "/indicators/": _list_operation(
                "Indicators with definitions and sources", "Indicator", []
            ),
            "/observations/": _list_operation(
                "Figures by indicator, country or aggregate and year",
                "Observation",
                [
                    _query("indicator", "Indicator codes, comma-separated.", CODE_LIST),
                    _query("country", ISO3_LIST, CODE_LIST),
                    _query("aggregate", "Aggregate codes, comma-separated.", CODE_LIST),
                    _query(
                        "year_from",
                        "First year.",
                        {"type": "integer", "minimum": 1900, "maximum": 2100},
                    ),
                    _query(
                        "year_to",
                        "Last year.",
                        {"type": "integer", "minimum": 1900, "maximum": 2100},
                    ),
                    _query(
                        "sex", "T, M or F.", {"type": "string", "enum": ["T", "M", "F"]}
                    ),
                    _query(
                        "vintage",
                        "A vintage id; the current vintage by default.",
                        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    ),
                ],
            ),
            "/bilateral-stocks/": _list_operation(
                "Migrant stock by origin and destination",
                "BilateralStock",
                [
                    _query("origin", ISO3_LIST, CODE_LIST),
                    _query("destination", ISO3_LIST, CODE_LIST),
                    _query("year", "Year.", YEAR),
                    _query(
                        "sex",
                        "T, M or F: an edition publishes both sexes (T, as "
                        "Rev.2024), or males and females (M, F; total = M + F, "
                        "as Rev.2020).",
                        {"type": "string", "enum": ["T", "M", "F"]},
                    ),
                    _query(
                        "vintage",
                        "A vintage id; the current vintage by default.",
                        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                    ),
                ],
            ),
            "/corridor-costs/": _list_operation(
                "Cost of sending USD 200 per corridor (% of amount)",
                "CorridorCost",
                [
                    _query("sending", ISO3_LIST, CODE_LIST),
                    _query("receiving", ISO3_LIST, CODE_LIST),
                    _query("year", "Year.", YEAR),
                    _query(
                        "period",
                        "Quarter such as 2020Q3.",
                        {"type": "string", "pattern": PERIOD_PATTERN},
                    ),
                ],
            ),
        },
        "components": {"schemas": SCHEMAS},
    }
