"""The only place that reads the environment: three tiny typed helpers."""

import os

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()


def env_str(name: str, default: str | object = _MISSING) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return str(default)
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} must be an integer, not {value!r}."
        ) from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Variables holding a secret (or a password inside a URL), read by the settings.
SECRET_VARIABLES = (
    "SECRET_KEY",
    "MIGRANTSCOUNT_ENCRYPTION_KEYS",
    "MIGRANTSCOUNT_BACKUP_PASSPHRASE",
    "DATABASE_URL",
    "EMAIL_URL",
)


def forget_secrets() -> None:
    """Remove the secrets from this process's environment once the settings hold them.

    granian copies the whole environment into every request's WSGI environ, so each
    `request.META` held the keys and the database password; Django's error reports hide
    names with KEY or PASS but not DATABASE_URL or EMAIL_URL. Only the web process calls
    this: the settings are read once, and nothing in it starts a program that needs them.
    """
    for name in SECRET_VARIABLES:
        os.environ.pop(name, None)
