"""How far a running import has got, for the admin's job page.

The importer reports stages and units (tables or rows read, rows written) as it goes;
`JobProgress` writes them on the job's row at each new stage and otherwise at most
every EVERY_SECONDS (twice a second), never once per row. It writes through a
database connection of its own: the file's transaction must not carry the progress
(others would not see it before the commit, and a rollback would take it back). On
SQLite that transaction holds the database's only write lock while figures are
written, so a write that finds the database locked is skipped, not waited for: the
page then shows the last progress that could be written until the file commits.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone

from ..models import ImportJob
from ..sources.base import Progress

logger = logging.getLogger(__name__)
SQLITE_BUSY_MILLISECONDS = 20
EVERY_SECONDS = 0.5


class JobProgress(Progress):
    """Progress of one ImportJob, written to its row now and then."""

    def __init__(
        self,
        job_id: int,
        *,
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.job_id = job_id
        self.every = EVERY_SECONDS if every is None else every
        self.clock = clock
        self.stage_name = ""
        self.done = 0
        self.total = 0
        self.written_at: float | None = None
        self.writes = 0
        self._connection: Any = None

    def stage(self, name: str, total: int = 0) -> None:
        self.stage_name, self.done, self.total = name, 0, total
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._write(force=False)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _write(self, *, force: bool) -> None:
        now = self.clock()
        if (
            not force
            and self.written_at is not None
            and now - self.written_at < self.every
        ):
            return
        self.written_at = now
        try:
            self._update()
        except DatabaseError as error:  # locked by the import's own transaction
            logger.debug("Import job %s: progress not written (%s)", self.job_id, error)
        else:
            self.writes += 1

    def _update(self) -> None:
        connection = self._own_connection()
        quote = connection.ops.quote_name
        fields = ["progress_stage", "progress_done", "progress_total", "progress_at"]
        assignments = ", ".join(f"{quote(name)} = %s" for name in fields)
        values = [
            self.stage_name,
            self.done,
            self.total,
            connection.ops.adapt_datetimefield_value(timezone.now()),
        ]
        with connection.cursor() as cursor:
            # Table and column names come from model metadata, never from input.
            cursor.execute(
                f"UPDATE {quote(ImportJob._meta.db_table)} SET {assignments} "  # noqa: S608
                f"WHERE {quote('id')} = %s AND {quote('status')} = %s",
                [*values, self.job_id, ImportJob.Status.RUNNING.value],
            )

    def _own_connection(self) -> Any:
        if self._connection is None:
            connection = connections.create_connection(DEFAULT_DB_ALIAS)
            connection.ensure_connection()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MILLISECONDS}")
            self._connection = connection
        return self._connection
