"""geodata.views.escape: the one place untrusted text becomes HTML, URLs or script data."""

from __future__ import annotations

import json

import pytest

from geodata.views.escape import escape_html, highlight, json_for_script, safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "`${alert(1)}`",
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)',
    "<!-- <script>",
    "&lt;script&gt;",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_html_leaves_no_markup(text: str) -> None:
    escaped = escape_html(text)
    for char in "<>\"'`":
        assert char not in escaped
    assert "&amp;lt;" in escape_html("&lt;")  # an entity in the source stays text


def test_escape_html_keeps_arabic_and_marks_but_drops_bidi_overrides() -> None:
    text = "قصف\u200f على \u202eحطلة\u202c \u2066x\u2069"
    escaped = escape_html(text)
    assert escaped == "قصف\u200f على حطلة x"
    assert escape_html(None) == ""
    assert escape_html(42) == "42"
    assert escape_html("a\x00b\x1bc\nd\te") == "abc\nd\te"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.enabbaladi.net/archives/640000", "https://www.enabbaladi.net/archives/640000"),
    ("  http://sy-24.com/news/1  ", "http://sy-24.com/news/1"),
    ("HTTPS://EXAMPLE.ORG/a?b=c&d=e", "HTTPS://EXAMPLE.ORG/a?b=c&d=e"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox", None),
    ("//evil.example/x", None),
    ("/relative/path", None),
    ("https://", None),
    ("https://exa mple.org", None),
    ('https://example.org/"onmouseover="x', None),
    ("https://example.org/\u202egnp.exe", None),
    ("https://[::1", None),
    ("ftp://example.org/file", None),
    ("", None),
    (None, None),
    (42, None),
])
def test_safe_url(url: object, expected: str | None) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>",
    "<!--",
    "a & b > c",
    "line\u2028separator\u2029paragraph",
    {"label": "<b>x</b>", "nested": ["</SCRIPT>", "`${x}`"]},
])
def test_json_for_script_is_inert_in_a_script_element(value: object) -> None:
    text = json_for_script(value)
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert json.loads(text) == value


def test_json_for_script_keeps_arabic_readable_and_refuses_nan() -> None:
    assert json_for_script({"p": "حطلة"}) == '{"p":"حطلة"}'
    with pytest.raises(ValueError, match="JSON"):
        json_for_script({"lat": float("nan")})


def test_highlight_marks_spans_and_escapes_the_rest() -> None:
    text = "قصف <b>حطلة</b> و خشام"
    start = text.index("حطلة")
    html = highlight(text, [(start, start + 4), (text.index("خشام"), len(text))], "gd-place")
    assert html == ('قصف &lt;b&gt;<mark class="gd-place">حطلة</mark>&lt;/b&gt; و '
                    '<mark class="gd-place">خشام</mark>')


@pytest.mark.parametrize("spans", [
    [(2, 6), (4, 9)],           # overlapping
    [(4, 9), (2, 6)],           # unsorted
    [(2, 4), (4, 9)],           # touching
    [(-5, 6), (4, 9)],          # negative start
    [(2, 6), (4, 900)],         # past the end: clipped to the text
])
def test_highlight_merges_and_clips(spans: list[tuple[int, int]]) -> None:
    text = "0123456789"
    html = highlight(text, spans, "m")
    assert html.count("<mark") == 1
    assert html.replace('<mark class="m">', "").replace("</mark>", "") == text


@pytest.mark.parametrize("spans", [
    None, [], [(5, 2)], [(3, 3)], [("a", "b")], [(1,)], [None], [(float("nan"), 2)], 7, [(10**30, 10**31)],
])
def test_highlight_never_raises_on_bad_spans(spans: object) -> None:
    assert highlight("<x>", spans, "m") == "&lt;x&gt;"  # type: ignore[arg-type]


def test_highlight_rejects_a_hostile_class_name() -> None:
    html = highlight("abc", [(0, 1)], '"><script>alert(1)</script>')
    assert html == '<mark class="hl">a</mark>bc'
    assert highlight(None, [(0, 1)]) == ""


def test_braces_cannot_open_a_template_in_html_or_json() -> None:
    assert "{" not in escape_html("{{ 7*7 }} {% x %}")
    text = json_for_script({"label": "{{ 7*7 }}{%x%}{#c#}", "nested": {"a": {"b": 1}}})
    assert "{{" not in text and "{%" not in text and "{#" not in text
    assert json.loads(text)["label"] == "{{ 7*7 }}{%x%}{#c#}"
