"""The two seams between fetching and storing: where new articles go, and what was fetched.

``ArticleSink`` takes new articles and answers whether a canonical URL or a content hash is
already stored. ``FetchState`` keeps, per outlet and feed URL, the validators of the last
answer (ETag, Last-Modified), when it was fetched and how it went; per article URL, what became
of it; and per outlet, what each round brought in and what failed with its reason.

Both are protocols so that the store (SPEC section 11) can implement them with one object and
one transaction per outlet; ``memory`` gives in-memory versions for tests, ``corpus_sink``
and ``json_state`` the file-backed ones used until the store lands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from geodata.corpus.articles import Article

FeedStatus = Literal["ok", "not_modified", "failed"]
UrlOutcome = Literal["stored", "duplicate", "skipped", "failed"]


@dataclass(frozen=True)
class FetchedArticle:
    """A new article with what identifies it and where it came from."""

    article: Article
    canonical_url: str
    content_hash: str  # identity.content_hash of article.text
    fetched_at: dt.datetime  # aware, UTC
    source_url: str  # the address it was reached by (a feed entry's link or a given URL)
    feed_url: str | None = None
    published_at: dt.datetime | None = None  # aware, when the feed or page gave a time
    text_from: Literal["page", "feed"] = "page"


@dataclass(frozen=True)
class FeedRecord:
    """The last fetch of one feed of one outlet."""

    outlet: str
    feed_url: str
    last_fetched_at: dt.datetime
    status: FeedStatus
    etag: str | None = None
    last_modified: str | None = None
    complete: bool = False  # every entry of the last full answer reached a final outcome
    entries: int = 0
    error: str | None = None


@dataclass(frozen=True)
class UrlRecord:
    """What became of one article URL (canonical), so a later round need not fetch it again."""

    url: str
    outlet: str
    outcome: UrlOutcome
    reason: str
    at: dt.datetime
    attempts: int = 1
    article_id: str | None = None


@dataclass(frozen=True)
class Issue:
    """One thing skipped or failed in a round: the URL (or feed) and why."""

    url: str
    reason: str


@dataclass(frozen=True)
class OutletRound:
    """What one round did for one outlet."""

    outlet: str
    started_at: dt.datetime
    finished_at: dt.datetime
    feeds_read: int = 0
    feeds_not_modified: int = 0
    entries_seen: int = 0
    new: tuple[str, ...] = ()  # ids of the articles stored
    duplicates: int = 0
    skipped: tuple[Issue, ...] = ()
    failed: tuple[Issue, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


@runtime_checkable
class ArticleSink(Protocol):
    """Where new articles go."""

    def stored_id(self, *, canonical_url: str | None = None, content_hash: str | None = None) -> str | None:
        """The id of a stored article with this canonical URL or this content hash, or None."""
        ...

    def add(self, item: FetchedArticle) -> str | None:
        """Store ``item``; its id, or None when an article with its URL or hash is already stored."""
        ...

    def commit(self) -> None:
        """Make what was added durable (called after each outlet)."""
        ...


@runtime_checkable
class FetchState(Protocol):
    """What was fetched, per outlet, feed and article URL."""

    def feed(self, outlet: str, feed_url: str) -> FeedRecord | None:
        """The last fetch of this feed, or None when it was never fetched."""
        ...

    def save_feed(self, record: FeedRecord) -> None: ...

    def url(self, url: str) -> UrlRecord | None:
        """What became of this canonical article URL, or None when it was never tried."""
        ...

    def save_url(self, record: UrlRecord) -> None: ...

    def save_round(self, report: OutletRound) -> None:
        """Keep what a round did for an outlet (the Sources page shows the latest ones)."""
        ...

    def rounds(self, outlet: str | None = None, *, limit: int = 20) -> list[OutletRound]:
        """The latest rounds, newest first, of one outlet or of all."""
        ...

    def feeds(self, outlet: str | None = None) -> list[FeedRecord]:
        """Every feed record, of one outlet or of all."""
        ...

    def commit(self) -> None:
        """Make what was recorded durable (called after each outlet)."""
        ...
