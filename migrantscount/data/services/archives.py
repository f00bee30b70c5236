"""The publisher's ZIP as downloaded (a WDI bulk CSV with its Metadata_ files): each
data file imported with its companions beside it, one transaction per file."""

import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from ..sources.base import NO_PROGRESS, Progress
from .imports import DataImportError, ImportReport, UnidentifiedFile, import_file

# Larger archives are refused before anything is extracted (a ZIP bomb's ratio).
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
DATA_SUFFIXES = {".csv", ".xls", ".xlsx", ".xlsm"}


def is_archive(file_name: str) -> bool:
    return Path(file_name).suffix.lower() == ".zip"


def _members(archive: zipfile.ZipFile, file_name: str) -> list[zipfile.ZipInfo]:
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and PurePosixPath(info.filename).suffix.lower() in DATA_SUFFIXES
        and not PurePosixPath(info.filename).name.startswith(".")
    ]
    if sum(info.file_size for info in members) > MAX_UNCOMPRESSED_BYTES:
        raise DataImportError(
            "the archive is too large once unpacked",
            file=file_name,
            expected=f"at most {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB of files",
        )
    names = [PurePosixPath(info.filename).name for info in members]
    if len(set(names)) != len(names):
        raise DataImportError(
            "the archive holds two files of the same name",
            file=file_name,
            expected="one file per name (the publisher's ZIP as downloaded)",
            found=", ".join(sorted(names)),
        )
    return members


def import_archive(
    path: Path,
    *,
    file_name: str,
    confirmed: bool = True,
    progress: Progress = NO_PROGRESS,
) -> list[ImportReport]:
    """Import every data file of a ZIP (its Metadata_ files are read beside them)."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise DataImportError(
            "the archive cannot be opened", file=file_name, expected="a ZIP file"
        ) from None
    with archive, tempfile.TemporaryDirectory() as folder:
        members = _members(archive, file_name)
        for info in members:
            # Only the base name: a member path never leaves the folder.
            target = Path(folder) / PurePosixPath(info.filename).name
            target.write_bytes(archive.read(info))
        data_files = sorted(
            Path(folder) / PurePosixPath(info.filename).name
            for info in members
            if not PurePosixPath(info.filename).name.startswith("Metadata_")
        )
        if not data_files:
            raise DataImportError(
                "the archive holds no data file",
                file=file_name,
                expected="a .csv, .xls or .xlsx file besides any Metadata_ files",
            )
        try:
            return [
                import_file(
                    data, file_name=data.name, confirmed=confirmed, progress=progress
                )
                for data in data_files
            ]
        except UnidentifiedFile as unknown:
            # The confirmation form is for one file: the job cannot say which
            # file of the archive an identity would belong to.
            raise DataImportError(
                f"{unknown.problem} (in the archive {file_name})",
                file=unknown.file,
                expected="this file uploaded on its own, so that its edition can be "
                "confirmed",
            ) from None
