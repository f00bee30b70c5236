"""Admin imports run by a real task worker (`manage.py worker`, a process of its
own) on a database the test shares with it: a file copy of the SQLite test database
(the test's own connection is moved to it), or the PostgreSQL test database.

The worker reports its progress while it imports a shipped file, and a worker
killed with SIGKILL in the middle of the file's transaction leaves nothing half
imported: the figures are those from before, the stuck-job sweep re-queues the job
once its time is up, and the re-run imports the whole file.
"""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection as db_connection
from django.utils import timezone

from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.models import (
    BilateralStock,
    Dataset,
    DatasetVintage,
    ImportJob,
    Observation,
)
from migrantscount.data.services import jobs
from migrantscount.data.services.imports import import_file
from migrantscount.data.services.reference import load_reference_data

ROOT = Path(__file__).resolve().parents[3]
EXTRACT = (
    SHIPPED_DIR
    / "undesa_migrant_stock_2024"
    / "undesa_2024_ims_destination_and_origin_table1_both_sexes_extract.xlsx"
)
ORIGIN = (
    SHIPPED_DIR
    / "undesa_migrant_stock_2024"
    / "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx"
)
EXTRACT_STOCKS = 76_575
EXTRACT_ROWS = 28_030
POLL_SECONDS = 0.02


def _postgres_url() -> str:
    settings = db_connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}"
        f"/{settings['NAME']}"
    )


@pytest.fixture
def worker_env(transactional_db, settings, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a worker process sharing the test's database."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    # The test enqueues into the database queue the worker reads.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "migrantscount.data.tests.worker_settings",
        "MEDIA_ROOT": str(media),
    }
    if db_connection.vendor == "postgresql":
        yield {**env, "TEST_DATABASE_URL": _postgres_url()}
        return
    # SQLite's test database lives in memory: copy it (schema, seeded rows) to a
    # file, in WAL mode as in production, and move the test's connection there.
    path = tmp_path / "db.sqlite3"
    db_connection.ensure_connection()
    memory = db_connection.connection
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    name = db_connection.settings_dict["NAME"]
    db_connection.connection = None  # kept open below: closing it drops the data
    db_connection.settings_dict["NAME"] = str(path)
    try:
        yield {**env, "TEST_DATABASE_URL": f"sqlite:///{path}"}
    finally:
        db_connection.close()
        db_connection.settings_dict["NAME"] = name
        db_connection.connection = memory


def _worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "worker",
                "--interval",
                "0.1",
                "--no-startup-delay",
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _enqueue(path: Path) -> ImportJob:
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    # The task is queued when the job's transaction commits (a real commit here).
    return jobs.create_import_job(upload=upload, user=None)


def _wait(
    condition: Callable[[], bool], *, timeout: float, log: Path, what: str
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} after {timeout} s; worker log:\n{log.read_text()}")
        time.sleep(POLL_SECONDS)


def _inside_the_import_transaction(path: Path) -> bool:
    """Whether the worker's import transaction is open (and writing)."""
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' "
                "AND l.pid <> pg_backend_pid()",
                [BilateralStock._meta.db_table],
            )
            return cursor.fetchone() is not None
    # On SQLite the import's transaction holds the only write lock.
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


def _counts() -> dict[str, int]:
    return {
        "datasets": Dataset.objects.count(),
        "vintages": DatasetVintage.objects.count(),
        "observations": Observation.objects.count(),
        "stocks": BilateralStock.objects.count(),
    }


def _progress(job: ImportJob) -> tuple[str, str, int, int, float]:
    job.refresh_from_db()
    return (
        job.status,
        job.progress_stage,
        job.progress_done,
        job.progress_total,
        job.progress_fraction,
    )


def test_a_real_import_through_the_worker_reports_growing_progress(
    worker_env: dict[str, str], tmp_path: Path
) -> None:
    load_reference_data()
    log = tmp_path / "worker.log"
    job = _enqueue(EXTRACT)
    worker = _worker(worker_env, log, "--batch")
    seen: list[tuple[str, str, int, int, float]] = []
    try:
        deadline = time.monotonic() + 90
        while (state := _progress(job))[0] in {"queued", "running"}:
            if state[0] == "running" and (not seen or state != seen[-1]):
                seen.append(state)
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(POLL_SECONDS)
        assert worker.wait(timeout=60) == 0, log.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert job.progress_fraction == 1.0
    vintage = DatasetVintage.objects.get(file_name=EXTRACT.name)
    assert BilateralStock.objects.filter(vintage=vintage).count() == EXTRACT_STOCKS
    # Seen while it ran: the rows of the sheet being read, then the rows to write;
    # never going back.
    fractions = [fraction for *_state, fraction in seen]
    assert fractions == sorted(fractions), seen
    stages = [stage for _status, stage, *_rest in seen]
    assert "reading" in stages and "writing" in stages, seen
    totals = {(stage, total) for _status, stage, _done, total, _fraction in seen}
    # 28,030 rows of the sheet; 76,647 stock records (72 name an unknown area).
    assert ("reading", EXTRACT_ROWS) in totals and ("writing", 76_647) in totals, seen
    assert len(set(fractions)) >= 2 and fractions[-1] >= 0.6, seen


def test_a_worker_killed_mid_import_leaves_nothing_half_imported(
    worker_env: dict[str, str], tmp_path: Path
) -> None:
    load_reference_data()
    import_file(ORIGIN)  # figures that are there before the upload
    before = _counts()
    log = tmp_path / "worker.log"
    job = _enqueue(EXTRACT)
    database = Path(db_connection.settings_dict["NAME"])
    worker = _worker(worker_env, log)
    try:
        _wait(
            lambda: _progress(job)[1] == "writing",
            timeout=90,
            log=log,
            what="no progress to the writing stage",
        )
        _wait(
            lambda: _inside_the_import_transaction(database),
            timeout=30,
            log=log,
            what="the import's transaction never opened",
        )
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=10) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and job.attempts == 1
    assert _counts() == before
    assert not DatasetVintage.objects.filter(file_name=EXTRACT.name).exists()
    assert not _inside_the_import_transaction(database)

    # The sweep leaves a running job alone until its time is up, then re-queues it.
    assert jobs.recover_stuck_import_jobs() == []
    later = timezone.now() + dt.timedelta(minutes=61)
    with time_machine.travel(later, tick=False):
        recovered = jobs.recover_stuck_import_jobs()
    assert [stuck.pk for stuck in recovered] == [job.pk]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED

    second = _worker(worker_env, log, "--batch")
    try:
        assert second.wait(timeout=90) == 0, log.read_text()
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert job.attempts == 2
    vintage = DatasetVintage.objects.get(file_name=EXTRACT.name)
    assert BilateralStock.objects.filter(vintage=vintage).count() == EXTRACT_STOCKS
    after = _counts()
    assert after["stocks"] == before["stocks"] + EXTRACT_STOCKS
    assert after["observations"] == before["observations"]
