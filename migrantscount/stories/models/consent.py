"""Consent: the wording a person agreed to, the uses they may allow."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    """SHA-256 of a status token: only the hash is stored, independent of SECRET_KEY."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ConsentText(models.Model):
    """The consent wording shown to a person, one version per language."""

    language = models.CharField(_("language"), max_length=8)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["language", "-version"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "version"], name="stories_consent_language_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} v{self.version}"


class Scope(models.TextChoices):
    """What a person may allow, each asked separately."""

    WEBSITE = "website", _("Publish on the website")
    SOCIAL = "social", _("Share on social networks")
    PRESS = "press", _("Quote to the press")
    INTERVIEW = "interview", _("Appear in a live interview")
    NAME = "name", _("Show my name")
    PHOTO = "photo", _("Show my photo")
