import pytest
from django.utils import translation

from migrantscount.data.models import Aggregate
from migrantscount.profiles import facts
from migrantscount.profiles.queries.figures import Figure
from migrantscount.profiles.queries.indicators import COST_TO, RECEIVED_PCT_GDP

from .factories import ObservationFactory, indicator_with_vintage, reference_country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_countries")]


def observe(code, country, year, value, **extra):
    indicator, vintage = indicator_with_vintage(code)
    return ObservationFactory(
        indicator=indicator,
        vintage=vintage,
        country=country,
        year=year,
        value=value,
        **extra,
    )


@pytest.fixture
def states():
    return [reference_country(iso3) for iso3 in ("HND", "SLV", "MEX", "VEN")]


def test_rank_and_text_use_the_stored_value(states):
    honduras, salvador, mexico, _venezuela = states
    observe(RECEIVED_PCT_GDP, honduras, 2021, 25.29)
    observe(RECEIVED_PCT_GDP, salvador, 2021, 26.06)
    observe(RECEIVED_PCT_GDP, mexico, 2021, 4.25)

    fact = facts.remittances_gdp_fact(honduras, "en")

    assert fact.figure.value == 25.29
    assert "25.3%" in fact.text and "2021" in fact.text
    assert (fact.rank.position, fact.rank.out_of) == (2, 3)
    assert fact.percentile == 0.5
    assert fact.id == "HND.remittances-gdp.2021"


def test_stale_values_are_excluded_from_facts_and_ranking(states):
    honduras, salvador, mexico, _venezuela = states
    observe(RECEIVED_PCT_GDP, honduras, 2023, 25.0)
    observe(RECEIVED_PCT_GDP, salvador, 2019, 99.0)  # 4 years behind the latest
    observe(RECEIVED_PCT_GDP, mexico, 2023, 4.0)

    assert facts.remittances_gdp_fact(salvador, "en") is None
    assert facts.remittances_gdp_fact(honduras, "en").rank.out_of == 2


def test_flagged_zeros_and_aggregates_are_excluded(states):
    honduras, _salvador, mexico, venezuela = states
    observe(RECEIVED_PCT_GDP, honduras, 2021, 25.0)
    observe(RECEIVED_PCT_GDP, mexico, 2021, 4.0)
    observe(RECEIVED_PCT_GDP, venezuela, 2021, 0.0, not_meaningful=True)
    indicator, vintage = indicator_with_vintage(RECEIVED_PCT_GDP)
    region, _created = Aggregate.objects.get_or_create(
        scheme="wdi", code="LCN", defaults={"name": "Latin America & Caribbean"}
    )
    ObservationFactory(
        indicator=indicator,
        vintage=vintage,
        country=None,
        aggregate=region,
        year=2021,
        value=50.0,
    )

    assert facts.remittances_gdp_fact(venezuela, "en") is None
    fact = facts.remittances_gdp_fact(honduras, "en")
    assert (fact.rank.position, fact.rank.out_of) == (1, 2)


def test_cost_fact_compares_with_the_sdg_target_and_ranks_cheapest_first(states):
    honduras, salvador, mexico, _venezuela = states
    observe(COST_TO, salvador, 2020, 2.853846)
    observe(COST_TO, mexico, 2020, 4.179567)

    cheap = facts.remittance_cost_fact(salvador, "en")
    dear = facts.remittance_cost_fact(mexico, "en")

    assert "below the SDG target" in cheap.text and cheap.rank.position == 1
    assert "the SDG target is under 3%" in dear.text and dear.rank.position == 2
    assert facts.remittance_cost_fact(honduras, "en") is None


def test_facts_in_each_language_stay_short(states):
    honduras, salvador, _mexico, _venezuela = states
    observe(RECEIVED_PCT_GDP, honduras, 2021, 25.29)
    observe(COST_TO, honduras, 2020, 5.5)
    for language in ("en", "es", "fr", "pt"):
        found = facts.build_country_facts(honduras, language)
        assert {fact.id for fact in found} == {
            "HND.remittances-gdp.2021",
            "HND.remittance-cost.2020",
        }
        assert all(len(fact.text) < facts.MAX_TEXT_LENGTH for fact in found)


def test_admin_lists_facts_for_a_country(states, admin_client):
    honduras = states[0]
    observe(RECEIVED_PCT_GDP, honduras, 2021, 25.29)
    response = admin_client.get("/admin/data-facts/?country=HND&language=es")
    assert response.status_code == 200
    assert "HND.remittances-gdp.2021" in response.content.decode()
    assert "25.3%" in response.content.decode()


def test_fact_text_is_in_the_language_asked_whatever_is_active(states):
    _honduras, salvador, _mexico, _venezuela = states
    observe(COST_TO, salvador, 2020, 2.853846)

    with translation.override("es"):
        english = facts.remittance_cost_fact(salvador, "en")
        not_published = Figure(None).display("en")

    assert english.text.startswith("Sending USD 200 to El Salvador cost 2.9%")
    assert not_published == "not published"
