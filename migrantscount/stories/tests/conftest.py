import importlib

import pytest


def _seed_consent_texts() -> None:
    """The consent texts of the data migrations (v1, v2); a transactional test elsewhere
    may have flushed them."""
    from migrantscount.stories.models import ConsentText

    for module, name, version in (
        ("0002_consent_text_v1", "V1", 1),
        ("0005_consent_text_v2", "V2", 2),
    ):
        texts = getattr(
            importlib.import_module(f"migrantscount.stories.migrations.{module}"), name
        )
        for language, text in texts.items():
            ConsentText.objects.get_or_create(
                language=language, version=version, defaults={"text": text}
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
