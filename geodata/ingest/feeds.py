"""RSS and Atom feeds read with feedparser, from bytes only (never from a URL or a file name).

feedparser copes with wrong declared encodings and with HTML in descriptions (it sanitises it);
a feed it cannot read at all is a FetchError with the parser's reason; one it reads only in part
keeps its entries and says why in ``warning``.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import feedparser

from geodata.ingest.errors import FetchError
from geodata.ingest.identity import one_line
from geodata.ingest.published import from_struct, parse_time

# feedparser's complaints that still leave a usable feed
_HARMLESS = ("CharacterEncodingOverride", "CharacterEncodingUnknown", "NonXMLContentType")


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where it links, its title, time and the HTML it carries."""

    link: str
    title: str
    published: dt.datetime | None  # naive when the feed gave no offset
    content_html: str  # content:encoded or Atom content when present, else the description
    position: int  # order in the feed, 0 first


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: tuple[FeedEntry, ...]
    without_link: int = 0
    warning: str | None = None


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Entries of the feed in ``body`` (fetched from ``url``); FetchError when it is no feed."""
    headers = {"content-location": url, "content-type": _effective_type(body, content_type)}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    problem = _problem(parsed)
    entries = [_entry(item, position) for position, item in enumerate(parsed.entries)]
    kept = tuple(entry for entry in entries if entry is not None)
    if not kept and ((problem and not problem.startswith(_HARMLESS)) or not parsed.get("version")):
        shown = f" ({content_type.split(';')[0]})" if content_type else ""
        raise FetchError(f"not a readable RSS or Atom feed{shown}: {problem or 'no feed element found'}")
    warning = None if problem is None or problem.startswith(_HARMLESS) else f"feed is not well-formed ({problem}); {len(kept)} entries read leniently"
    return ParsedFeed(title=one_line(parsed.feed.get("title")), entries=kept, without_link=len(entries) - len(kept), warning=warning)


def _effective_type(body: bytes, content_type: str | None) -> str:
    """The content type to parse by: bytes that are valid UTF-8 are read as UTF-8 whatever the
    server or the XML declaration claim (a wrong declaration turns Arabic into mojibake)."""
    media = (content_type or "application/xml").split(";")[0].strip() or "application/xml"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return content_type or media
    return f"{media}; charset=utf-8"


def _problem(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    line = getattr(error, "getLineNumber", lambda: None)()
    where = f" at line {line}" if line else ""
    return one_line(f"{type(error).__name__}{where}: {error}", 240)


def _entry(item: Any, position: int) -> FeedEntry | None:
    link = (item.get("link") or "").strip()
    if not link:
        return None
    raw = item.get("published") or item.get("updated") or item.get("created")
    moment = parse_time(raw) or from_struct(item.get("published_parsed") or item.get("updated_parsed"))
    contents = item.get("content") or []
    html = contents[0].get("value", "") if contents else item.get("summary", "")
    return FeedEntry(link=link, title=one_line(item.get("title")), published=moment, content_html=html or "", position=position)


def newest_first(entries: tuple[FeedEntry, ...]) -> list[FeedEntry]:
    """Dated entries newest first (compared in UTC, a naive time read as UTC), then the undated in feed order."""
    def key(entry: FeedEntry) -> tuple[int, float, int]:
        if entry.published is None:
            return (1, 0.0, entry.position)
        moment = entry.published if entry.published.tzinfo else entry.published.replace(tzinfo=dt.timezone.utc)
        return (0, -moment.timestamp(), entry.position)
    return sorted(entries, key=key)
