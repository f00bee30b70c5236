import pytest


@pytest.fixture(autouse=True)
def _private_media(request, settings, tmp_path):
    settings.STORIES_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Consent texts flushed by a transactional test are restored by the root conftest.
    # The cache is emptied before every test by the root conftest.


@pytest.fixture
def reference_countries(db):
    """Countries with their coordinates, as `make run` loads them (distances)."""
    from migrantscount.data.services.reference import load_reference_data

    load_reference_data()
