"""Data migrations over rows an earlier release wrote."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("data", "0006_sending_served_by_unique_index")]
AFTER = [("data", "0007_vintage_facts_current_series")]


@pytest.fixture
def back_to_latest() -> Iterator[None]:
    """Migrating `data` back unapplies the apps that depend on it (events, social...):
    migrate every app forward again, or later tests on this worker lack tables."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_0007_names_datasets_by_workbook_and_keeps_each_vintages_facts() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    dataset = apps.get_model("data", "Dataset").objects.create(
        slug="undesa-ims-2020-bilateral",
        publisher="United Nations, DESA, Population Division (via IOM GDI gdiviz)",
        name="International Migrant Stock 2020: Destination and origin",
        licence="CC BY 3.0 IGO",
        citation="(2020). International Migrant Stock 2020.",
        caveats="Kosovo is counted in Serbia.",
    )
    vintage = apps.get_model("data", "DatasetVintage").objects.create(
        dataset=dataset,
        label="POP/DB/MIG/Stock/Rev.2020 (gdiviz export)",
        vintage_date=dt.date(2021, 1, 15),
        is_current=True,
        file_name="gdiviz_stocks_converted.csv",
        sha256="0" * 64,
        imported_at=timezone.now(),
    )
    indicator = apps.get_model("data", "Indicator").objects.create(
        code="IMS.STOCK", name="International migrant stock", dataset=dataset
    )
    aggregate = apps.get_model("data", "Aggregate").objects.create(
        scheme="undesa", code="900", name="World"
    )
    apps.get_model("data", "Observation").objects.create(
        vintage=vintage,
        indicator=indicator,
        aggregate=aggregate,
        year=2020,
        value=1.0,
        source_row=12,
        source_column="L",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps

    migrated = apps.get_model("data", "DatasetVintage").objects.get(pk=vintage.pk)
    assert migrated.dataset.slug == "undesa-ims-bilateral"
    assert (
        migrated.dataset.name == "International Migrant Stock: Destination and origin"
    )
    assert "gdiviz" in migrated.publisher
    assert (migrated.licence, migrated.caveats) == (
        "CC BY 3.0 IGO",
        "Kosovo is counted in Serbia.",
    )
    series = apps.get_model("data", "CurrentSeries").objects.get()
    assert (series.indicator_id, series.vintage_id) == (indicator.pk, vintage.pk)
