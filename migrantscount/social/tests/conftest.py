"""Fixtures of the social tests."""

from collections.abc import Iterator

import pytest

from migrantscount.social.services import dispatch

from .oauthnet import oauthnet  # noqa: F401 (a test OAuth 2 network over HTTP)
from .pds import local_pds, pds_account  # noqa: F401 (fixtures of the local Bluesky server)
from .testnet import testnet  # noqa: F401 (the engine's in-memory test network)


@pytest.fixture(autouse=True)
def _forget_dispatch_holds() -> Iterator[None]:
    """Account ids repeat between tests (each rolls back): a hold this process
    remembered from one test must not reach the next."""
    dispatch.forget_holds()
    yield
    dispatch.forget_holds()
