"""Reading .xlsx workbooks with python-calamine, cell by cell as openpyxl gives them.

The readers' checks, provenance and error messages were written against openpyxl
(read-only, cached formula values). calamine reads the shipped workbooks about ten
times faster, and its rows are handed over in openpyxl's terms:
- an empty cell is None (calamine gives "");
- a whole number is an int (calamine gives a float), so a year header reads "1990";
- a date is a datetime at midnight (calamine gives a date).
calamine reads error cells (#N/A) as empty and ISO-8601 date cells in its own way,
so a workbook holding either is read by openpyxl instead: an error where a figure is
expected is still refused by name, never taken for a missing value.
"""

import datetime as dt
import zipfile
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import openpyxl
from python_calamine import CalamineWorkbook

from .base import DataImportError

Row = tuple[Any, ...]
# Cell types (the t attribute of <c>) that calamine reports otherwise than openpyxl.
OPENPYXL_CELL_TYPES = (b' t="e"', b" t='e'", b' t="d"', b" t='d'")
# Excel keeps 15 significant digits: a whole float below this was written as one.
LARGEST_WHOLE = 1e15


def _unreadable(error: Exception, file_name: str) -> DataImportError:
    return DataImportError(
        f"the workbook cannot be opened ({error.__class__.__name__})",
        file=file_name,
        expected="an Excel .xlsx workbook",
    )


def sheet_names(path: Path, file_name: str) -> list[str]:
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            return list(workbook.sheet_names)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is bad input
        raise _unreadable(error, file_name) from None


def first_row(path: Path, file_name: str) -> Row:
    """Row 1 of the first sheet, streamed (calamine would parse the whole sheet)."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is bad input
        raise _unreadable(error, file_name) from None
    try:
        sheet = workbook.worksheets[0]
        return next(sheet.iter_rows(max_row=1, values_only=True), ())
    finally:
        workbook.close()


def _needs_openpyxl(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name)
                if any(marker in xml for marker in OPENPYXL_CELL_TYPES):
                    return True
    return False


def _as_openpyxl(value: Any) -> Any:
    kind = type(value)
    if kind is float:
        if value.is_integer() and -LARGEST_WHOLE < value < LARGEST_WHOLE:
            return int(value)
        return value
    if kind is str:
        return value or None
    if kind is dt.date:
        return dt.datetime.combine(value, dt.time())  # naive, as openpyxl gives it
    return value


class Workbook:
    """An open workbook: its sheet names and, read once each, its sheets' rows."""

    def __init__(self, path: Path, file_name: str) -> None:
        self._rows: dict[str, list[Row]] = {}
        try:
            if _needs_openpyxl(path):
                self._openpyxl = openpyxl.load_workbook(
                    path, read_only=True, data_only=True
                )
                self._calamine = None
                self.sheetnames = list(self._openpyxl.sheetnames)
            else:
                self._openpyxl = None
                self._calamine = CalamineWorkbook.from_path(str(path))
                self.sheetnames = list(self._calamine.sheet_names)
        except Exception as error:  # noqa: BLE001 - any unreadable workbook is bad input
            raise _unreadable(error, file_name) from None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        if self._calamine is not None:
            self._calamine.close()
        if self._openpyxl is not None:
            self._openpyxl.close()

    def rows(self, sheet: str) -> list[Row]:
        """Every row from row 1, each from column A; the sheet must exist."""
        if sheet not in self._rows:
            if self._calamine is not None:
                cells = self._calamine.get_sheet_by_name(sheet).to_python(
                    skip_empty_area=False
                )
                self._rows[sheet] = [
                    tuple([_as_openpyxl(value) for value in row]) for row in cells
                ]
            else:
                self._rows[sheet] = list(
                    self._openpyxl[sheet].iter_rows(values_only=True)
                )
        return self._rows[sheet]
