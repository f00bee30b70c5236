"""Whitespace compaction of HTML the site serves (issue 19: page weight and speed).

Templates are indented for people; a country profile's HTML was a quarter
indentation (8.9 of 34 KB), and every byte is copied again per request by the web
server. A run of whitespace that holds a line break is replaced by one line break:
outside the elements below that is invisible in HTML (one or many whitespace
characters between words or tags render the same), it keeps every word separate
and the source readable line by line. `<pre>`, `<textarea>`, `<script>` and
`<style>` are passed through byte for byte: their whitespace is content.
"""

import re

# The elements whose text keeps its whitespace; a non-greedy match to the same
# element's end tag (they do not nest).
_PROTECTED = re.compile(
    rb"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL
)
# Whitespace around a line break; bytes patterns: \s is ASCII whitespace only, so a
# no-break space (content) is never touched.
_BROKEN_RUN = re.compile(rb"[ \t\r\f\v]*\n\s*")


def compact_whitespace(html: bytes) -> bytes:
    """`html` with every whitespace run holding a line break made one `\\n`,
    except inside <pre>, <textarea>, <script> and <style>."""
    parts = _PROTECTED.split(html)
    # split() with two groups yields: text, protected element, its tag name, text, …
    out = []
    for index in range(0, len(parts), 3):
        out.append(_BROKEN_RUN.sub(b"\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return b"".join(out)
