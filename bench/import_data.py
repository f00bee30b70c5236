"""Time importing every shipped data file against just reading the same files.

Import = detect + read + resolve + write, each file in its own transaction, into a
fresh SQLite database. Parse = the same files read by pandas (CSV, .xls) and openpyxl
(.xlsx, every cell of every sheet), with nothing else done.
Last line: import_s=… parse_s=… import_ratio=…
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-import-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrantscount.settings.test")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.pop("TEST_DATABASE_URL", None)

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402

from migrantscount.data.management.commands.import_data import shipped_paths  # noqa: E402
from migrantscount.data.services.imports import import_file  # noqa: E402
from migrantscount.data.services.reference import load_reference_data  # noqa: E402


def bare_parse(path: Path) -> None:
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        workbook.close()
    elif path.suffix == ".xls":
        pd.read_excel(path, sheet_name=None, header=None)
    elif path.name.startswith("API_"):
        pd.read_csv(path, skiprows=4)
    else:
        pd.read_csv(path)


def main() -> None:
    call_command("migrate", verbosity=0, skip_checks=True)
    load_reference_data()
    paths = shipped_paths()
    parse_s = import_s = 0.0
    records = 0
    for path in paths:
        start = time.perf_counter()
        bare_parse(path)
        parsed = time.perf_counter() - start
        start = time.perf_counter()
        report = import_file(path)
        imported = time.perf_counter() - start
        parse_s += parsed
        import_s += imported
        records += report.records_written
        print(
            f"{path.name}: parse {parsed:.2f}s import {imported:.2f}s ({report.records_written} records)"
        )
    start = time.perf_counter()
    for path in paths:
        import_file(path)
    rerun_s = time.perf_counter() - start
    print(f"re-run of all files (unchanged, skipped by SHA-256): {rerun_s:.2f}s")
    print(
        f"records={records} files={len(paths)} db={os.environ['DATABASE_URL'].split(':')[0]}"
    )
    print(
        f"import_s={import_s:.2f} parse_s={parse_s:.2f} import_ratio={import_s / parse_s:.2f}"
    )


if __name__ == "__main__":
    main()
