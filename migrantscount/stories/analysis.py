"""Search analysis of a story's text (search.py): accents dropped and casefolded
(`text.normalise_for_search`), split into words of letters and digits, each word
stemmed by Snowball in the story's language."""

import re
import threading
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

from .text import normalise_for_search

# Snowball algorithms for the site's languages; any other language is only unaccented.
STEMMERS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese"}
_WORD = re.compile(r"[^\W_]+")
_local = threading.local()


def _stemmer(language: str) -> Any:
    # Snowball's stemmer objects keep state between calls: one per thread.
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return stemmers[language]


@lru_cache(maxsize=65536)
def _stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word))


def analyse(text: str, language: str) -> str:
    """Unaccented, casefolded, stemmed words of `text`, separated by spaces."""
    words = _WORD.findall(normalise_for_search(text))
    if language not in STEMMERS:
        return " ".join(words)
    return " ".join(_stem(word, language) for word in words)
