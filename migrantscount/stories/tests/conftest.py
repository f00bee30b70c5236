import importlib

import pytest


def _seed_consent_texts() -> None:
    """The v1 consent texts of the data migration; a transactional test elsewhere
    may have flushed them."""
    from migrantscount.stories.models import ConsentText

    migration = importlib.import_module(
        "migrantscount.stories.migrations.0002_consent_text_v1"
    )
    for language, text in migration.V1.items():
        ConsentText.objects.get_or_create(
            language=language, version=1, defaults={"text": text}
        )


@pytest.fixture(autouse=True)
def _private_media(request, settings, tmp_path):
    settings.STORIES_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.node.get_closest_marker("django_db"):
        _seed_consent_texts()
    # The cache is emptied before every test by the root conftest.


@pytest.fixture
def reference_countries(db):
    """Countries with their coordinates, as `make run` loads them (distances)."""
    from migrantscount.data.services.reference import load_reference_data

    load_reference_data()
