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

__all__ = [
    "DecryptionError",
    "InvalidToken",
    "decrypt",
    "decrypt_bytes",
    "encrypt",
    "encrypt_bytes",
    "generate_key",
    "rotate_bytes",
]


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


def encrypt_bytes(content: bytes) -> bytes:
    """Encrypt a file's bytes with the newest key: one Fernet token (base64 text), so
    neither the content nor its format's magic numbers appear in what is stored."""
    return _fernet(_keys()).encrypt(content)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet(_keys()).decrypt(token)
    except InvalidToken as error:
        raise DecryptionError(
            "Cannot decrypt a stored file: none of the configured encryption keys fits."
        ) from error


def rotate_bytes(token: bytes) -> bytes:
    """The same content encrypted again with the newest key."""
    try:
        return _fernet(_keys()).rotate(token)
    except InvalidToken as error:
        raise DecryptionError(
            "Cannot re-encrypt a stored file: none of the configured encryption keys "
            "fits. Was a key removed before rotation finished?"
        ) from error


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting == "MIGRANTSCOUNT_ENCRYPTION_KEYS":
        _fernet.cache_clear()
