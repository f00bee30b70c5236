"""Factories for the data models the profiles read (the data app owns the models)."""

import datetime as dt

import factory
from django.utils import timezone

from migrantscount.data.models import (
    BilateralRemittance,
    BilateralStock,
    CorridorCost,
    Country,
    Dataset,
    DatasetVintage,
    Indicator,
    Observation,
)
from migrantscount.data.services.vintages import refresh_current_series


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso3",)

    iso3 = factory.Sequence(lambda n: f"X{n:02d}"[:3])
    iso2 = factory.LazyAttribute(lambda o: o.iso3[:2])
    numeric = factory.Sequence(lambda n: f"{900 + n % 99:03d}")
    name_en = factory.LazyAttribute(lambda o: f"Country {o.iso3}")
    name_es = factory.LazyAttribute(lambda o: f"País {o.iso3}")
    name_fr = factory.LazyAttribute(lambda o: f"Pays {o.iso3}")
    name_pt = factory.LazyAttribute(lambda o: f"País {o.iso3}")
    is_oas_member = True


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dataset
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"dataset-{n}")
    publisher = "The World Bank"
    name = factory.LazyAttribute(lambda o: f"Dataset {o.slug}")


class VintageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatasetVintage

    dataset = factory.SubFactory(DatasetFactory)
    label = factory.LazyAttribute(lambda o: o.vintage_date.isoformat())
    vintage_date = dt.date(2025, 7, 1)
    is_current = True
    file_name = "file.csv"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    imported_at = factory.LazyFunction(timezone.now)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IND.{n}")
    name = factory.LazyAttribute(lambda o: o.code)
    dataset = factory.SubFactory(DatasetFactory)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation
        skip_postgeneration_save = True

    indicator = factory.SubFactory(IndicatorFactory)
    vintage = factory.SubFactory(VintageFactory)
    country = factory.SubFactory(CountryFactory)
    year = 2020
    sex = "T"
    value = 1.0
    source_row = factory.Sequence(lambda n: n + 5)
    source_column = "F"

    @factory.post_generation
    def current_series(self, create: bool, extracted: object, **kwargs: object) -> None:
        # What the import service does after writing: reads follow current vintages.
        if create:
            refresh_current_series()


class BilateralStockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BilateralStock

    vintage = factory.SubFactory(VintageFactory)
    origin = factory.SubFactory(CountryFactory)
    destination = factory.SubFactory(CountryFactory)
    year = 2020
    sex = "M"
    value = 1.0
    source_row = factory.Sequence(lambda n: n + 2)
    source_column = "v"


class CorridorCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorridorCost

    vintage = factory.SubFactory(VintageFactory)
    sending = factory.SubFactory(CountryFactory)
    receiving = factory.SubFactory(CountryFactory)
    year = 2020
    quarter = 3
    period = factory.LazyAttribute(lambda o: f"{o.year}Q{o.quarter}")
    cost_percent = 4.0
    source_row = factory.Sequence(lambda n: n + 2)
    source_column = "2020Q3"


class BilateralRemittanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BilateralRemittance

    vintage = factory.SubFactory(VintageFactory)
    sending = factory.SubFactory(CountryFactory)
    receiving = factory.SubFactory(CountryFactory)
    year = 2017
    value_musd = 1.0
    source_row = factory.Sequence(lambda n: n + 3)
    source_column = "B"


def indicator_with_vintage(
    code: str, **vintage: object
) -> tuple[Indicator, DatasetVintage]:
    """One indicator in its own dataset with a current vintage, as WDI series are.

    An indicator that already exists keeps its own dataset, and that dataset's
    current vintage is reused, so observations never mix datasets.
    """
    indicator = Indicator.objects.filter(code=code).first() or IndicatorFactory.create(
        code=code, dataset=DatasetFactory.create(slug=f"test-{code.lower()}")
    )
    current = indicator.dataset.current_vintage
    return indicator, current or VintageFactory.create(
        dataset=indicator.dataset, **vintage
    )


def reference_country(iso3: str) -> Country:
    """A country of the ISO reference data (see the `reference_countries` fixture)."""
    return Country.objects.get(iso3=iso3)
