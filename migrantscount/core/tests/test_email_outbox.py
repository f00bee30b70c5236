"""Under make run, mail goes to an owner-only file outbox, never to the log."""

import re
from pathlib import Path

from django.core import mail
from django.core.mail import send_mail
from django.test import override_settings

from migrantscount.settings.base import BASE_DIR, email_from_url

REPO = Path(__file__).resolve().parents[3]


def test_file_email_url_writes_each_message_to_a_folder(tmp_path) -> None:
    config = email_from_url("file:var/outbox")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert config["EMAIL_FILE_PATH"] == str(BASE_DIR / "var" / "outbox")
    assert email_from_url(f"file://{tmp_path}")["EMAIL_FILE_PATH"] == str(tmp_path)
    with override_settings(
        EMAIL_BACKEND=config["EMAIL_BACKEND"], EMAIL_FILE_PATH=str(tmp_path)
    ):
        mail.outbox = []
        send_mail("Receipt", "Your status link: /en/stories/status/x/", None, ["a@b.c"])
    [message] = list(tmp_path.iterdir())
    assert "/en/stories/status/x/" in message.read_text()


def test_make_run_sends_mail_to_an_owner_only_outbox() -> None:
    script = (REPO / "scripts" / "run.sh").read_text()
    assert re.search(r'EMAIL_URL="\$\{EMAIL_URL:-file:var/outbox\}"', script)
    assert "chmod 700 var/outbox" in script
