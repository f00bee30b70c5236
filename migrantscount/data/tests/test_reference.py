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
