"""How networks count a post's length, shared by the network modules.

- Bluesky: extended grapheme clusters (what a person sees as one character: a flag,
  a family emoji joined by ZWJ, a letter with its combining accents) and UTF-8 bytes;
  rich-text facets address the text by UTF-8 byte offsets.
- Mastodon: grapheme clusters too, but every URL counts as the instance's
  `characters_reserved_per_url` whatever its length, and a remote mention
  `@name@domain` counts as `@name`.
"""

from __future__ import annotations

import regex

# Ends a URL at whitespace; trailing sentence punctuation is not part of it
# (as twitter-text, which Mastodon and Bluesky clients follow).
URL_PATTERN = regex.compile(r"https?://[^\s<>\"]+")
_URL_TRAILING = ".,;:!?'\")]}"
_REMOTE_MENTION = regex.compile(r"(?<![\w@])(@[\w.]+)@[\w.-]+\w", regex.UNICODE)
_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> int:
    """Extended grapheme clusters, as Bluesky and Mastodon count characters."""
    return len(_GRAPHEME.findall(text))


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def byte_span(text: str, start: int, end: int) -> tuple[int, int]:
    """UTF-8 byte offsets of `text[start:end]` (string indexes -> byte indexes)."""
    byte_start = utf8_bytes(text[:start])
    return byte_start, byte_start + utf8_bytes(text[start:end])


def find_urls(text: str) -> list[tuple[int, int]]:
    """(start, end) string indexes of every http(s) URL in `text`."""
    spans = []
    for match in URL_PATTERN.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TRAILING:
            # Keep a closing bracket that belongs to the URL, e.g. /wiki/A_(B).
            if text[end - 1] == ")" and text.count("(", match.start(), end) >= (
                text.count(")", match.start(), end)
            ):
                break
            end -= 1
        if text[match.start() : end].rstrip("/").count("/") >= 2:
            spans.append((match.start(), end))
    return spans


def mastodon_length(text: str, *, characters_reserved_per_url: int = 23) -> int:
    """Mastodon's count: graphemes, each URL as `characters_reserved_per_url`."""
    pieces = []
    position = 0
    for start, end in find_urls(text):
        pieces.append(text[position:start])
        pieces.append("x" * characters_reserved_per_url)
        position = end
    pieces.append(text[position:])
    countable = _REMOTE_MENTION.sub(r"\1", "".join(pieces))
    return graphemes(countable)
