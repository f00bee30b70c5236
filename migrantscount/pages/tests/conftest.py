import pytest

from .factories import build_site_tree


@pytest.fixture
def site_tree(db):  # type: ignore[no-untyped-def]
    return build_site_tree()
