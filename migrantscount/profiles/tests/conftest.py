"""Profiles tests run over the real ISO reference data (249 countries, 35 OAS states).

Creating invented countries next to it clashes with its unique ISO codes whenever the
reference rows are already present, so tests use the reference countries instead.
"""

import pytest

from migrantscount.data.services.reference import load_reference_data


@pytest.fixture
def reference_countries(db) -> None:
    """Idempotent: a no-op when the reference rows are already loaded."""
    load_reference_data()
