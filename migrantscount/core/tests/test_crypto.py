import re

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.test.utils import isolate_apps, override_settings
from wagtail.models import ModelLogEntry

from migrantscount.core.fields import EncryptedTextField
from migrantscount.core.lib import crypto
from migrantscount.core.services import audit
from migrantscount.core.services.encryption import rotate_encryption_key

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()
SECRET_TEXT = "María López, +57 300 123 4567, lives in Cúcuta"


@pytest.fixture
def contact_model(transactional_db):
    """A throwaway model with an encrypted column, created for the test only."""
    with isolate_apps("migrantscount.core"):

        class Contact(models.Model):
            name = models.CharField(max_length=50)
            details = EncryptedTextField(blank=True, null=True)

            class Meta:
                app_label = "core"
                db_table = "core_test_contact"

            def __str__(self) -> str:
                return self.name

        with connection.schema_editor() as editor:
            editor.create_model(Contact)
        yield Contact
        with connection.schema_editor() as editor:
            editor.delete_model(Contact)


def raw_details(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM core_test_contact WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[OLD_KEY])
def test_database_row_holds_no_plaintext(contact_model):
    contact = contact_model.objects.create(name="a", details=SECRET_TEXT)

    stored = raw_details(contact.pk)
    # A Fernet token is URL-safe base64: no space, "+" or accented letter of the
    # text can be in it (a bare "300" can, by chance: 1 run in ~1,300 failed on it).
    assert re.fullmatch(r"[A-Za-z0-9_-]+=*", stored)
    assert "+57 300" not in stored and "Cúcuta" not in stored and "María" not in stored
    assert Fernet(OLD_KEY).decrypt(stored.encode()).decode() == SECRET_TEXT
    assert contact_model.objects.get(pk=contact.pk).details == SECRET_TEXT


@override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[OLD_KEY])
def test_same_text_gives_different_ciphertexts(contact_model):
    first = contact_model.objects.create(name="a", details=SECRET_TEXT)
    second = contact_model.objects.create(name="b", details=SECRET_TEXT)
    assert raw_details(first.pk) != raw_details(second.pk)


@override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[OLD_KEY])
def test_empty_values_stay_empty(contact_model):
    blank = contact_model.objects.create(name="a", details="")
    missing = contact_model.objects.create(name="b", details=None)
    assert raw_details(blank.pk) == ""
    assert raw_details(missing.pk) is None


def test_rotation_re_encrypts_with_newest_key(contact_model):
    with override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[OLD_KEY]):
        contact = contact_model.objects.create(name="a", details=SECRET_TEXT)

    with override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        # Readable before rotation thanks to the old key still configured.
        assert contact_model.objects.get(pk=contact.pk).details == SECRET_TEXT
        rows = rotate_encryption_key(models_and_fields=[(contact_model, ["details"])])

    assert rows == 1
    assert Fernet(NEW_KEY).decrypt(raw_details(contact.pk).encode()).decode() == (
        SECRET_TEXT
    )
    with override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[NEW_KEY]):
        assert contact_model.objects.get(pk=contact.pk).details == SECRET_TEXT


@pytest.mark.django_db
def test_rotation_is_recorded_in_the_audit_log() -> None:
    before = ModelLogEntry.objects.filter(action=audit.KEY_ROTATED).count()
    call_command("rotate_encryption_key")
    entries = ModelLogEntry.objects.filter(action=audit.KEY_ROTATED)
    assert entries.count() == before + 1
    assert "rows" in entries.latest("timestamp").data


def test_removed_key_gives_a_clear_error(contact_model):
    with override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[OLD_KEY]):
        contact = contact_model.objects.create(name="a", details=SECRET_TEXT)
    with (
        override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[NEW_KEY]),
        pytest.raises(crypto.DecryptionError, match="none of the configured"),
    ):
        contact_model.objects.get(pk=contact.pk)


@override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=["not-a-key"])
def test_invalid_key_is_reported_by_position() -> None:
    with pytest.raises(ImproperlyConfigured, match="key number 1"):
        crypto.encrypt("x")


@override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=[])
def test_missing_keys_refuse_to_encrypt() -> None:
    with pytest.raises(ImproperlyConfigured, match="MIGRANTSCOUNT_ENCRYPTION_KEYS"):
        crypto.encrypt("x")


@pytest.mark.django_db
@override_settings(MIGRANTSCOUNT_ENCRYPTION_KEYS=["not-a-key"])
def test_rotate_command_reports_bad_keys_without_traceback() -> None:
    with pytest.raises(CommandError, match="not a valid Fernet key"):
        call_command("rotate_encryption_key")


def test_generate_key_prints_a_usable_key(capsys) -> None:
    call_command("rotate_encryption_key", "--generate-key")
    key = capsys.readouterr().out.strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"ok")) == b"ok"


def test_production_settings_refuse_to_start_without_keys() -> None:
    import os
    import subprocess
    import sys

    env = {
        key: value
        for key, value in os.environ.items()
        if key != "MIGRANTSCOUNT_ENCRYPTION_KEYS"
    }
    env["SECRET_KEY"] = "x" * 64
    command = [sys.executable, "-c", "import migrantscount.settings.production"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Set MIGRANTSCOUNT_ENCRYPTION_KEYS" in result.stderr

    env["MIGRANTSCOUNT_ENCRYPTION_KEYS"] = OLD_KEY
    assert subprocess.run(command, env=env, capture_output=True).returncode == 0
