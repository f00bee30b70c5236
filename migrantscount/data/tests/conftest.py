"""Importing every shipped file takes seconds: modules that need the real figures
import them once (module scope) and remove them afterwards."""

from collections.abc import Iterator

import pytest

from migrantscount.data.management.commands.import_data import shipped_paths
from migrantscount.data.models import (
    Aggregate,
    Country,
    Dataset,
    DatasetVintage,
    ImportJob,
    Indicator,
    SdgTarget,
    SustainableDevelopmentGoal,
)
from migrantscount.data.services.imports import ImportReport, import_file
from migrantscount.data.services.reference import load_reference_data


def clear_data() -> None:
    ImportJob.objects.all().delete()
    DatasetVintage.objects.all().delete()
    Indicator.objects.all().delete()
    Dataset.objects.all().delete()
    Aggregate.objects.all().delete()
    SdgTarget.objects.all().delete()
    SustainableDevelopmentGoal.objects.all().delete()
    Country.objects.all().delete()


@pytest.fixture(scope="module")
def shipped_data(
    django_db_setup, django_db_blocker
) -> Iterator[dict[str, ImportReport]]:
    with django_db_blocker.unblock():
        load_reference_data()
        reports = {path.name: import_file(path) for path in shipped_paths()}
    yield reports
    with django_db_blocker.unblock():
        clear_data()


@pytest.fixture
def reference_data(db) -> None:
    load_reference_data()
