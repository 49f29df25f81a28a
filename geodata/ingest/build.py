"""From a fetched page (or a feed entry's own text) to an Article, or the reason it is not one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geodata.corpus.articles import MAX_ARTICLE_CHARS, Article
from geodata.ingest.config import FetchSettings, Outlet
from geodata.ingest.feeds import FeedEntry
from geodata.ingest.identity import arabic_share, article_id, content_hash, normalized_text, one_line
from geodata.ingest.protocols import FetchedArticle
from geodata.ingest.published import in_zone, plausible


@dataclass(frozen=True)
class Candidate:
    """Text that may become an article, with where it came from."""

    text: str
    title: str
    published: dt.datetime | None  # from the page's metadata
    canonical: str
    text_from: str  # "page" or "feed"


def refusal(text: str, settings: FetchSettings) -> str | None:
    """Why ``text`` is not kept as an Arabic news report, or None when it is."""
    size = len(normalized_text(text))
    if size < settings.min_text_chars:
        return f"too little text ({size} characters, at least {settings.min_text_chars} needed): not an article page"
    if size > MAX_ARTICLE_CHARS:
        return f"text of {size:,} characters is longer than any article ({MAX_ARTICLE_CHARS:,})"
    share = arabic_share(text)
    if share < settings.min_arabic_share:
        return f"not Arabic: {share:.0%} of its letters are Arabic (at least {settings.min_arabic_share:.0%} needed)"
    return None


def published_time(entry: FeedEntry, candidate: Candidate, outlet: Outlet, now: dt.datetime) -> tuple[dt.datetime | None, bool]:
    """The published time (feed first, then page metadata) in the outlet's zone, and whether it
    had to be inferred (neither gave one: the time of fetching is used)."""
    for moment in (entry.published, candidate.published):
        if moment is not None and plausible(moment, now, outlet.zone):
            return in_zone(moment, outlet.zone), False
    return None, True


def make_article(candidate: Candidate, entry: FeedEntry, outlet: Outlet, *, now: dt.datetime, source_url: str,
                 feed_url: str | None) -> FetchedArticle:
    """The FetchedArticle for ``candidate``: id from outlet, local date and content hash."""
    text = candidate.text.replace("\r\n", "\n").replace("\r", "\n").strip()
    digest = content_hash(text)
    moment, inferred = published_time(entry, candidate, outlet, now)
    day = (moment or in_zone(now, outlet.zone)).date()
    article = Article(
        id=article_id(outlet.slug, day, digest), outlet=outlet.name, text=text, published=day, published_inferred=inferred,
        url=candidate.canonical, language="ar", title=one_line(entry.title or candidate.title) or None,
    )
    return FetchedArticle(
        article=article, canonical_url=candidate.canonical, content_hash=digest, fetched_at=now.astimezone(dt.timezone.utc),
        source_url=source_url, feed_url=feed_url, published_at=moment if moment is not None and moment.tzinfo else None,
        text_from="feed" if candidate.text_from == "feed" else "page",
    )
