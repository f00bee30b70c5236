"""Settings of the task worker that test_import_worker.py starts as a process: the
test settings, with the database queue instead of immediate tasks and the test's
media folder (where the upload was stored)."""

import os
from pathlib import Path

from migrantscount.settings.test import *  # noqa: F403

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}
MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
