"""The site's languages: settings.LANGUAGES is their one list."""

from django.conf import settings


def language_codes() -> tuple[str, ...]:
    """The codes of settings.LANGUAGES, in its order (the default language first)."""
    return tuple(code for code, _name in settings.LANGUAGES)
