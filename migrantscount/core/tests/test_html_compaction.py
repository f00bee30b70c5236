"""Whitespace compaction of the HTML the site serves (core/lib/html.py and
CompactHtmlMiddleware): indentation goes, content whitespace stays, the admin is left
alone, and the page cache keeps the compacted bytes."""

import re

import pytest
from django.test import Client

from migrantscount.core.lib.html import compact_whitespace
from migrantscount.pages.tests.factories import build_site_tree

from .test_page_cache import call, wsgi  # noqa: F401  (the site as wsgi.py wraps it)


def test_indentation_and_blank_lines_become_one_line_break() -> None:
    html = b"<ul>\n    <li>One</li>\n\n        <li>Two</li>\n  </ul>  \n"
    assert compact_whitespace(html) == b"<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n"


def test_words_stay_apart_and_runs_without_a_line_break_are_kept() -> None:
    html = "<p>Born in\n        Bogotá,  living\tin <a>Lima</a>\n    today</p>".encode()
    compacted = compact_whitespace(html)
    assert (
        compacted == "<p>Born in\nBogotá,  living\tin <a>Lima</a>\ntoday</p>".encode()
    )
    text = re.sub(rb"\s+", b" ", re.sub(rb"<[^>]+>", b"", compacted))
    assert text == "Born in Bogotá, living in Lima today".encode()


def test_no_break_spaces_are_content_and_stay() -> None:
    # French groups digits with U+00A0 / U+202F: bytes \xc2\xa0, \xe2\x80\xaf.
    html = "<td>\n    3\u00a0063\u202f518\u00a0\n  </td>".encode()
    assert compact_whitespace(html) == "<td>\n3\u00a0063\u202f518\u00a0\n</td>".encode()


@pytest.mark.parametrize("element", ["pre", "textarea", "script", "style", "PRE"])
def test_elements_whose_whitespace_is_content_pass_unchanged(element: str) -> None:
    inner = b"line one\n    indented line\n\n\n  last"
    html = (
        b"<div>\n    <"
        + element.encode()
        + b' class="x">'
        + inner
        + b"</"
        + element.encode()
        + b">\n    </div>"
    )
    compacted = compact_whitespace(html)
    assert inner in compacted
    assert compacted.startswith(b"<div>\n<") and compacted.endswith(b">\n</div>")


def test_two_protected_elements_and_the_text_between() -> None:
    html = b"<pre>a\n  b</pre>\n   <p>x</p>\n   <textarea>c\n  d</textarea>\n  "
    assert compact_whitespace(html) == (
        b"<pre>a\n  b</pre>\n<p>x</p>\n<textarea>c\n  d</textarea>\n"
    )


@pytest.mark.django_db
def test_public_pages_are_served_compacted_with_the_right_length() -> None:
    build_site_tree()
    response = Client().get("/en/")
    assert response.status_code == 200
    body = response.content
    assert not re.search(rb"\n[ \t]+<", body)  # no indented tag left
    assert response["Content-Length"] == str(len(body))


@pytest.mark.django_db
def test_the_admin_is_left_as_wagtail_renders_it() -> None:
    build_site_tree()
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    assert re.search(rb"\n[ \t]+<", response.content)  # Wagtail's indentation


@pytest.mark.django_db
def test_a_story_form_sent_back_keeps_the_typed_text_exactly() -> None:
    build_site_tree()
    typed = "My story\n\n    - indented line\n        deeper\n"
    response = Client().post("/en/stories/share/", {"text": typed})
    assert response.status_code in (200, 400)
    textarea = re.search(
        rb"<textarea[^>]*name=\"text\"[^>]*>(.*?)</textarea>", response.content, re.S
    )
    assert textarea is not None
    assert textarea.group(1).decode().replace("\r\n", "\n").strip("\n") == typed.strip(
        "\n"
    )


@pytest.mark.django_db
def test_the_page_cache_keeps_the_compacted_bytes(wsgi) -> None:  # noqa: F811
    cache, django_app = wsgi
    uncached = call(django_app, "/fr/")
    call(cache, "/fr/")
    hit = call(cache, "/fr/")
    assert hit.header("X-Page-Cache") == "hit"
    assert hit.body == uncached.body
    assert not re.search(rb"\n[ \t]+<", hit.body)
