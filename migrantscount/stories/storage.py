"""Storage for story photos before publication: outside MEDIA_ROOT, never served by
URL, and encrypted at rest with the site's encryption keys (core.lib.crypto).

Each file on disk is one Fernet token (URL-safe base64 text), so neither the image's
bytes nor its format's magic numbers appear in it. Opening a file decrypts it in
memory; nothing decrypted is written to disk.
"""

import os
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from migrantscount.core.lib import crypto


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Encrypted files under settings.STORIES_PRIVATE_MEDIA_ROOT, read at each use."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(settings.STORIES_PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Story photos are private and have no URL.")

    def _save(self, name: str, content: Any) -> str:
        plain = b"".join(content.chunks())
        # django-stubs leave out Storage's private _save and _open.
        return super()._save(name, ContentFile(crypto.encrypt_bytes(plain)))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if mode != "rb":
            raise ValueError("Private story photos are opened read-only ('rb').")
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            token = handle.read()
        return ContentFile(crypto.decrypt_bytes(token), name=name)

    def rotate(self, name: str) -> None:
        """Re-encrypt one file with the newest key (after a key was put in front)."""
        path = self.path(name)
        with open(path, "rb") as handle:
            token = handle.read()
        rotated = crypto.rotate_bytes(token)
        temporary = f"{path}.rotating"
        with open(temporary, "wb") as handle:
            handle.write(rotated)
        os.replace(temporary, path)


private_storage = PrivateStorage()
