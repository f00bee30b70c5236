"""X (Twitter): how it counts a post. Publishing to X comes later (issue 15, part 3).

This is a counters module, not yet a network module: it does not implement the
`Platform` interface and is not in `PLATFORMS`.

`weighted_length` follows twitter-text v3 (`config/v3.json`): the text is NFC
normalised; each code point weighs 1 in the ranges U+0000–10FF, U+2000–200D,
U+2010–201F and U+2032–2037 and 2 elsewhere (so "…", "€", "→" and CJK count 2);
an emoji, a whole sequence with its modifiers and ZWJs, counts 2; each URL that
twitter-text's extractor accepts counts 23. URL and emoji extraction come from
`twitter-text-parser` 3.0.0, a port that passes twitter-text's own conformance
cases (`social/tests/test_x.py`). Its emoji table stops at Unicode 11, so an emoji
sequence newer than that (e.g. "❤️‍🔥") would count piece by piece; a grapheme
cluster holding a pictograph with a joiner, modifier or variation selector is
therefore counted as one emoji as well, as X's current clients do.
"""

from __future__ import annotations

import unicodedata

import regex
from twitter_text import extract_emojis_with_indices, extract_urls_with_indices

KEY = "x"
NAME = "X"

MAX_WEIGHTED_LENGTH = 280
TRANSFORMED_URL_LENGTH = 23
SCALE = 100
DEFAULT_WEIGHT = 200
EMOJI_WEIGHT = 200
RANGES = (
    (0x0000, 0x10FF, 100),
    (0x2000, 0x200D, 100),
    (0x2010, 0x201F, 100),
    (0x2032, 0x2037, 100),
)
MAX_IMAGES = 4
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_ALT_TEXT = 1_000
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")

_GRAPHEME = regex.compile(r"\X")
_PICTOGRAPH = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")
_SEQUENCE_MARK = regex.compile(r"[\u200d\ufe0f\p{Emoji_Modifier}\U000E0020-\U000E007F]")


def _weight(character: str) -> int:
    code_point = ord(character)
    for start, end, weight in RANGES:
        if start <= code_point <= end:
            return weight
    return DEFAULT_WEIGHT


def _emoji_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every emoji: twitter-text's, widened to whole sequences."""
    spans = [tuple(item["indices"]) for item in extract_emojis_with_indices(text)]
    position = 0
    for cluster in _GRAPHEME.findall(text):
        start, end = position, position + len(cluster)
        position = end
        if (
            len(cluster) > 1
            and _PICTOGRAPH.search(cluster)
            and _SEQUENCE_MARK.search(cluster)
        ):
            spans = [s for s in spans if s[1] <= start or s[0] >= end]
            spans.append((start, end))
    return sorted((int(start), int(end)) for start, end in spans)


def weighted_length(text: str) -> int:
    """The length X counts against its 280 (twitter-text v3)."""
    text = unicodedata.normalize("NFC", text)
    counted: dict[int, int] = {}  # start index -> (end index) of a counted unit
    weights: dict[int, int] = {}
    for item in extract_urls_with_indices(text):
        start, end = item["indices"]
        counted[start], weights[start] = end, TRANSFORMED_URL_LENGTH * SCALE
    for start, end in _emoji_spans(text):
        if not any(s <= start < e for s, e in counted.items()):
            counted[start], weights[start] = end, EMOJI_WEIGHT
    total = 0
    index = 0
    while index < len(text):
        if index in counted:
            total += weights[index]
            index = counted[index]
        else:
            total += _weight(text[index])
            index += 1
    return total // SCALE


def remaining(text: str) -> int:
    """Weighted characters left before the limit (negative: over)."""
    return MAX_WEIGHTED_LENGTH - weighted_length(text)
