"""Reading a file without writing: its format detected, its edition identified."""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ...sources import knomad, rpw, undesa, wdi, xlsx
from ...sources.base import (
    NO_PROGRESS,
    READING,
    DataImportError,
    Identity,
    ParsedFile,
    Progress,
    UnidentifiedFile,
)


class Reader(Protocol):
    def __call__(
        self, path: Path, file_name: str, *, progress: Progress = ...
    ) -> ParsedFile: ...


VINTAGE_FACTS = ("publisher", "licence", "citation", "caveats", "url")


# Readers of files that may not say which edition they are: a data officer's
# confirmed Identity is handed to them.
IDENTIFIABLE: tuple[Callable[..., ParsedFile], ...] = (
    undesa.read_ims_workbook,
    undesa.read_bilateral_extract,
    undesa.read_gdiviz_csv,
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _first_line(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.readline(4096).decode("utf-8", errors="replace")


def detect_reader(path: Path, file_name: str) -> Reader:
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        first = _first_line(path)
        if wdi.is_wdi_csv(first):
            return wdi.read_csv
        if rpw.is_rpw_csv(first):
            return rpw.read_csv
        if set(first.strip().lstrip("\ufeff").split(",")) == set(undesa.GDIVIZ_COLUMNS):
            return undesa.read_gdiviz_csv
        if file_name.startswith("Metadata_"):
            raise DataImportError(
                "this is a WDI metadata file; import the data file beside it",
                file=file_name,
                expected="a file named API_<code>_....csv",
            )
    elif suffix == ".xls":
        return wdi.read_xls
    elif suffix in {".xlsx", ".xlsm"}:
        sheet_names = xlsx.sheet_names(path, file_name)
        if undesa.is_ims_workbook(sheet_names):
            return undesa.read_ims_workbook
        if knomad.is_flows_workbook(sheet_names):
            return knomad.read_flows
        if knomad.is_matrix_workbook(sheet_names):
            return knomad.read_matrix
        if undesa.is_bilateral_extract(xlsx.first_row(path, file_name)):
            return undesa.read_bilateral_extract
        raise DataImportError(
            "no known layout matches the sheets of this workbook",
            file=file_name,
            expected="UN DESA 'Table 1'…, KNOMAD 'Inward/Outward remittance flows' or "
            f"'{knomad.MATRIX_SHEET}'",
            found=", ".join(sheet_names),
        )
    raise DataImportError(
        "the format of this file is not recognised",
        file=file_name,
        expected="a UN DESA, WDI, RPW or KNOMAD file (.csv, .xls, .xlsx)",
    )


def read_file(
    path: Path,
    *,
    file_name: str | None = None,
    progress: Progress = NO_PROGRESS,
    identity: Identity | None = None,
) -> ParsedFile:
    """Read without writing (used by the import and the benchmark)."""
    name = file_name or path.name
    if not path.exists():
        raise DataImportError("the file does not exist", file=name)
    progress.stage(READING)
    reader = detect_reader(path, name)
    if identity is None:
        return reader(path, name, progress=progress)
    if reader not in IDENTIFIABLE:
        raise DataImportError(
            "this file states its edition; it cannot be given another one",
            file=name,
            expected="a UN DESA workbook or extract that does not identify itself",
        )
    identifiable: Callable[..., ParsedFile] = reader
    return _with_identity(
        identifiable(path, name, progress=progress, identity=identity), identity
    )


def _with_identity(parsed: ParsedFile, identity: Identity) -> ParsedFile:
    """What the data officer confirmed replaces what the file suggested."""
    parsed.vintage_label = identity.label
    parsed.vintage_date = identity.vintage_date
    parsed.vintage_source = identity.vintage_source
    parsed.vintage_meta = {
        **parsed.vintage_meta,
        "licence": identity.licence,
        "citation": identity.citation,
        "url": identity.url,
    }
    return parsed


def proposal(parsed: ParsedFile, file_name: str) -> UnidentifiedFile:
    """A file whose release date the platform had to guess: the admin asks."""
    facts = vintage_facts(parsed)
    return UnidentifiedFile(
        "the file does not state when this edition was released",
        file=file_name,
        expected="a release date confirmed by a data officer",
        found=f"{parsed.vintage_label}, provisional date "
        f"{parsed.vintage_date.isoformat()}",
        proposed={
            "dataset": parsed.dataset_slug,
            "label": parsed.vintage_label,
            "vintage_date": parsed.vintage_date.isoformat(),
            "date_is_provisional": True,
            **{key: facts[key] for key in ("licence", "citation", "url")},
        },
        datasets=[parsed.dataset_slug],
    )


def vintage_facts(parsed: ParsedFile) -> dict[str, str]:
    """Publisher, licence, citation and caveats of this edition: what the file (or
    its manifest entry) states, else the dataset's."""
    return {
        name: parsed.vintage_meta.get(name) or parsed.dataset_meta.get(name, "")
        for name in VINTAGE_FACTS
    }
