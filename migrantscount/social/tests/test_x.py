"""X's weighted length against twitter-text's own conformance cases, and properties.

The cases are in data/twitter_text_conformance.json, transcribed from
twitter/twitter-text (commit 30e2430): conformance/validate.yml (the v3 counter's
sections) and conformance/extract.yml (urls); its "source" key says which.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrantscount.social.platforms import x

CASES: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "twitter_text_conformance.json").read_text(
        encoding="utf-8"
    )
)


@pytest.mark.parametrize(
    "case", CASES["weighted_length"], ids=lambda case: case["description"][:60]
)
def test_weighted_length_conformance(case: dict[str, Any]) -> None:
    assert x.weighted_length(case["text"]) == case["expected"]


def test_every_conformance_section_is_there() -> None:
    sections = {case["section"] for case in CASES["weighted_length"]}
    assert sections == {
        "WeightedTweetsWithDiscountedEmojiCounterTest",
        "UnicodeDirectionalMarkerCounterTest",
    }
    assert len(CASES["weighted_length"]) == 24
    assert len(CASES["urls"]) == 91


@pytest.mark.parametrize("case", CASES["urls"], ids=lambda case: case["description"])
def test_each_url_the_extractor_accepts_counts_23(case: dict[str, Any]) -> None:
    text = case["text"]
    replaced = text
    for url in case["expected"]:
        replaced = replaced.replace(url, "\x00" * x.TRANSFORMED_URL_LENGTH, 1)
    assert x.weighted_length(text) == x.weighted_length(replaced)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("…", 2),
        ("€", 2),
        ("→", 2),
        ("—", 1),
        ("ñandú", 5),
        ("e\u0301", 1),  # NFC: one code point
        ("移民", 4),
        ("👨‍👩‍👧‍👦", 2),
        ("🏳️‍🌈", 2),
        ("👩🏽‍🔬", 2),
        ("❤️‍🔥", 2),  # Unicode 13.1, newer than the port's emoji table
        ("🇪🇸", 2),
        ("1️⃣", 2),
        ("migrantscount.org", 23),
        ("https://migrantscount.org/es/?utm_source=x&utm_medium=social", 23),
        ("#MigrantesCuentan", 17),
        ("", 0),
    ],
)
def test_known_lengths(text: str, expected: int) -> None:
    assert x.weighted_length(text) == expected


latin = st.text(
    alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), max_size=50
)
heavy = st.sampled_from(["…", "€", "→", "移", "민", "🐱", "😷", "🌍"])
sequences = st.sampled_from(["👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏽‍🔬", "🇲🇽", "✊🏾", "❤️‍🔥"])


@given(latin)
def test_latin_counts_one_each(text: str) -> None:
    assert x.weighted_length(text) == len(text)


@given(st.lists(st.one_of(heavy, sequences), max_size=40))
def test_heavy_characters_and_emoji_sequences_count_two(parts: list[str]) -> None:
    assert x.weighted_length(" ".join(parts)) == 3 * len(parts) - (1 if parts else 0)


@given(latin, latin, st.sampled_from(["https://", "http://", ""]))
def test_a_url_counts_23_whatever_its_length(
    before: str, path: str, scheme: str
) -> None:
    url = f"{scheme}migrantscount.org/{path}"
    text = f"{before} {url} end"
    assert x.weighted_length(text) == len(before) + 1 + 23 + 4


@given(st.text(max_size=200))
def test_normalisation_first(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert x.weighted_length(nfd) == x.weighted_length(text)
    assert x.weighted_length(text) >= 0


def test_x_is_the_network_module_and_its_counter_is_the_one_validate_uses() -> None:
    from migrantscount.social.platforms import PLATFORMS
    from migrantscount.social.platforms.base import Draft

    assert PLATFORMS["x"] is x
    assert x.remaining("a" * 281) == -1
    assert x.validate(Draft(text="a" * 280, language="en"), None) == []
    assert len(x.validate(Draft(text="a" * 281, language="en"), None)) == 1
