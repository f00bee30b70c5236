import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import ModelLogEntry, Page, Site

from migrantscount.core.services import audit
from migrantscount.core.services.backups import backup_site, restore_site
from migrantscount.core.wagtail_tree import ensure_wagtail_root

TEST_KEY = "7n3pQ0y3s9bAqP1rJ7Sx2m8o4kWvT6uYcLdEhZgFiXk="
OLD_KEY = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="


@pytest.fixture
def site_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.MIGRANTSCOUNT_BACKUP_DIR = tmp_path / "var" / "backups"
    settings.MIGRANTSCOUNT_ENCRYPTION_KEYS = [TEST_KEY, OLD_KEY]
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "chart.png").write_bytes(b"\x89PNG fake chart")
    return tmp_path


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
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "encryption_keys", "media/images/chart.png"} <= names

    # Wipe: other content, other media, lost keys file.
    Page.objects.filter(depth__gt=1).delete()
    get_user_model().objects.all().delete()
    get_user_model().objects.create_user("intruder", password="x")
    (site_dirs / "media" / "images" / "chart.png").unlink()
    (site_dirs / "media" / "stray.txt").write_text("after backup")

    restore_site(archive)

    assert list(get_user_model().objects.values_list("username", flat=True)) == ["ana"]
    assert Page.objects.get(slug="mc-home").title == "Migrants Count"
    assert (site_dirs / "media" / "images" / "chart.png").read_bytes() == (
        b"\x89PNG fake chart"
    )
    assert not (site_dirs / "media" / "stray.txt").exists()
    keys = (site_dirs / "var" / "encryption_keys").read_text().strip().split(",")
    assert keys == [TEST_KEY, OLD_KEY]
    entry = ModelLogEntry.objects.get(action=audit.SITE_RESTORED)
    assert entry.data["archive"] == archive.name


def test_restore_refuses_a_file_that_is_not_a_backup(db, site_dirs) -> None:
    bogus = site_dirs / "notes.tar.gz"
    bogus.write_text("hello")
    with pytest.raises(CommandError, match="not a Migrants Count backup"):
        call_command("restore_site", str(bogus), "--no-input")


def test_restore_without_backups_says_so(db, site_dirs) -> None:
    with pytest.raises(CommandError, match="No backups found"):
        call_command("restore_site", "--no-input")
