"""The one place that turns untrusted text into HTML, URLs and script data.

Article text, outlet names, place names and URLs come from files anyone can write, so
everything that reaches a browser passes through these functions: the map's labels and
legend, the source panel, the pages. Keeping them together means one set of tests covers
every way text can become markup.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

# Embedding, override and isolate controls can reorder what a reader sees (a date or a URL
# shown backwards: "Trojan Source"). The marks RLM/LRM/ALM are harmless and common in
# Arabic, so they stay. C0/C1 controls other than tab and newline have no business in HTML,
# and unpaired surrogates cannot be sent at all (no UTF-8 holds them: the page would fail).
_UNSAFE_CHARS = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CSS_CLASS = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}(?: [A-Za-z_][A-Za-z0-9_-]{0,63}){0,7}$")
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")
_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")
MAX_URL_CHARS = 2048


def strip_unsafe_chars(text: str) -> str:
    """``text`` without bidi embedding/override/isolate controls, C0/C1 controls and unpaired surrogates."""
    return _UNSAFE_CHARS.sub("", text)


def escape_html(text: object) -> str:
    """``text`` as HTML text or attribute value: ``& < > " '`` and backticks escaped, unsafe
    control characters removed. ``None`` becomes the empty string."""
    if text is None:
        return ""
    escaped = html.escape(strip_unsafe_chars(str(text)), quote=True)
    # Backticks delimit attributes in old engines and template literals in JS: never raw.
    # Braces: folium compiles each rendered macro as a Jinja template, so "{{ }}" or "{% %}"
    # from an article would be run on the server.
    return escaped.replace("`", "&#96;").replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) address with a host and nothing odd in it, else None.

    The result still has to be escaped (``escape_html``) when placed in an attribute.
    """
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    if not candidate or len(candidate) > MAX_URL_CHARS:
        return None
    if any(char.isspace() or not char.isprintable() or char in "\\<>\"'`" for char in candidate):
        return None
    if _UNSAFE_CHARS.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
    except ValueError:  # e.g. an invalid IPv6 literal or port
        return None
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return None
    return candidate


def json_for_script(obj: Any) -> str:
    """JSON text of ``obj`` that is safe inside a ``<script>`` element and as a JS expression.

    ``<``, ``>`` and ``&`` become ``\\u003c``/``\\u003e``/``\\u0026`` so that no ``</script>``
    or ``<!--`` can end or change the script; U+2028/U+2029 are escaped for older JS engines, and
    surrogates as ``\\udXXX`` escapes (JSON keeps them; UTF-8 output could not).
    Non-finite numbers raise ValueError: JSON has no NaN and a silent NaN breaks the map.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = _SCRIPT_UNSAFE.sub(lambda match: _SCRIPT_ESCAPES.get(match.group()) or f"\\u{ord(match.group()):04x}", text)
    # folium compiles the rendered script as a Jinja template: no "{{", "{%" or "{#" may reach
    # it. JSON's own braces never come in such pairs, so only braces inside strings change.
    return _TEMPLATE_OPENER.sub(r"\\u007b", text)


def highlight(text: object, spans: Iterable[Any], css_class: str = "hl") -> str:
    """``text`` as escaped HTML with ``<mark class="css_class">`` around each span.

    ``spans`` are (start, end) character offsets into ``text``. Spans that overlap or touch
    are merged, spans out of range are clipped, and malformed spans are ignored: this never
    raises, because a bad offset from extraction must not hide the source text from a reader.
    """
    source = "" if text is None else str(text)
    class_attr = css_class if isinstance(css_class, str) and _CSS_CLASS.match(css_class) else "hl"
    parts: list[str] = []
    cursor = 0
    for start, end in _merged_spans(spans, len(source)):
        parts.append(escape_html(source[cursor:start]))
        parts.append(f'<mark class="{class_attr}">{escape_html(source[start:end])}</mark>')
        cursor = end
    parts.append(escape_html(source[cursor:]))
    return "".join(parts)


def _merged_spans(spans: Iterable[Any], length: int) -> list[tuple[int, int]]:
    """Valid spans clipped to [0, length], sorted, with overlapping or touching ones merged."""
    clipped = sorted(span for span in (_clip(item, length) for item in _iterate(spans)) if span)
    merged: list[tuple[int, int]] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _iterate(spans: Iterable[Any]) -> Iterable[Any]:
    try:
        return list(spans or ())
    except TypeError:
        return ()


def _clip(item: Any, length: int) -> tuple[int, int] | None:
    try:
        start, end = (int(value) for value in item)
    except (TypeError, ValueError, OverflowError):
        return None
    start, end = max(0, start), min(length, end)
    return (start, end) if start < end else None
