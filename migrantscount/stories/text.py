"""Plain-text sanitising of what people type: no HTML or script survives.

Markup is removed, never stored: tags are stripped (script and style with their
content), character references are decoded, and the result is cleaned again until
nothing changes, so no tag can be smuggled in through entity encoding. A "<" that
the HTML parser left as text but that would open a tag, comment or declaration once
more text follows it (e.g. a trailing "</") gets a space after it ("< /"), which no
parser reads as markup.
"""

import html
import re
import unicodedata

import nh3

# C0/C1 controls except tab and newline, plus bidi overrides and zero-width
# characters that hide text (U+202A-U+202E, U+2066-U+2069, U+200B-U+200F, U+FEFF).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
# "<" followed by what starts a tag, end tag, comment, declaration or
# processing instruction in the HTML tokenizer.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z!/?])")
_MAX_ROUNDS = 10


class UncleanableText(ValueError):
    pass


def _strip_markup(value: str) -> str:
    return html.unescape(nh3.clean(value, tags=set(), attributes={}))


def sanitize(value: str, *, multiline: bool = True) -> str:
    """Return `value` as plain text, or raise UncleanableText."""
    value = unicodedata.normalize(
        "NFC", value.replace("\r\n", "\n").replace("\r", "\n")
    )
    for _round in range(_MAX_ROUNDS):
        cleaned = _INVISIBLE.sub("", _strip_markup(_INVISIBLE.sub("", value)))
        cleaned = unicodedata.normalize("NFC", cleaned)
        if cleaned == value:
            # Stable under the parser: neutralise what is left, then check again.
            cleaned = _TAG_OPEN.sub("< ", value)
            if cleaned == value:
                break
        value = cleaned
    else:
        raise UncleanableText("markup nested too deeply")
    if not multiline:
        value = " ".join(value.split())
    else:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
        value = re.sub(r"\n{3,}", "\n\n", value)
    return value.strip()


def normalise_for_search(value: str) -> str:
    """Lower-case text without accents, so "Sao Paulo" matches "São Paulo" on any
    database: NFKD, combining marks dropped, casefolded, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
