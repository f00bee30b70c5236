"""Property tests for the length counters the network modules share."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from migrantscount.social.platforms import text as counters

# Each of these is one grapheme for a reader (and for Bluesky and Mastodon).
FLAGS = ["🇪🇸", "🇫🇷", "🇧🇷", "🇲🇽", "🇺🇳"]
ZWJ_SEQUENCES = ["👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏽‍🔬", "🧑‍🤝‍🧑", "❤️‍🔥"]
EMOJI = ["😀", "🌍", "✊🏾", "👍🏻", "✈️", "1️⃣"]
CJK = ["移", "民", "数", "人", "이", "민", "ア", "ジ"]
COMBINING = ["\u0301", "\u0303", "\u0308", "\u0327", "\u0323"]

clusters = st.sampled_from(FLAGS + ZWJ_SEQUENCES + EMOJI + CJK)
bases = st.sampled_from(list("aeinouAEINOUçñ"))
accented = st.builds(
    lambda base, marks: base + "".join(marks),
    bases,
    st.lists(st.sampled_from(COMBINING), min_size=1, max_size=3),
)
ascii_words = st.text(
    alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1
)
# Pieces that never merge with a neighbour into one grapheme.
pieces = st.one_of(clusters, accented, ascii_words, st.just(" "))
urls = st.builds(
    lambda host, path: f"https://{host}.org/{path}",
    ascii_words,
    st.text(
        alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), max_size=300
    ),
)


def _count(piece: str) -> int:
    """Graphemes of a piece built by the strategies above."""
    if piece in FLAGS + ZWJ_SEQUENCES + EMOJI + CJK:
        return 1
    if unicodedata.combining(piece[-1]):
        return 1
    return len(piece)


@given(st.text())
def test_bytes_are_utf8_length(text: str) -> None:
    assert counters.utf8_bytes(text) == len(text.encode("utf-8"))


@given(st.text())
def test_graphemes_never_exceed_code_points(text: str) -> None:
    assert counters.graphemes(text) <= len(text)
    assert (counters.graphemes(text) == 0) == (text == "")


@given(st.lists(pieces))
def test_graphemes_count_what_a_reader_sees(parts: list[str]) -> None:
    assert counters.graphemes("".join(parts)) == sum(_count(part) for part in parts)


@given(st.lists(clusters, min_size=1))
def test_emoji_flags_and_cjk_are_one_grapheme_several_bytes(parts: list[str]) -> None:
    text = "".join(parts)
    assert counters.graphemes(text) == len(parts)
    assert counters.utf8_bytes(text) >= 3 * len(parts)


def test_known_clusters() -> None:
    assert counters.graphemes("👨‍👩‍👧‍👦") == 1
    assert counters.utf8_bytes("👨‍👩‍👧‍👦") == 25
    assert counters.graphemes("🇪🇸") == 1
    assert counters.utf8_bytes("🇪🇸") == 8
    assert counters.graphemes("e\u0301") == 1
    assert counters.graphemes("移民") == 2
    assert counters.utf8_bytes("移民") == 6


@given(st.text(), st.text(), st.text())
def test_byte_span_addresses_the_same_substring(
    before: str, middle: str, after: str
) -> None:
    text = before + middle + after
    start, end = counters.byte_span(text, len(before), len(before) + len(middle))
    assert text.encode("utf-8")[start:end].decode("utf-8") == middle
    assert end - start == counters.utf8_bytes(middle)


@given(st.lists(pieces), urls, st.lists(pieces), st.integers(1, 64))
def test_mastodon_counts_every_url_as_reserved_length(
    before: list[str], url: str, after: list[str], reserved: int
) -> None:
    text = "".join(before) + " " + url + " " + "".join(after)
    expected = sum(map(_count, before)) + 2 + reserved + sum(map(_count, after))
    assert (
        counters.mastodon_length(text, characters_reserved_per_url=reserved) == expected
    )


@given(st.lists(urls, min_size=1, max_size=5))
def test_find_urls_finds_each_url(links: list[str]) -> None:
    text = "See " + ", ".join(links) + "."
    spans = counters.find_urls(text)
    assert [text[start:end] for start, end in spans] == links


def test_url_punctuation_and_brackets() -> None:
    text = "(see https://en.wikipedia.org/wiki/A_(B)) and https://x.org/a."
    assert [text[s:e] for s, e in counters.find_urls(text)] == [
        "https://en.wikipedia.org/wiki/A_(B)",
        "https://x.org/a",
    ]


def test_mastodon_counts_remote_mentions_by_local_part() -> None:
    assert counters.mastodon_length("hi @ana@example.social") == len("hi @ana")
    assert counters.mastodon_length("mail ana@example.org") == len(
        "mail ana@example.org"
    )
