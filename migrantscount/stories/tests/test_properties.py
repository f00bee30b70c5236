"""Property tests: arbitrary unicode never crashes the sanitiser or the form,
and nothing that looks like markup survives."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrantscount.stories import text
from migrantscount.stories.forms.submission import TEXT_MAX, SubmissionForm
from migrantscount.stories.services.submissions import current_consent_text

from .factories import form_data

TAG_START = re.compile(r"<[A-Za-z!/?]")
markup = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<b>",
        "&lt;",
        "&amp;lt;",
        "<!--",
        "-->",
        "<img src=x",
        "&#60;",
        "<",
        ">",
        "&",
    ]
)
mixed = st.lists(st.one_of(st.text(max_size=20), markup), max_size=30).map("".join)


@given(st.one_of(st.text(), mixed))
@settings(max_examples=400)
def test_sanitised_text_has_no_markup_and_is_stable(value):
    try:
        cleaned = text.sanitize(value)
    except text.UncleanableText:
        return
    assert TAG_START.search(cleaned) is None
    assert text.sanitize(cleaned) == cleaned
    assert "\x00" not in cleaned and "\u202e" not in cleaned


@given(st.one_of(st.text(), mixed))
@settings(max_examples=200)
def test_single_line_sanitising_leaves_no_line_breaks(value):
    try:
        cleaned = text.sanitize(value, multiline=False)
    except text.UncleanableText:
        return
    assert "\n" not in cleaned and cleaned == cleaned.strip()


@pytest.mark.django_db
@given(
    title=st.one_of(st.text(max_size=200), mixed),
    story=st.one_of(st.text(max_size=300), mixed, st.text(min_size=30, max_size=60)),
    name=st.one_of(st.text(max_size=80), mixed),
    contact=st.text(max_size=40),
    country=st.text(max_size=4),
)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_form_never_crashes_and_valid_data_is_plain_text(
    title, story, name, contact, country
):
    form = SubmissionForm(
        form_data(
            title=title,
            text=story,
            name=name,
            contact=contact,
            origin_country=country,
        ),
        consent_text=current_consent_text("en"),
    )
    if form.is_valid():
        data = form.cleaned_data
        for field in ("title", "text", "name"):
            assert TAG_START.search(data[field]) is None
        assert 0 < len(data["title"]) <= 150
        assert 20 <= len(data["text"]) <= TEXT_MAX
        assert data["origin_country"] == country
    else:
        assert all(
            isinstance(message, str)
            for errors in form.errors.values()
            for message in errors
        )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("&lt&lt?>/", "< /"),
        ("He wrote a</", "He wrote a< /"),
        ("x<</", "x<< /"),
        ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", ""),
    ],
)
def test_a_left_over_tag_opener_is_neutralised(value, expected):
    cleaned = text.sanitize(value)
    assert cleaned == expected
    assert text.sanitize(cleaned) == cleaned
