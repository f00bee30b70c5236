"""What the content modules are written in: one text in the site's four languages
(`lang`), and page specs (see builder)."""

from collections.abc import Mapping
from typing import Any

Texts = Mapping[str, str]
Spec = Mapping[str, Any]


def lang(*, en: str, es: str, fr: str, pt: str) -> dict[str, str]:
    """One text in the four languages of the site."""
    return {"en": en, "es": es, "fr": fr, "pt": pt}
