"""An import that commits purges the page cache (profiles, charts, corridors and the
data API read the numbers); one that fails purges nothing."""

from pathlib import Path

import pytest

from migrantscount.core import page_cache
from migrantscount.core.tests.proxy_recorder import (  # noqa: F401 (fixture)
    ProxyRecorder,
    proxy_fixture,
)
from migrantscount.data.management.commands.import_data import SHIPPED_DIR
from migrantscount.data.services.imports import DataImportError, import_file

pytestmark = pytest.mark.django_db

WDI_CSV = (
    SHIPPED_DIR / "wdi_remittances" / "API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv"
)


@pytest.fixture
def purges(monkeypatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr(page_cache, "purge_all", lambda **kw: calls.append("all"))
    return calls


def test_a_committed_import_purges_every_cached_page(
    reference_data: None, purges: list[str], django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        import_file(WDI_CSV)
    assert purges == ["all"]


def test_a_committed_import_empties_every_reverse_proxy(
    reference_data: None,
    proxy: ProxyRecorder,
    settings,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        import_file(WDI_CSV)
    assert settings.SITE_URL.split("://", 1)[1] in proxy.banned()


def test_a_failed_import_purges_nothing(
    reference_data: None,
    purges: list[str],
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    lines = WDI_CSV.read_text(encoding="utf-8-sig").splitlines()
    broken = tmp_path / WDI_CSV.name
    broken.write_text("\n".join(lines[:3]), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(DataImportError):
            import_file(broken)
    assert purges == []
