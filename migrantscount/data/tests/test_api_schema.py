"""Property tests of the open data API against its own OpenAPI description.

schemathesis reads the schema from the project's WSGI application, generates
requests from it (valid and invalid query parameters) and checks every response: no
server error, a status code and content type the schema declares, a body that
matches it, valid input accepted and invalid input refused.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from migrantscount.data.services.imports import import_file
from migrantscount.data.services.reference import load_reference_data
from migrantscount.data.sources.base import FILES_DIR

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]
SMALL_FILES = [
    # WDI Excel: countries and aggregates, about 9,000 observations.
    FILES_DIR / "wdi_remittances/personal-remittances-paid.xls",
    # RPW DataBank corridors, about 10,000 costs.
    FILES_DIR / "remittance_prices/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv",
]
# A few rows in the layout of the shipped gdiviz file (its name is in the manifest).
STOCKS_CSV = """to,from,t,sex,v
USA,MEX,2020,Male,5900000
USA,MEX,2020,Female,5000000
USA,XXX,2020,Male,1000
MEX,USA,2015,Female,400000
COL,VEN,2020,Male,900000
"""


# Read at collection time: the schema endpoint touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def seeded(db: None, tmp_path: Path) -> Iterator[None]:
    """A little real data; the WSGI requests share the test's transaction.

    A WSGI request closes the connection when it ends, which would end the test's
    transaction; Django's own test client unhooks the same two signals.
    """
    load_reference_data()
    stocks = tmp_path / "gdiviz_stocks_converted.csv"
    stocks.write_text(STOCKS_CSV, encoding="utf-8")
    for path in [*SMALL_FILES, stocks]:
        import_file(path)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_behaves_as_its_schema_says(case: Any, seeded: None) -> None:
    case.call_and_validate(checks=CHECKS)
