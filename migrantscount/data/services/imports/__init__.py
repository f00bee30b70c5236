"""Import one official file: detect its format, read it, resolve areas, write it.

One transaction per file. A file whose SHA-256 is already stored is skipped, so a
re-run changes nothing. A vintage is current only while no newer one exists.

By stage: `reading` (format, edition), `areas` (countries and aggregates), `tables`
and `rows` (writing), `changes` (what a replacement would change), `importer` (the
file's transaction), `report` (what the import did).
"""

from ...sources.base import DataImportError, UnidentifiedFile
from .changes import ConfirmationNeeded
from .importer import import_file
from .reading import read_file
from .report import ImportReport

__all__ = [
    "ConfirmationNeeded",
    "DataImportError",
    "ImportReport",
    "UnidentifiedFile",
    "import_file",
    "read_file",
]
