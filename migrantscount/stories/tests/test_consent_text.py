"""The consent text says what the software does: what is stored encrypted and what is
not is read from the Submission model's own fields."""

import importlib

import pytest

from migrantscount.core.fields import EncryptedTextField
from migrantscount.stories.models import Submission
from migrantscount.stories.services import submissions

pytestmark = pytest.mark.django_db

# The words of the current English consent text, and the fields they name.
ENCRYPTED = {
    "story": ["title", "text"],
    "name": ["name"],
    "work": ["occupation"],
    "contact": ["contact"],
    "guardian's name": ["guardian_name"],
}
IN_CLEAR = {
    "age group": ["age_bracket"],
    "countries": ["origin_country", "residence_country"],
    "sector": ["sector"],
    "goals": ["sdgs"],
}


def _encrypted(field_name: str) -> bool:
    return isinstance(Submission._meta.get_field(field_name), EncryptedTextField)


def test_the_current_text_no_longer_claims_everything_is_encrypted() -> None:
    for language in ("en", "es", "fr", "pt"):
        consent = submissions.current_consent_text(language)
        assert consent.version >= 2
    text = submissions.current_consent_text("en").text
    assert "Everything is stored encrypted" not in text
    encrypted_part, clear_part = text.split("stored encrypted;", 1)
    for words, fields in ENCRYPTED.items():
        assert words in encrypted_part.split("What we keep:")[-1]
        assert all(_encrypted(name) for name in fields), words
    for words, fields in IN_CLEAR.items():
        assert words in clear_part.split("without encryption")[0]
        assert not any(_encrypted(name) for name in fields), words


def test_it_says_what_the_contact_is_used_for() -> None:
    text = submissions.current_consent_text("en").text
    assert "receipt with your private link" in text
    assert "published or declined" in text


def test_each_language_has_both_corrections() -> None:
    migration = importlib.import_module(
        "migrantscount.stories.migrations.0005_consent_text_v2"
    )
    for language, changes in migration.CHANGES.items():
        text = submissions.current_consent_text(language).text
        assert len(changes) == 2
        for old, new in changes:
            assert old not in text and new in text, language
