"""One-file backups: database, media and encryption keys in a tar.gz under var/backups/.

SQLite is copied with SQLite's online backup API (a consistent snapshot while the
site runs) and restored the same way, replacing the whole database at once.
PostgreSQL uses pg_dump/pg_restore (custom format); the restore drops and re-creates
the public schema first, so tables added since the backup disappear too.
"""

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone

from . import audit

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KEYS = "encryption_keys"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def _engine() -> str:
    return connection.vendor


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed (apt-get install postgresql-client)."
        )
    return path


def _dump_database(folder: Path) -> str:
    if _engine() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / SQLITE_FILE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return SQLITE_FILE
    if _engine() == "postgresql":
        subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / PG_FILE),
                connection.settings_dict["NAME"],
            ],
            env=_pg_env(),
            check=True,
            capture_output=True,
        )
        return PG_FILE
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {_engine()}.")


def backup_site(*, backup_dir: Path | None = None) -> Path:
    backup_dir = Path(backup_dir or settings.MIGRANTSCOUNT_BACKUP_DIR)
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    archive = backup_dir / f"migrantscount-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database_file = _dump_database(folder)
        (folder / KEYS).write_text(",".join(settings.MIGRANTSCOUNT_ENCRYPTION_KEYS))
        manifest = {
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": _engine(),
            "database": database_file,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = archive.with_suffix(".partial")
        # The archive holds the keys: readable by the owner only.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name in (MANIFEST, database_file, KEYS):
                tar.add(folder / name, arcname=name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                tar.add(media, arcname="media")
        partial.rename(archive)
    logger.info("Backup written to %s", archive)
    return archive


def _read_archive(archive: Path, folder: Path) -> dict[str, Any]:
    if not archive.is_file():
        raise BackupError(f"No backup file at {archive}.")
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            tar.extractall(folder, filter="data")
        manifest = json.loads((folder / MANIFEST).read_text())
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(
            f"{archive} is not a Migrants Count backup: {error}"
        ) from error
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{archive} has an unknown backup format.")
    if manifest.get("engine") != _engine():
        raise BackupError(
            f"{archive} holds a {manifest.get('engine')} database; this site runs "
            f"{_engine()}. Restore into the same kind of database."
        )
    return manifest


def _restore_database(folder: Path, manifest: dict[str, Any]) -> None:
    for alias in connections:
        connections[alias].close()
    if _engine() == "sqlite":
        source = sqlite3.connect(folder / manifest["database"])
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--single-transaction",
            "--dbname",
            connection.settings_dict["NAME"],
            str(folder / manifest["database"]),
        ],
        env=_pg_env(),
        check=True,
        capture_output=True,
    )


def _restore_media(folder: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    restored = folder / "media"
    if media.exists():
        shutil.rmtree(media)
    if restored.is_dir():
        shutil.copytree(restored, media)
    else:
        media.mkdir(parents=True)


def _merge_keys(folder: Path) -> list[str]:
    """Keep today's keys first, add the backup's; returns keys the site still lacks."""
    archived = [key for key in (folder / KEYS).read_text().split(",") if key]
    key_file = Path(settings.VAR_DIR) / KEYS
    current = [key for key in settings.MIGRANTSCOUNT_ENCRYPTION_KEYS if key]
    if key_file.exists():
        current += [k for k in key_file.read_text().strip().split(",") if k]
    merged = list(dict.fromkeys(current + archived))
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text(",".join(merged) + "\n")
    key_file.chmod(0o600)
    return [
        key for key in archived if key not in settings.MIGRANTSCOUNT_ENCRYPTION_KEYS
    ]


def restore_site(archive: Path, *, user: AbstractBaseUser | None = None) -> list[str]:
    """Replace database and media with the archive's; returns keys still to load.

    Stop the web server, worker and scheduler first.
    """
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = _read_archive(Path(archive), folder)
        try:
            _restore_database(folder, manifest)
        except (sqlite3.Error, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", b"") or b""
            raise BackupError(
                f"Database restore failed: {error} {detail.decode(errors='replace')}"
            ) from error
        _restore_media(folder)
        missing_keys = _merge_keys(folder)
    cache.clear()
    audit.log_platform_event(
        audit.SITE_RESTORED,
        data={"archive": Path(archive).name, "created_at": manifest["created_at"]},
        user=user,
    )
    logger.info("Site restored from %s", archive)
    return missing_keys
