"""FILE_UPLOAD_TEMP_DIR (var/tmp) is made at start, so `manage.py check` passes and an
admin upload can spool on a fresh var/ (issue 13)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core import checks

from migrantscount.core.apps import ensure_upload_temp_dir


def _file_errors() -> list[str]:
    return [message.id or "" for message in checks.run_checks() if message.is_serious()]


def test_missing_temp_dir_is_made_private_and_the_check_passes(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "var" / "tmp")
    assert "files.E001" in _file_errors()  # Django's own check, before
    ensure_upload_temp_dir()
    made = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert made.is_dir()
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert "files.E001" not in _file_errors()
    ensure_upload_temp_dir()  # idempotent


def test_default_is_under_var():
    assert Path(settings.FILE_UPLOAD_TEMP_DIR) == settings.VAR_DIR / "tmp"


def test_manage_check_passes_on_a_fresh_var(tmp_path):
    fresh = tmp_path / "fresh-var"
    fresh.mkdir()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "migrantscount.settings.test",
        "MIGRANTSCOUNT_VAR_DIR": str(fresh),
    }
    environment.pop("FILE_UPLOAD_TEMP_DIR", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (fresh / "tmp").is_dir()
