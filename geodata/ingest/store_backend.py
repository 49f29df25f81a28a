"""The store as the fetch's sink and state (SPEC sections 11 and 13).

``StoreFetch`` is both an ``ArticleSink`` and a ``FetchState``. New articles wait in memory
until ``commit``, then go in through ``geodata.store.ingest_articles`` (extracted, stored and
merged with the incidents they can touch), and the fetch records of the same stretch are
written in one transaction after them. An interrupted round therefore leaves either both or the
articles alone: the next round fetches those pages again and finds them stored by content hash.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa

from geodata.ingest.protocols import FeedRecord, FetchedArticle, Issue, OutletRound, UrlRecord
from geodata.store.database import Store
from geodata.store.ingest import IngestResult, ingest_articles
from geodata.store.schema import fetch_feeds, fetch_rounds, fetch_urls


class StoreFetch:
    """Where fetched articles go and what was fetched, in the store."""

    def __init__(self, store: Store, *, jobs: int = 1) -> None:
        self.store = store
        self.jobs = jobs
        self.ingested = IngestResult()
        self._articles: dict[str, FetchedArticle] = {}
        self._by_url: dict[str, str] = {}
        self._by_hash: dict[str, str] = {}
        self._feeds: dict[tuple[str, str], FeedRecord] = {}
        self._urls: dict[str, UrlRecord] = {}
        self._rounds: list[OutletRound] = []
        self._text_hashes: dict[str, str] = {}  # article id -> its text's hash, for the URL records

    # ------------------------------------------------------------------ ArticleSink

    def stored_id(self, *, canonical_url: str | None = None, content_hash: str | None = None) -> str | None:
        pending = self._by_url.get(canonical_url or "") or self._by_hash.get(content_hash or "")
        if pending:
            return pending
        with self.store.reading() as connection:
            if canonical_url:
                found = connection.execute(sa.select(fetch_urls.c.article_id).where(
                    fetch_urls.c.url == canonical_url, fetch_urls.c.article_id.is_not(None))).scalar()
                if found:
                    return str(found)
            if content_hash:
                found = connection.execute(sa.select(fetch_urls.c.article_id).where(
                    fetch_urls.c.text_hash == content_hash, fetch_urls.c.article_id.is_not(None)).limit(1)).scalar()
                return str(found) if found else None
        return None

    def add(self, item: FetchedArticle) -> str | None:
        if self.stored_id(canonical_url=item.canonical_url, content_hash=item.content_hash):
            return None
        self._articles[item.article.id] = item
        self._by_url[item.canonical_url] = item.article.id
        self._by_hash[item.content_hash] = item.article.id
        return item.article.id

    # ------------------------------------------------------------------ FetchState

    def feed(self, outlet: str, feed_url: str) -> FeedRecord | None:
        if (outlet, feed_url) in self._feeds:
            return self._feeds[(outlet, feed_url)]
        with self.store.reading() as connection:
            data = connection.execute(sa.select(fetch_feeds.c.data).where(
                fetch_feeds.c.outlet == outlet, fetch_feeds.c.feed_url == feed_url)).scalar()
        return feed_from_json(data) if data else None

    def save_feed(self, record: FeedRecord) -> None:
        self._feeds[(record.outlet, record.feed_url)] = record

    def feeds(self, outlet: str | None = None) -> list[FeedRecord]:
        query = sa.select(fetch_feeds.c.data)
        if outlet is not None:
            query = query.where(fetch_feeds.c.outlet == outlet)
        with self.store.reading() as connection:
            stored = {(record.outlet, record.feed_url): record
                      for record in (feed_from_json(data) for data in connection.execute(query).scalars())}
        stored.update((key, record) for key, record in self._feeds.items() if outlet is None or key[0] == outlet)
        return list(stored.values())

    def url(self, url: str) -> UrlRecord | None:
        if url in self._urls:
            return self._urls[url]
        with self.store.reading() as connection:
            data = connection.execute(sa.select(fetch_urls.c.data).where(fetch_urls.c.url == url)).scalar()
        return url_from_json(data) if data else None

    def save_url(self, record: UrlRecord) -> None:
        self._urls[record.url] = record

    def save_round(self, report: OutletRound) -> None:
        self._rounds.append(report)

    def rounds(self, outlet: str | None = None, *, limit: int = 20) -> list[OutletRound]:
        query = sa.select(fetch_rounds.c.data).order_by(fetch_rounds.c.finished_at.desc(), fetch_rounds.c.id.desc())
        if outlet is not None:
            query = query.where(fetch_rounds.c.outlet == outlet)
        with self.store.reading() as connection:
            stored = [round_from_json(data) for data in connection.execute(query.limit(limit)).scalars()]
        pending = [report for report in self._rounds if outlet is None or report.outlet == outlet]
        return sorted([*pending, *stored], key=lambda report: report.finished_at, reverse=True)[:limit]

    # ------------------------------------------------------------------ both

    def commit(self) -> None:
        """Ingest the articles added since the last commit, then write the fetch records."""
        self._text_hashes.update({article_id: item.content_hash for article_id, item in self._articles.items()})
        if self._articles:
            result = ingest_articles([item.article for item in self._articles.values()], store=self.store, jobs=self.jobs)
            self._count(result)
        with self.store.writing() as connection:
            self._write_records(connection)
        self._articles.clear()
        self._by_url.clear()
        self._by_hash.clear()
        self._feeds.clear()
        self._urls.clear()
        self._rounds.clear()

    def summary(self) -> str:
        """What the new articles did to the store so far."""
        done = self.ingested
        failed = f", {len(done.failed)} could not be read" if done.failed else ""
        return (f"{done.added} articles added{failed}; {done.reports} reports; incidents: {done.incidents_added} added, "
                f"{done.incidents_changed} changed")

    def _count(self, result: IngestResult) -> None:
        self.ingested.read += result.read
        self.ingested.added += result.added
        self.ingested.changed += result.changed
        self.ingested.reports += result.reports
        self.ingested.incidents_added += result.incidents_added
        self.ingested.incidents_changed += result.incidents_changed
        self.ingested.failed += result.failed

    def _write_records(self, connection: sa.Connection) -> None:
        if self._feeds:
            keys = list(self._feeds)
            connection.execute(sa.delete(fetch_feeds).where(sa.tuple_(fetch_feeds.c.outlet, fetch_feeds.c.feed_url).in_(keys)))
            connection.execute(sa.insert(fetch_feeds), [
                {"outlet": record.outlet, "feed_url": record.feed_url, "last_fetched_at": _iso(record.last_fetched_at),
                 "data": record_to_json(record)} for record in self._feeds.values()])
        if self._urls:
            connection.execute(sa.delete(fetch_urls).where(fetch_urls.c.url.in_(list(self._urls))))
            connection.execute(sa.insert(fetch_urls), [
                {"url": record.url, "outlet": record.outlet, "article_id": record.article_id,
                 "text_hash": self._text_hashes.get(record.article_id or ""), "at": _iso(record.at),
                 "data": record_to_json(record)} for record in self._urls.values()])
        if self._rounds:
            connection.execute(sa.insert(fetch_rounds), [
                {"outlet": report.outlet, "finished_at": _iso(report.finished_at), "data": record_to_json(report)}
                for report in self._rounds])


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat()


def record_to_json(record: Any) -> dict[str, Any]:
    """A fetch record as JSON: times as ISO text, issues as dicts."""
    return {key: _plain(value) for key, value in dataclasses.asdict(record).items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _times(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {**data, **{key: dt.datetime.fromisoformat(data[key]) for key in keys}}


def feed_from_json(data: dict[str, Any]) -> FeedRecord:
    return FeedRecord(**_times(data, "last_fetched_at"))


def url_from_json(data: dict[str, Any]) -> UrlRecord:
    return UrlRecord(**_times(data, "at"))


def round_from_json(data: dict[str, Any]) -> OutletRound:
    values = _times(data, "started_at", "finished_at")
    values["skipped"] = tuple(Issue(**issue) for issue in values.get("skipped", []))
    values["failed"] = tuple(Issue(**issue) for issue in values.get("failed", []))
    values["new"] = tuple(values.get("new", []))
    values["notes"] = tuple(values.get("notes", []))
    return OutletRound(**values)

