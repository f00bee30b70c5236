"""Symmetric encryption of personal data at rest (Fernet, several keys for rotation).

Keys come from settings.MIGRANTSCOUNT_ENCRYPTION_KEYS, newest first: the newest key
encrypts, every key decrypts, so a new key can be put in front before old rows are
re-encrypted with `manage.py rotate_encryption_key`.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

__all__ = ["DecryptionError", "InvalidToken", "decrypt", "encrypt", "generate_key"]


class DecryptionError(Exception):
    pass


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _keys() -> tuple[str, ...]:
    return tuple(settings.MIGRANTSCOUNT_ENCRYPTION_KEYS)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "Set MIGRANTSCOUNT_ENCRYPTION_KEYS (comma-separated Fernet keys, newest "
            "first) to store personal data."
        )
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                f"Encryption key number {position} in MIGRANTSCOUNT_ENCRYPTION_KEYS "
                "is not a valid Fernet key (32 url-safe base64-encoded bytes)."
            ) from error
    return MultiFernet(fernets)


def check_keys() -> None:
    """Raise ImproperlyConfigured unless every configured key is usable."""
    _fernet(_keys())


def encrypt(plaintext: str) -> str:
    return _fernet(_keys()).encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet(_keys()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as error:
        raise DecryptionError(
            "Cannot decrypt a stored value: none of the configured encryption keys "
            "fits. Was a key removed before rotation finished?"
        ) from error


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting == "MIGRANTSCOUNT_ENCRYPTION_KEYS":
        _fernet.cache_clear()
