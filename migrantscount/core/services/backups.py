"""One-file backups: database, public and private media and the erasure ledger in a
tar.gz encrypted with a passphrase (OpenPGP, AES-256, by gpg), under var/backups/.

The encryption keys of personal data are never in an archive (export them apart,
`manage.py export_encryption_keys`), nor is the passphrase
(settings.MIGRANTSCOUNT_BACKUP_PASSPHRASE), so an archive alone reveals nothing.
Nothing unencrypted is written outside var/ on the way (the dump is staged in an
owner-only folder beside the archives).

SQLite is copied with SQLite's online backup API (a consistent snapshot while the
site runs) and restored the same way, replacing the whole database at once.
PostgreSQL uses pg_dump/pg_restore (custom format); the restore drops and re-creates
the public schema first, so tables added since the backup disappear too. After a
restore, migrations run and the erasure ledger is replayed (ledger.py), so consent
withdrawn after the backup stays withdrawn.
"""

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from . import audit, ledger

logger = logging.getLogger(__name__)

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
KEYS = "encryption_keys"  # only in format 1 archives (made before encryption)
LEDGER = "erasure_ledger.jsonl"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
SUFFIX = ".tar.gz.gpg"


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


def _folders() -> dict[str, Path]:
    """Folders in an archive: public media, and the private (encrypted) story media."""
    folders = {"media": Path(settings.MEDIA_ROOT)}
    private = getattr(settings, "STORIES_PRIVATE_MEDIA_ROOT", None)
    if private:
        folders["private-media"] = Path(private)
    return folders


def key_fingerprint(key: str) -> str:
    """Names a key in a manifest without revealing it."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _passphrase() -> str:
    passphrase = settings.MIGRANTSCOUNT_BACKUP_PASSPHRASE
    if len(passphrase) < 16:
        raise BackupError(
            "Set MIGRANTSCOUNT_BACKUP_PASSPHRASE (at least 16 characters): backups "
            "are encrypted with it. `make run` keeps one in var/backup_passphrase."
        )
    return str(passphrase)


@contextmanager
def _gpg(
    arguments: list[str], *, stdin: Any, stdout: Any, workdir: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """gpg with the passphrase on a pipe (never in argv or the environment) and a
    throwaway home (no keyring of the user is read or written)."""
    gpg = shutil.which("gpg")
    if gpg is None:
        raise BackupError("gpg is not installed (apt-get install gnupg).")
    home = Path(tempfile.mkdtemp(dir=workdir, prefix="gnupg-"))
    read_end, write_end = os.pipe()
    errors = (home / "errors.log").open("w+b")
    try:
        process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            [
                gpg,
                "--homedir",
                str(home),
                "--batch",
                "--yes",
                "--quiet",
                "--no-symkey-cache",
                "--pinentry-mode",
                "loopback",
                "--passphrase-fd",
                str(read_end),
                *arguments,
            ],
            stdin=stdin,
            stdout=stdout,
            stderr=errors,
            pass_fds=(read_end,),
        )
        os.close(read_end)
        os.write(write_end, _passphrase().encode() + b"\n")
        os.close(write_end)
        failure: BaseException | None = None
        try:
            yield process
        except BaseException as error:  # noqa: BLE001 - gpg's own failure explains it
            failure = error
            if process.stdout is not None:
                process.stdout.read()
        if process.wait() != 0:
            errors.seek(0)
            detail = errors.read().decode(errors="replace").strip()
            raise BackupError(
                f"gpg failed: {detail or process.returncode}"
            ) from failure
        if failure is not None:
            raise failure
    finally:
        errors.close()
        shutil.rmtree(home, ignore_errors=True)


ENCRYPT = [
    "--symmetric",
    "--cipher-algo",
    "AES256",
    "--s2k-mode",
    "3",
    "--s2k-digest-algo",
    "SHA512",
    "--s2k-count",
    "65011712",
    "--compress-algo",
    "none",
    "--output",
    "-",
]


def backup_site(*, backup_dir: Path | None = None) -> Path:
    backup_dir = Path(backup_dir or settings.MIGRANTSCOUNT_BACKUP_DIR)
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    _passphrase()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    archive = backup_dir / f"migrantscount-{stamp}{SUFFIX}"
    with tempfile.TemporaryDirectory(dir=backup_dir, prefix=".staging-") as tmp:
        folder = Path(tmp)
        names = [MANIFEST, _dump_database(folder)]
        if ledger.ledger_path().exists():
            shutil.copyfile(ledger.ledger_path(), folder / LEDGER)
            names.append(LEDGER)
        manifest = {
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": _engine(),
            "database": names[1],
            "key_fingerprints": [
                key_fingerprint(key) for key in settings.MIGRANTSCOUNT_ENCRYPTION_KEYS
            ],
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = archive.with_suffix(".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(fd, "wb") as raw,
            _gpg(ENCRYPT, stdin=subprocess.PIPE, stdout=raw, workdir=folder) as gpg,
        ):
            assert gpg.stdin is not None  # noqa: S101 - stdin=PIPE
            with tarfile.open(fileobj=gpg.stdin, mode="w|gz") as tar:
                for name in names:
                    tar.add(folder / name, arcname=name)
                for arcname, path in _folders().items():
                    if path.is_dir():
                        tar.add(path, arcname=arcname)
            gpg.stdin.close()
        partial.rename(archive)
    logger.info("Encrypted backup written to %s", archive)
    return archive


def prune_backups(*, now: datetime | None = None) -> list[Path]:
    """Delete archives older than MIGRANTSCOUNT_BACKUP_RETENTION_DAYS (by file time)."""
    now = now or timezone.now()
    cutoff = (
        now - timedelta(days=settings.MIGRANTSCOUNT_BACKUP_RETENTION_DAYS)
    ).timestamp()
    backup_dir = Path(settings.MIGRANTSCOUNT_BACKUP_DIR)
    if not backup_dir.is_dir():
        return []
    deleted = []
    for archive in sorted(backup_dir.glob("migrantscount-*.tar.gz*")):
        if archive.stat().st_mtime < cutoff:
            archive.unlink()
            deleted.append(archive)
    if deleted:
        logger.info("Deleted %s backups older than the retention period", len(deleted))
        audit.log_platform_event(
            audit.BACKUPS_PRUNED,
            data={
                "archives": [path.name for path in deleted],
                "retention_days": settings.MIGRANTSCOUNT_BACKUP_RETENTION_DAYS,
            },
        )
    return deleted


def find_backups(backup_dir: Path | None = None) -> list[Path]:
    """Archives in the backup folder, oldest first (the names sort by time)."""
    backup_dir = Path(backup_dir or settings.MIGRANTSCOUNT_BACKUP_DIR)
    return sorted(backup_dir.glob("migrantscount-*.tar.gz*"))


def _extract(archive: Path, folder: Path, stream: IO[bytes]) -> None:
    with tarfile.open(fileobj=stream, mode="r|gz") as tar:
        tar.extractall(folder, filter="data")


def _read_archive(archive: Path, folder: Path) -> dict[str, Any]:
    if not archive.is_file():
        raise BackupError(f"No backup file at {archive}.")
    try:
        if archive.name.endswith(".gpg"):
            with _gpg(
                ["--decrypt", str(archive)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                workdir=folder,
            ) as gpg:
                assert gpg.stdout is not None  # noqa: S101 - stdout=PIPE
                _extract(archive, folder, gpg.stdout)
                gpg.stdout.read()  # let gpg finish and check the integrity tag
        else:  # format 1, unencrypted, made before this version
            with archive.open("rb") as raw:
                _extract(archive, folder, raw)
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except BackupError as error:
        raise BackupError(
            f"{archive} could not be decrypted (wrong MIGRANTSCOUNT_BACKUP_PASSPHRASE, "
            f"or not a Migrants Count backup): {error}"
        ) from error
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(
            f"{archive} is not a Migrants Count backup: {error}"
        ) from error
    if manifest.get("format_version") not in (1, FORMAT_VERSION):
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


def _restore_folders(folder: Path) -> None:
    for arcname, target in _folders().items():
        restored = folder / arcname
        if target.exists():
            shutil.rmtree(target)
        if restored.is_dir():
            shutil.copytree(restored, target)
        else:
            target.mkdir(parents=True)


def _missing_keys(manifest: dict[str, Any]) -> list[str]:
    """Fingerprints of the keys the backup's data needs and the site lacks."""
    present = {key_fingerprint(key) for key in settings.MIGRANTSCOUNT_ENCRYPTION_KEYS}
    return [fp for fp in manifest.get("key_fingerprints", []) if fp not in present]


def _merge_keys(folder: Path) -> list[str]:
    """Format 1 archives: keep today's keys first, add the backup's; returns keys the
    site still lacks."""
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
    """Replace database and media with the archive's, migrate, replay the erasure
    ledger; returns the keys (format 1) or key fingerprints the site still lacks.

    Stop the web server, worker and scheduler first.
    """
    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=var_dir, prefix=".restore-") as tmp:
        folder = Path(tmp)
        manifest = _read_archive(Path(archive), folder)
        try:
            _restore_database(folder, manifest)
        except (sqlite3.Error, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", b"") or b""
            raise BackupError(
                f"Database restore failed: {error} {detail.decode(errors='replace')}"
            ) from error
        _restore_folders(folder)
        if manifest["format_version"] == 1:
            missing_keys = _merge_keys(folder)
        else:
            missing_keys = _missing_keys(manifest)
        if (folder / LEDGER).exists():
            ledger.merge_ledger(folder / LEDGER)
    cache.clear()
    call_command("migrate", interactive=False, verbosity=0)
    replayed = ledger.replay_ledger()
    audit.log_platform_event(
        audit.SITE_RESTORED,
        data={
            "archive": Path(archive).name,
            "created_at": manifest["created_at"],
            "erasures_replayed": replayed,
        },
        user=user,
    )
    logger.info("Site restored from %s (%s erasures replayed)", archive, replayed)
    return missing_keys
