"""Each network's limits in one table, and the one counter the preview and the check
share (`measure`): the composer's "characters left" and the check's "over by" are
the same number because they come from the same call.

The counters themselves are the network modules' own (`text.graphemes`,
`text.mastodon_length`, `x.weighted_length`), so the dispatcher's last check before
publishing (each module's `validate`) counts as this does.

The X and LinkedIn rows take their numbers from their modules (`x.py`,
`linkedin.py`, checked against the networks' documentation when those were
written); the other rows come from ../shared/NETWORKS.md (checked 2026-12-01) and are
to be checked again by their modules. Those counted "as a reader sees them" use
grapheme clusters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import regex
from django.utils.translation import gettext as _

from . import bluesky, linkedin, mastodon, x
from . import text as counters
from .base import Draft

Settings = Mapping[str, Any]

_HASHTAG = regex.compile(r"(?<![\w&/])[#＃][\w\p{M}]*[^\W\d_][\w\p{M}]*")


@dataclass(frozen=True)
class ImageRules:
    max_count: int
    max_bytes: int | None  # None: the network module re-encodes to fit
    types: tuple[str, ...]
    alt_max: int | None
    required: bool = False


@dataclass(frozen=True)
class NetworkLimits:
    key: str
    name: str
    max_length: int
    count: Callable[[str, Settings], int]
    images: ImageRules
    max_bytes: int | None = None
    max_hashtags: int | None = None
    # Which of the ways of counting below: "graphemes", "mastodon", "weighted".
    counting: str = "graphemes"


@dataclass(frozen=True)
class Measure:
    """A text's length as one network counts it, against that network's limits."""

    network: str
    length: int
    limit: int
    byte_length: int
    byte_limit: int | None
    hashtags: int
    hashtag_limit: int | None

    @property
    def remaining(self) -> int:
        return self.limit - self.length

    @property
    def is_over(self) -> bool:
        return (
            self.remaining < 0
            or (self.byte_limit is not None and self.byte_length > self.byte_limit)
            or (self.hashtag_limit is not None and self.hashtags > self.hashtag_limit)
        )


def _graphemes(text: str, settings: Settings) -> int:
    return counters.graphemes(text)


def _mastodon(text: str, settings: Settings) -> int:
    return counters.mastodon_length(
        text,
        characters_reserved_per_url=int(
            settings.get("characters_reserved_per_url")
            or mastodon.DEFAULTS["characters_reserved_per_url"]
        ),
    )


def _weighted(text: str, settings: Settings) -> int:
    return x.weighted_length(text)


_JPEG_PNG = ("image/jpeg", "image/png")
_WEB_IMAGES = ("image/jpeg", "image/png", "image/gif", "image/webp")
MB = 1024 * 1024

LIMITS: dict[str, NetworkLimits] = {
    "bluesky": NetworkLimits(
        key="bluesky",
        name="Bluesky",
        max_length=bluesky.MAX_GRAPHEMES,
        max_bytes=bluesky.MAX_BYTES,
        count=_graphemes,
        images=ImageRules(
            max_count=bluesky.MAX_IMAGES,
            max_bytes=None,  # bluesky.py re-encodes to 1,000,000 bytes
            types=_WEB_IMAGES,
            alt_max=None,
        ),
    ),
    "mastodon": NetworkLimits(
        key="mastodon",
        name="Mastodon",
        max_length=int(mastodon.DEFAULTS["max_characters"]),
        count=_mastodon,
        counting="mastodon",
        images=ImageRules(
            max_count=int(mastodon.DEFAULTS["max_media_attachments"]),
            max_bytes=int(mastodon.DEFAULTS["image_size_limit"]),
            types=tuple(mastodon.DEFAULTS["supported_mime_types"]),
            alt_max=int(mastodon.DEFAULTS["description_limit"]),
        ),
    ),
    "threads": NetworkLimits(
        key="threads",
        name="Threads",
        max_length=500,
        count=_graphemes,
        images=ImageRules(
            max_count=20, max_bytes=8 * MB, types=_JPEG_PNG, alt_max=None
        ),
    ),
    "linkedin": NetworkLimits(
        key="linkedin",
        name="LinkedIn",
        max_length=linkedin.MAX_LENGTH,
        count=_graphemes,
        images=ImageRules(
            max_count=linkedin.MAX_IMAGES,
            max_bytes=linkedin.MAX_IMAGE_BYTES,
            types=linkedin.IMAGE_TYPES,
            alt_max=linkedin.MAX_ALT_TEXT,
        ),
    ),
    "instagram": NetworkLimits(
        key="instagram",
        name="Instagram",
        max_length=2_200,
        max_hashtags=30,
        count=_graphemes,
        images=ImageRules(
            max_count=10,
            max_bytes=8 * MB,
            types=("image/jpeg",),
            alt_max=None,
            required=True,
        ),
    ),
    "facebook": NetworkLimits(
        key="facebook",
        name="Facebook",
        max_length=63_206,
        count=_graphemes,
        images=ImageRules(
            max_count=10, max_bytes=10 * MB, types=_WEB_IMAGES[:3], alt_max=None
        ),
    ),
    "x": NetworkLimits(
        key="x",
        name="X",
        max_length=x.MAX_WEIGHTED_LENGTH,
        count=_weighted,
        counting="weighted",
        images=ImageRules(
            max_count=x.MAX_IMAGES,
            max_bytes=x.MAX_IMAGE_BYTES,
            types=x.IMAGE_TYPES,
            alt_max=x.MAX_ALT_TEXT,
        ),
    ),
}


def limits_for(network: str, settings: Settings | None = None) -> NetworkLimits:
    """The table's row, with what a Mastodon instance said about itself."""
    limits = LIMITS[network]
    if network != "mastodon" or not settings:
        return limits
    images = limits.images

    def value(name: str, default: Any) -> Any:
        found = settings.get(name)
        return default if found is None else found

    return NetworkLimits(
        key=limits.key,
        name=limits.name,
        max_length=int(value("max_characters", limits.max_length)),
        count=limits.count,
        counting=limits.counting,
        images=ImageRules(
            max_count=int(value("max_media_attachments", images.max_count)),
            max_bytes=int(value("image_size_limit", images.max_bytes)),
            types=tuple(value("supported_mime_types", images.types)),
            alt_max=int(value("description_limit", images.alt_max)),
        ),
    )


def count_hashtags(text: str) -> int:
    return len(_HASHTAG.findall(text))


def measure(network: str, text: str, settings: Settings | None = None) -> Measure:
    """The one count the preview shows and the check compares."""
    settings = settings or {}
    limits = limits_for(network, settings)
    return Measure(
        network=network,
        length=limits.count(text, settings),
        limit=limits.max_length,
        byte_length=counters.utf8_bytes(text),
        byte_limit=limits.max_bytes,
        hashtags=count_hashtags(text),
        hashtag_limit=limits.max_hashtags,
    )


def _how_counted(limits: NetworkLimits, settings: Settings) -> str:
    if limits.counting == "weighted":
        return _(
            "emoji, letters of Chinese, Japanese or Korean and signs such as … € → "
            "count 2, each link 23"
        )
    if limits.counting == "mastodon":
        return _("each link counts %(count)s") % {
            "count": settings.get("characters_reserved_per_url")
            or mastodon.DEFAULTS["characters_reserved_per_url"]
        }
    return _("as a reader sees them: an emoji or a flag counts 1")


def check(
    draft: Draft, network: str, *, variant: str, settings: Settings | None = None
) -> list[str]:
    """What stops this variant from going out on `network`, each problem naming
    the variant, the rule, by how much it is over and what to change."""
    settings = settings or {}
    limits = limits_for(network, settings)
    counted = measure(network, draft.text, settings)
    names = {"variant": variant, "network": limits.name}
    problems: list[str] = []
    if not draft.text.strip() and not draft.media:
        problems.append(_("%(variant)s: the text is empty. Write a text.") % names)
    if counted.remaining < 0:
        problems.append(
            _(
                "%(variant)s: the text counts %(length)s characters and %(network)s "
                "allows %(limit)s (%(how)s): %(over)s too many. Shorten the text by "
                "at least %(over)s characters; the hashtag and the link are counted."
            )
            % {
                **names,
                "length": counted.length,
                "limit": counted.limit,
                "how": _how_counted(limits, settings),
                "over": -counted.remaining,
            }
        )
    if counted.byte_limit is not None and counted.byte_length > counted.byte_limit:
        problems.append(
            _(
                "%(variant)s: the text takes %(length)s bytes and %(network)s allows "
                "%(limit)s: %(over)s bytes too many. Shorten it (accented letters "
                "and emoji take several bytes each)."
            )
            % {
                **names,
                "length": counted.byte_length,
                "limit": counted.byte_limit,
                "over": counted.byte_length - counted.byte_limit,
            }
        )
    if counted.hashtag_limit is not None and counted.hashtags > counted.hashtag_limit:
        problems.append(
            _(
                "%(variant)s: %(count)s hashtags and %(network)s allows %(limit)s. "
                "Remove %(over)s of them."
            )
            % {
                **names,
                "count": counted.hashtags,
                "limit": counted.hashtag_limit,
                "over": counted.hashtags - counted.hashtag_limit,
            }
        )
    problems.extend(_image_problems(draft, limits, names))
    return problems


def _image_problems(
    draft: Draft, limits: NetworkLimits, names: dict[str, str]
) -> list[str]:
    rules = limits.images
    problems: list[str] = []
    if rules.required and not draft.media:
        problems.append(
            _("%(variant)s: %(network)s needs an image. Choose an image.") % names
        )
    if len(draft.media) > rules.max_count:
        problems.append(
            _(
                "%(variant)s: %(count)s images and %(network)s takes at most "
                "%(limit)s. Remove %(over)s."
            )
            % {
                **names,
                "count": len(draft.media),
                "limit": rules.max_count,
                "over": len(draft.media) - rules.max_count,
            }
        )
    for number, media in enumerate(draft.media, start=1):
        about = {**names, "number": number}
        if media.mime_type not in rules.types:
            problems.append(
                _(
                    "%(variant)s: image %(number)s is %(type)s and %(network)s takes "
                    "%(types)s. Use an image in one of those formats."
                )
                % {**about, "type": media.mime_type, "types": ", ".join(rules.types)}
            )
        size = len(media.content)
        if rules.max_bytes is not None and size > rules.max_bytes:
            problems.append(
                _(
                    "%(variant)s: image %(number)s takes %(size)s bytes and "
                    "%(network)s takes at most %(limit)s: %(over)s bytes too many. "
                    "Use a smaller image."
                )
                % {
                    **about,
                    "size": size,
                    "limit": rules.max_bytes,
                    "over": size - rules.max_bytes,
                }
            )
        alt = media.alt_text.strip()
        if not alt:
            problems.append(
                _(
                    "%(variant)s: image %(number)s has no description. Describe what "
                    "a person who cannot see it would miss."
                )
                % about
            )
        elif rules.alt_max is not None and len(alt) > rules.alt_max:
            problems.append(
                _(
                    "%(variant)s: the description of image %(number)s has "
                    "%(length)s characters and %(network)s takes %(limit)s: "
                    "%(over)s too many. Shorten the description."
                )
                % {
                    **about,
                    "length": len(alt),
                    "limit": rules.alt_max,
                    "over": len(alt) - rules.alt_max,
                }
            )
    return problems
