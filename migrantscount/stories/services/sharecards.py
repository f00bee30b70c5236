"""Share cards: a 1200×630 PNG per published story and hashtag for Open Graph.

Cards are drawn with Pillow from public fields only (photo if the story has one,
quote, name form, hashtag), stored under MEDIA_ROOT/stories/cards/ and named after
the story and its live revision, so a new publication draws a new card.
"""

import textwrap
from functools import cache
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..models import Story

WIDTH, HEIGHT = 1200, 630
CARD_DIR = "stories/cards"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
INK = (20, 33, 61)
PAPER = (246, 241, 232)
ACCENT = (0, 94, 140)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def card_name(story: Story, hashtag: str) -> str:
    return f"{CARD_DIR}/{story.pk}-{story.live_revision_id or 0}-{hashtag}.png"


def _photo_panel(story: Story) -> Image.Image | None:
    if story.photo is None:
        return None
    try:
        with story.photo.open_file() as handle:
            photo = Image.open(handle)
            photo.load()
    except (OSError, ValueError):
        return None
    return ImageOps.fit(
        photo.convert("RGB"), (WIDTH // 2 - 40, HEIGHT), centering=(0.5, 0.4)
    )


def render_card(story: Story, hashtag: str) -> bytes:
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    left = 60
    photo = _photo_panel(story)
    if photo is not None:
        card.paste(photo, (WIDTH - photo.width, 0))
    text_width = (WIDTH - photo.width - 100) if photo else WIDTH - 120
    draw.rectangle((0, 0, 16, HEIGHT), fill=ACCENT)
    quote_size = 40 if photo else 46
    quote_font = _font(quote_size)
    characters = max(16, int(text_width / (quote_size * 0.55)))
    lines = textwrap.wrap(f"“{story.quote}”", width=characters)[:7]
    y = 70
    for line in lines:
        draw.text((left, y), line, font=quote_font, fill=INK)
        y += int(quote_size * 1.3)
    with translation.override(story.locale.language_code):
        name = story.name_display or _("Anonymous")
    draw.text((left, y + 30), f"— {name}", font=_font(32), fill=INK)
    draw.text((left, HEIGHT - 90), f"#{hashtag}", font=_font(40), fill=ACCENT)
    output = BytesIO()
    card.save(output, "PNG", optimize=True)
    return output.getvalue()


def card_for(story: Story, hashtag: str) -> str:
    """The storage name of the story's card, drawn on first use."""
    name = card_name(story, hashtag)
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(render_card(story, hashtag)))
    return name


def delete_cards(story_ids: list[int]) -> None:
    if not story_ids or not default_storage.exists(CARD_DIR):
        return
    prefixes = tuple(f"{pk}-" for pk in story_ids)
    _dirs, files = default_storage.listdir(CARD_DIR)
    for file_name in files:
        if file_name.startswith(prefixes):
            default_storage.delete(f"{CARD_DIR}/{file_name}")
