"""Time importing every shipped data file against just reading the same files.

Import = detect + read + resolve + write, each file in its own transaction, into a
fresh SQLite database. Parse = the same files read by pandas (CSV, .xls) and openpyxl
(.xlsx, every cell of every sheet), with nothing else done: the baseline issue 4
defines, kept although the import itself reads .xlsx with python-calamine.

The machine is shared, so the whole measurement (parse and import of every file) is
repeated --repeat times (default 3), each time in a new process on a fresh copy of
the migrated database, and the medians of import_s and parse_s are compared.
Times are wall-clock; the process CPU times are printed beside them, as other
jobs on the machine inflate wall time (CPU time leaves out waiting for the disk).
Last line: import_s=… parse_s=… import_ratio=…
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULT_PREFIX = "import_s="


def setup_django(database: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migrantscount.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("TEST_DATABASE_URL", None)
    import django

    django.setup()


def bare_parse(path: Path) -> None:
    import openpyxl
    import pandas as pd

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


def migrated_template(directory: Path) -> Path:
    """A migrated database holding the reference data (countries), made once."""
    template = directory / "template.sqlite3"
    setup_django(template)
    from django.core.management import call_command
    from django.db import connection

    from migrantscount.data.services.reference import load_reference_data

    call_command("migrate", verbosity=0, skip_checks=True)
    load_reference_data()
    connection.close()  # checkpoints the WAL into the file that runs copy
    return template


def measure(template: Path, *, verbose: bool) -> None:
    """One run, in its own process: parse then import each file, in order."""
    database = template.with_name(f"run-{os.getpid()}.sqlite3")
    shutil.copyfile(template, database)
    setup_django(database)
    from migrantscount.data.management.commands.import_data import shipped_paths
    from migrantscount.data.services.imports import import_file

    paths = shipped_paths()
    parse_s = import_s = parse_cpu = import_cpu = 0.0
    records = 0
    for path in paths:
        start, start_cpu = time.perf_counter(), time.process_time()
        bare_parse(path)
        parsed = time.perf_counter() - start
        parse_cpu += time.process_time() - start_cpu
        start, start_cpu = time.perf_counter(), time.process_time()
        report = import_file(path)
        imported = time.perf_counter() - start
        import_cpu += time.process_time() - start_cpu
        parse_s += parsed
        import_s += imported
        records += report.records_written
        if verbose:
            print(
                f"{path.name}: parse {parsed:.2f}s import {imported:.2f}s "
                f"({report.records_written} records)"
            )
    if verbose:
        start = time.perf_counter()
        for path in paths:
            import_file(path)
        rerun_s = time.perf_counter() - start
        print(f"re-run of all files (unchanged, skipped by SHA-256): {rerun_s:.2f}s")
        print(f"records={records} files={len(paths)} db=sqlite")
    print(
        f"{RESULT_PREFIX}{import_s:.3f} parse_s={parse_s:.3f} "
        f"import_cpu_s={import_cpu:.3f} parse_cpu_s={parse_cpu:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--template", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--verbose", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.template:
        measure(args.template, verbose=args.verbose)
        return
    template = migrated_template(Path(tempfile.mkdtemp(prefix="bench-import-")))
    runs = []
    for run in range(args.repeat):
        command = [sys.executable, __file__, "--template", str(template)]
        output = subprocess.run(
            command + (["--verbose"] if run == 0 else []),
            check=True,
            stdout=subprocess.PIPE,  # errors go to this process's stderr
            text=True,
        ).stdout.splitlines()
        for line in output[:-1]:
            print(line)
        import_s, parse_s, import_cpu, parse_cpu = (
            float(part.split("=")[1]) for part in output[-1].split()
        )
        runs.append((import_s, parse_s, import_cpu, parse_cpu))
        print(
            f"run {run + 1}: import_s={import_s:.2f} parse_s={parse_s:.2f} "
            f"ratio={import_s / parse_s:.2f} (CPU: {import_cpu:.2f} / {parse_cpu:.2f} "
            f"= {import_cpu / parse_cpu:.2f})"
        )
    import_s, parse_s, import_cpu, parse_cpu = (
        statistics.median(run[index] for run in runs) for index in range(4)
    )
    print(
        f"runs={args.repeat}, medians; CPU: import_cpu_s={import_cpu:.2f} "
        f"parse_cpu_s={parse_cpu:.2f} cpu_ratio={import_cpu / parse_cpu:.2f}"
    )
    print(
        f"import_s={import_s:.2f} parse_s={parse_s:.2f} "
        f"import_ratio={import_s / parse_s:.2f}"
    )


if __name__ == "__main__":
    main()
