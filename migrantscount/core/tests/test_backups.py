import os
import subprocess
import tarfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import ModelLogEntry, Page, Site

from migrantscount.core.services import audit
from migrantscount.core.services.backups import (
    BackupError,
    backup_site,
    key_fingerprint,
    prune_backups,
    restore_site,
)
from migrantscount.core.wagtail_tree import ensure_wagtail_root

TEST_KEY = "7n3pQ0y3s9bAqP1rJ7Sx2m8o4kWvT6uYcLdEhZgFiXk="
OLD_KEY = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="


@pytest.fixture
def site_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.MIGRANTSCOUNT_BACKUP_DIR = tmp_path / "var" / "backups"
    settings.STORIES_PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MIGRANTSCOUNT_ENCRYPTION_KEYS = [TEST_KEY, OLD_KEY]
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "chart.png").write_bytes(b"\x89PNG fake chart")
    (tmp_path / "private-media" / "stories").mkdir(parents=True)
    (tmp_path / "private-media" / "stories" / "p.jpg").write_bytes(b"encrypted photo")
    return tmp_path


def decrypt(
    archive: Path, passphrase: str, target: Path
) -> subprocess.CompletedProcess:
    """Decrypt an archive as an operator would, with gpg and the passphrase."""
    home = target / "gnupg"
    home.mkdir(mode=0o700)
    return subprocess.run(
        [
            "gpg",
            "--homedir",
            str(home),
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            passphrase,
            "--output",
            str(target / "backup.tar.gz"),
            "--decrypt",
            str(archive),
        ],
        capture_output=True,
        check=False,
    )


def make_content() -> None:
    root = ensure_wagtail_root()
    home = root.add_child(instance=Page(title="Migrants Count", slug="mc-home"))
    Site.objects.update_or_create(
        hostname="localhost",
        port=80,
        defaults={"root_page": home, "is_default_site": True},
    )
    get_user_model().objects.create_user("ana", password="x")


@pytest.mark.skipif(
    connection.vendor not in {"sqlite", "postgresql"},
    reason="needs SQLite or PostgreSQL",
)
def test_backup_wipe_restore_round_trip(transactional_db, site_dirs) -> None:
    make_content()
    archive = backup_site()
    assert archive.parent == site_dirs / "var" / "backups"
    assert archive.name.endswith(".tar.gz.gpg")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(tarfile.ReadError):
        tarfile.open(archive)  # not readable without the passphrase

    # Wipe: other content, other media, lost private photos.
    Page.objects.filter(depth__gt=1).delete()
    get_user_model().objects.all().delete()
    get_user_model().objects.create_user("intruder", password="x")
    (site_dirs / "media" / "images" / "chart.png").unlink()
    (site_dirs / "media" / "stray.txt").write_text("after backup")
    (site_dirs / "private-media" / "stories" / "p.jpg").unlink()

    restore_site(archive)

    assert list(get_user_model().objects.values_list("username", flat=True)) == ["ana"]
    assert Page.objects.get(slug="mc-home").title == "Migrants Count"
    assert (site_dirs / "media" / "images" / "chart.png").read_bytes() == (
        b"\x89PNG fake chart"
    )
    assert (site_dirs / "private-media" / "stories" / "p.jpg").read_bytes() == (
        b"encrypted photo"
    )
    assert not (site_dirs / "media" / "stray.txt").exists()
    entry = ModelLogEntry.objects.get(action=audit.SITE_RESTORED)
    assert entry.data["archive"] == archive.name


def test_archive_is_encrypted_and_holds_neither_keys_nor_passphrase(
    transactional_db, site_dirs, settings, tmp_path
) -> None:
    settings.MIGRANTSCOUNT_BACKUP_PASSPHRASE = "correct horse battery staple"
    archive = backup_site()
    raw = archive.read_bytes()
    for secret in (TEST_KEY, OLD_KEY, "correct horse battery staple", "fake chart"):
        assert secret.encode() not in raw
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    assert decrypt(archive, "not the passphrase", wrong).returncode != 0
    right = tmp_path / "right"
    right.mkdir()
    assert decrypt(archive, "correct horse battery staple", right).returncode == 0
    with tarfile.open(right / "backup.tar.gz") as tar:
        names = set(tar.getnames())
        members = b"".join(
            extracted.read()
            for member in tar
            if member.isfile() and (extracted := tar.extractfile(member)) is not None
        )
    assert {"manifest.json", "media/images/chart.png"} <= names
    assert "private-media/stories/p.jpg" in names
    assert "encryption_keys" not in names
    assert TEST_KEY.encode() not in members and OLD_KEY.encode() not in members
    assert key_fingerprint(TEST_KEY).encode() in members  # named, not revealed
    # Nothing left behind unencrypted beside the archive.
    assert [path.name for path in archive.parent.iterdir()] == [archive.name]


def test_backup_refuses_to_run_without_a_passphrase(
    transactional_db, site_dirs, settings
) -> None:
    settings.MIGRANTSCOUNT_BACKUP_PASSPHRASE = ""
    with pytest.raises(BackupError, match="MIGRANTSCOUNT_BACKUP_PASSPHRASE"):
        backup_site()


def test_restore_with_the_wrong_passphrase_says_so(
    transactional_db, site_dirs, settings
) -> None:
    archive = backup_site()
    settings.MIGRANTSCOUNT_BACKUP_PASSPHRASE = "another passphrase, 16+ chars"
    with pytest.raises(BackupError, match="could not be decrypted"):
        restore_site(archive)


def test_restore_names_the_keys_the_site_lacks(
    transactional_db, site_dirs, settings
) -> None:
    make_content()
    archive = backup_site()
    settings.MIGRANTSCOUNT_ENCRYPTION_KEYS = [TEST_KEY]
    assert restore_site(archive) == [key_fingerprint(OLD_KEY)]


def test_backups_older_than_the_retention_period_are_deleted(
    transactional_db, site_dirs, settings
) -> None:
    settings.MIGRANTSCOUNT_BACKUP_RETENTION_DAYS = 30
    old, recent = backup_site(), backup_site()
    month_ago = time.time() - timedelta(days=31).total_seconds()
    os.utime(old, (month_ago, month_ago))
    assert prune_backups() == [old]
    assert not old.exists() and recent.exists()
    assert ModelLogEntry.objects.filter(action=audit.BACKUPS_PRUNED).exists() or (
        not ModelLogEntry.objects.exists()
    )


def test_backup_pruning_is_a_periodic_job() -> None:
    from migrantscount.core.periodic import JOBS

    assert "prune_backups" in JOBS


def test_restore_refuses_a_file_that_is_not_a_backup(db, site_dirs) -> None:
    bogus = site_dirs / "notes.tar.gz"
    bogus.write_text("hello")
    with pytest.raises(CommandError, match="not a Migrants Count backup"):
        call_command("restore_site", str(bogus), "--no-input")


def test_restore_without_backups_says_so(db, site_dirs) -> None:
    with pytest.raises(CommandError, match="No backups found"):
        call_command("restore_site", "--no-input")
