"""In-memory sink and fetch state: for tests, and the reference behaviour of the protocols."""

from __future__ import annotations

from geodata.ingest.protocols import FeedRecord, FetchedArticle, OutletRound, UrlRecord


class MemorySink:
    """Articles kept in a dict by id, looked up by canonical URL and by content hash."""

    def __init__(self) -> None:
        self.articles: dict[str, FetchedArticle] = {}
        self._by_url: dict[str, str] = {}
        self._by_hash: dict[str, str] = {}
        self.commits = 0

    def stored_id(self, *, canonical_url: str | None = None, content_hash: str | None = None) -> str | None:
        found = self._by_url.get(canonical_url or "")
        return found or self._by_hash.get(content_hash or "")

    def add(self, item: FetchedArticle) -> str | None:
        if self.stored_id(canonical_url=item.canonical_url, content_hash=item.content_hash) or item.article.id in self.articles:
            return None
        self.articles[item.article.id] = item
        self._by_url[item.canonical_url] = item.article.id
        self._by_hash[item.content_hash] = item.article.id
        return item.article.id

    def commit(self) -> None:
        self.commits += 1


class MemoryFetchState:
    """Feed records, URL records and rounds in dicts and lists."""

    def __init__(self, *, rounds_kept: int = 50) -> None:
        self._feeds: dict[tuple[str, str], FeedRecord] = {}
        self._urls: dict[str, UrlRecord] = {}
        self._rounds: list[OutletRound] = []
        self.rounds_kept = rounds_kept
        self.commits = 0

    def feed(self, outlet: str, feed_url: str) -> FeedRecord | None:
        return self._feeds.get((outlet, feed_url))

    def save_feed(self, record: FeedRecord) -> None:
        self._feeds[(record.outlet, record.feed_url)] = record

    def feeds(self, outlet: str | None = None) -> list[FeedRecord]:
        return [record for record in self._feeds.values() if outlet is None or record.outlet == outlet]

    def url(self, url: str) -> UrlRecord | None:
        return self._urls.get(url)

    def save_url(self, record: UrlRecord) -> None:
        self._urls[record.url] = record

    def save_round(self, report: OutletRound) -> None:
        self._rounds.append(report)
        mine = [index for index, kept in enumerate(self._rounds) if kept.outlet == report.outlet]
        for index in reversed(mine[: max(0, len(mine) - self.rounds_kept)]):
            del self._rounds[index]

    def rounds(self, outlet: str | None = None, *, limit: int = 20) -> list[OutletRound]:
        chosen = [report for report in self._rounds if outlet is None or report.outlet == outlet]
        return sorted(chosen, key=lambda report: report.finished_at, reverse=True)[:limit]

    def commit(self) -> None:
        self.commits += 1
