"""The per-network limits table and its check: one counter for preview and check."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from migrantscount.social.platforms import bluesky, limits, mastodon
from migrantscount.social.platforms.base import Draft, Media

VARIANT = "Bluesky @ana.test (es)"

words = st.lists(
    st.sampled_from(
        ["migrantes", "é", "…", "€", "🇲🇽", "👨‍👩‍👧‍👦", "移民", " ", "#Tag"]
    ),
    max_size=400,
).map("".join)
links = st.sampled_from(["", " https://migrantscount.org/es/historias/ana/?utm=x"])


def _media(
    *, size: int = 10, mime_type: str = "image/png", alt_text: str = "A chart"
) -> Media:
    return Media(
        content=b"x" * size, mime_type=mime_type, alt_text=alt_text, width=1, height=1
    )


def test_the_table_has_every_network_with_its_rules() -> None:
    table = limits.LIMITS
    assert {key: row.max_length for key, row in table.items()} == {
        "bluesky": 300,
        "mastodon": 500,
        "threads": 500,
        "linkedin": 3_000,
        "instagram": 2_200,
        "facebook": 63_206,
        "x": 280,
    }
    assert table["bluesky"].max_bytes == 3_000
    assert table["instagram"].max_hashtags == 30
    assert table["instagram"].images.required
    assert not any(
        row.images.required for key, row in table.items() if key != "instagram"
    )


@given(words, links)
def test_preview_and_check_give_the_same_number(body: str, link: str) -> None:
    text = body + link
    for network in limits.LIMITS:
        counted = limits.measure(network, text)
        problems = limits.check(Draft(text=text, language="es"), network, variant="v")
        over = [p for p in problems if "too many. Shorten the text" in p]
        if counted.remaining < 0:
            assert f": {-counted.remaining} too many." in over[0]
            assert f"counts {counted.length} characters" in over[0]
        else:
            assert not over


@given(words, links)
def test_the_network_modules_count_as_the_table(body: str, link: str) -> None:
    text = body + link
    draft = Draft(text=text, language="es")
    with translation.override("en"):
        problems = " ".join(bluesky.validate(draft, None))
        counted = limits.measure("bluesky", text)
        found = re.search(r"The text has (\d+) characters", problems)
        assert (found is not None) == (counted.remaining < 0)
        if found:
            assert int(found.group(1)) == counted.length
        problems = " ".join(mastodon.validate(draft, None))
        counted = limits.measure("mastodon", text)
        found = re.search(r"counts (\d+) characters on Mastodon", problems)
        assert (found is not None) == (counted.remaining < 0)
        if found:
            assert int(found.group(1)) == counted.length


def test_an_over_long_x_variant_says_by_how_much_and_what_to_do() -> None:
    text = "€" * 141  # 282 weighted
    with translation.override("en"):
        (problem,) = limits.check(
            Draft(text=text, language="en"), "x", variant="X (en)"
        )
    assert problem.startswith("X (en): the text counts 282 characters")
    assert "X allows 280" in problem
    assert "2 too many" in problem
    assert "€ → count 2" in problem
    assert "Shorten the text by at least 2 characters" in problem


def test_bluesky_bytes_and_graphemes_are_both_checked() -> None:
    text = "👨‍👩‍👧‍👦" * 121  # 121 graphemes, 3,025 bytes
    with translation.override("en"):
        problems = limits.check(
            Draft(text=text, language="es"), "bluesky", variant=VARIANT
        )
    assert len(problems) == 1
    assert "3025 bytes" in problems[0]
    assert "25 bytes too many" in problems[0]
    assert limits.measure("bluesky", text).remaining == 300 - 121


def test_mastodon_uses_the_instance_settings() -> None:
    settings = {"max_characters": 1000, "characters_reserved_per_url": 30}
    text = "a" * 980 + " https://migrantscount.org/" + "b" * 200
    counted = limits.measure("mastodon", text, settings)
    assert counted.limit == 1000
    assert counted.length == 980 + 1 + 30
    assert counted.remaining == -11
    with translation.override("en"):
        (problem,) = limits.check(
            Draft(text=text, language="en"), "mastodon", variant="m", settings=settings
        )
    assert "each link counts 30" in problem
    assert "11 too many" in problem


def test_instagram_needs_an_image_and_at_most_30_hashtags() -> None:
    text = " ".join(f"#Tag{number}x" for number in range(31))
    with translation.override("en"):
        problems = limits.check(
            Draft(text=text, language="es"), "instagram", variant="ig"
        )
    assert any("31 hashtags" in p and "Remove 1 of them" in p for p in problems)
    assert any("Instagram needs an image" in p for p in problems)
    assert limits.count_hashtags("#a1 #b #123 x#no &#39; #MigrantesCuentan") == 3


@pytest.mark.parametrize(
    ("network", "media", "expected"),
    [
        ("x", [_media(size=5 * 1024 * 1024 + 1)], "1 bytes too many"),
        ("instagram", [_media(mime_type="image/png")], "takes image/jpeg"),
        ("x", [_media(alt_text=" ")], "image 1 has no description"),
        ("x", [_media(alt_text="a" * 1001)], "1001 characters and X takes 1000"),
        ("x", [_media()] * 5, "5 images and X takes at most 4. Remove 1."),
        ("bluesky", [_media(size=5_000_000)], None),  # bluesky.py re-encodes
    ],
)
def test_image_rules(network: str, media: list[Media], expected: str | None) -> None:
    draft = Draft(text="Hola", language="es", media=tuple(media))
    with translation.override("en"):
        problems = limits.check(draft, network, variant="v")
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems


def test_messages_are_in_the_users_language() -> None:
    draft = Draft(text="€" * 141, language="en")
    with translation.override("es"):
        (problem,) = limits.check(draft, "x", variant="X (en)")
    assert "X (en)" in problem and "282" in problem and "2" in problem
    assert "Shorten" not in problem
