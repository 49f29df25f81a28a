"""The main text, title, canonical address and published time of an article page (trafilatura).

Navigation, related-article lists, share buttons and footers are left to trafilatura's
main-text extraction (tuned for precision); nothing of the page is executed. The bytes are
decoded by what they are rather than by what they claim: UTF-8 when they are UTF-8, else the
declared charset when the bytes fit it, else charset detection.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
from dataclasses import dataclass

import trafilatura
from charset_normalizer import from_bytes

from geodata.ingest.errors import FetchError
from geodata.ingest.identity import canonical_url, one_line, same_site
from geodata.ingest.published import parse_time

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True)
class PageContent:
    text: str
    title: str
    canonical: str  # canonical_url() of the page's own canonical address, or of the URL it came from
    published: dt.datetime | None


def decode_html(body: bytes, content_type: str | None) -> str:
    """The text of ``body``: UTF-8 if it is valid UTF-8, else the declared charset if it fits, else a detected one."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    for charset in ("utf-8", _declared_charset(content_type)):
        if charset:
            try:
                return body.decode(charset)
            except (UnicodeDecodeError, LookupError):
                continue
    best = from_bytes(body[:2_000_000]).best()
    return str(best) if best is not None else body.decode("utf-8", "replace")


def _declared_charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def is_html(content_type: str | None) -> bool:
    """True for an HTML answer (or one that does not say what it is)."""
    media = (content_type or "").split(";")[0].strip().lower()
    return not media or media in _HTML_TYPES


def extract_page(body: bytes, *, url: str, content_type: str | None = None) -> PageContent:
    """What ``body`` (an HTML page fetched from ``url``) says; FetchError when it is not HTML."""
    if not is_html(content_type):
        raise FetchError(f"not an HTML page ({(content_type or '').split(';')[0]})")
    document = trafilatura.bare_extraction(
        decode_html(body, content_type), url=url, with_metadata=True, favor_precision=True, include_comments=False,
        include_tables=False, include_links=False, include_images=False, date_extraction_params=_DATE_PARAMS,
    )
    if document is None or isinstance(document, dict):
        return PageContent(text="", title="", canonical=canonical_url(url), published=None)
    title = one_line(document.title)
    return PageContent(
        text=_without_title(document.text or "", title), title=title,
        canonical=_canonical(document.url, url), published=parse_time(document.date),
    )


def feed_text(html: str) -> str:
    """Plain text of the HTML a feed entry carries (paragraphs kept as lines)."""
    if not html.strip():
        return ""
    text = trafilatura.html2txt(f"<html><body><article>{html}</article></body></html>")
    return text or ""


def _canonical(declared: str | None, url: str) -> str:
    """The page's canonical address when it is an http(s) address on the same site, else ``url``."""
    if declared and same_site(declared, url):
        try:
            return canonical_url(declared)
        except ValueError:
            pass
    return canonical_url(url)


def _without_title(text: str, title: str) -> str:
    """The text without a first line that only repeats the title (the title is kept apart)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and title and one_line(lines[0]) == title:
        lines = lines[1:]
    return "\n".join(line.rstrip() for line in lines).strip()
