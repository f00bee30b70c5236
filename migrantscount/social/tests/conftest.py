"""Fixtures of the social tests."""

from .pds import local_pds, pds_account  # noqa: F401 (fixtures of the local Bluesky server)
from .testnet import testnet  # noqa: F401 (the engine's in-memory test network)
