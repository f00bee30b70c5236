import pytest
from django.utils import translation

from migrantscount.data.models import Country, SdgTarget, SustainableDevelopmentGoal
from migrantscount.data.services.reference import OAS_MEMBERS_CSV, load_reference_data


@pytest.mark.django_db
def test_every_iso_country_is_loaded_with_cldr_names(reference_data: None) -> None:
    assert Country.objects.count() == 249
    usa = Country.objects.get(iso2="US")
    assert usa.iso3 == "USA"
    assert usa.m49 == 840
    assert usa.name_in("es") == "Estados Unidos"
    assert usa.name_in("fr") == "États-Unis"
    assert usa.name_in("pt") == "Estados Unidos"
    assert Country.objects.get(iso3="CIV").name_in("fr") == "Côte d’Ivoire"


@pytest.mark.django_db
def test_name_follows_the_active_language(reference_data: None) -> None:
    mexico = Country.objects.get(iso3="MEX")
    with translation.override("fr"):
        assert mexico.name == "Mexique"
    with translation.override("es"):
        assert mexico.name == "México"
    with translation.override("de"):
        assert mexico.name == "Mexico"


@pytest.mark.django_db
def test_oas_membership_comes_from_the_shipped_csv(reference_data: None) -> None:
    members = Country.objects.oas_members()
    assert members.count() == 35
    expected = {
        line.split(",")[0]
        for line in OAS_MEMBERS_CSV.read_text(encoding="utf-8").splitlines()[1:]
    }
    assert set(members.values_list("iso3", flat=True)) == expected
    haiti = Country.objects.get(iso3="HTI")
    assert haiti.oas_language == "fr"
    assert haiti.national_languages == "fr;ht"
    assert "2438" in Country.objects.get(iso3="CUB").oas_note
    assert not Country.objects.get(iso3="ESP").is_oas_member


@pytest.mark.django_db
def test_sdgs_have_official_short_titles_in_four_languages(
    reference_data: None,
) -> None:
    assert SustainableDevelopmentGoal.objects.count() == 17
    goal = SustainableDevelopmentGoal.objects.get(number=1)
    assert [goal.title_in(code) for code in ("en", "es", "fr", "pt")] == [
        "No poverty",
        "Fin de la pobreza",
        "Pas de pauvreté",
        "Erradicação da pobreza",
    ]
    target = SdgTarget.objects.get(code="10.c")
    assert target.goal.number == 10
    assert "3%" in target.text_in("es")
    assert {"8.8", "10.7", "10.c", "17.3"} <= set(
        SdgTarget.objects.values_list("code", flat=True)
    )


@pytest.mark.django_db
def test_loading_twice_changes_nothing(reference_data: None) -> None:
    before = list(Country.objects.order_by("iso3").values())
    load_reference_data()
    assert list(Country.objects.order_by("iso3").values()) == before
    assert SdgTarget.objects.count() == 4


@pytest.mark.django_db
def test_countries_carry_packaged_coordinates(reference_data: None) -> None:
    venezuela = Country.objects.get(iso3="VEN")
    assert (venezuela.latitude, venezuela.longitude) == (8.0, -66.0)
    # countryinfo has no centre for Curaçao, only its capital, Willemstad.
    curacao = Country.objects.get(iso3="CUW")
    assert curacao.latitude == pytest.approx(12.12, abs=0.01)
    assert Country.objects.get(iso3="ATA").latitude is None
    assert Country.objects.filter(latitude__isnull=True).count() <= 5


@pytest.mark.django_db
def test_distance_between_country_centres(reference_data: None) -> None:
    venezuela = Country.objects.get(iso3="VEN")
    colombia = Country.objects.get(iso3="COL")
    # countryinfo's centres (8, -66) and (4, -72).
    assert venezuela.distance_km(colombia) == pytest.approx(798.7, abs=0.1)
    assert colombia.distance_km(venezuela) == venezuela.distance_km(colombia)
    assert venezuela.distance_km(venezuela) == 0
    assert venezuela.distance_km(Country.objects.get(iso3="ATA")) is None


def test_distance_is_haversine_on_the_mean_earth_radius() -> None:
    def point(latitude: float, longitude: float) -> Country:
        return Country(latitude=latitude, longitude=longitude)

    # One degree of the equator; pole to pole; Caracas to Bogotá (about 1,027 km).
    assert point(0, 0).distance_km(point(0, 1)) == pytest.approx(111.195, abs=0.001)
    assert point(90, 0).distance_km(point(-90, 0)) == pytest.approx(20015.1, abs=0.1)
    caracas, bogota = point(10.5061, -66.9146), point(4.5981, -74.0760)
    assert caracas.distance_km(bogota) == pytest.approx(1026.7, abs=0.5)
