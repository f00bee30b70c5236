from django.test import override_settings

from migrantscount.core.lib.languages import language_codes


def test_the_site_languages_are_the_codes_of_the_setting_in_order() -> None:
    assert language_codes() == ("en", "es", "fr", "pt")


@override_settings(LANGUAGES=[("pt", "Português"), ("en", "English")])
def test_language_codes_follow_the_setting() -> None:
    assert language_codes() == ("pt", "en")
