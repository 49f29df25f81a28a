"""``geodata ingest`` and ``geodata reextract`` as library functions (SPEC section 11).

Ingesting reads the inputs (files, folders, JSON Lines, ``-``), skips the articles the store
already holds with the same content hash, reads the others on ``jobs`` processes and writes
them in batches of ``batch_size`` articles, one transaction each: an ingest stopped at any
point leaves every finished batch in the store and nothing of the others, and running it
again picks up where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from geodata.store._pipeline import Article, Problem, load_corpus
from geodata.store.database import Store, open_store
from geodata.store.extraction import read_articles
from geodata.store.records import article_from_row, content_hash
from geodata.store.schema import articles
from geodata.store.stored import chunked
from geodata.store.version import extractor_version
from geodata.store.writer import BatchResult, Extracted, changed_content, store_batch

BATCH_SIZE = 200


@dataclass
class IngestResult:
    """What an ingest (or re-extraction) did, for the command's summary."""

    read: int = 0
    unchanged: int = 0
    added: int = 0
    changed: int = 0
    failed: list[str] = field(default_factory=list)  # "<article id>: <error>"
    problems: list[Problem] = field(default_factory=list)
    reports: int = 0
    incidents_added: int = 0
    incidents_changed: int = 0
    incidents_removed: int = 0
    remerged: int = 0
    batches: int = 0
    extract_seconds: float = 0.0
    store_seconds: float = 0.0

    def add(self, batch: BatchResult) -> None:
        self.batches += 1
        self.added += batch.articles_added
        self.changed += batch.articles_changed
        self.unchanged += batch.articles_skipped
        self.reports += batch.reports
        self.incidents_added += batch.incidents_added
        self.incidents_changed += batch.incidents_changed
        self.incidents_removed += batch.incidents_removed
        self.remerged += batch.remerged
        self.store_seconds += batch.seconds

    def summary(self) -> str:
        return (f"{self.read} articles read: {self.added} added, {self.changed} changed, {self.unchanged} unchanged"
                f"{f', {len(self.failed)} could not be read' if self.failed else ''}; {self.reports} reports; incidents: "
                f"{self.incidents_added} added, {self.incidents_changed} changed, {self.incidents_removed} removed "
                f"({self.batches} batch{'es' if self.batches != 1 else ''}; extraction {self.extract_seconds:.1f} s, "
                f"store {self.store_seconds:.1f} s)")


def ingest(inputs: Sequence[str | Path] | str | Path, *, store: Store | None = None, jobs: int = 1,
           batch_size: int = BATCH_SIZE, progress: bool | None = None) -> IngestResult:
    """Add the articles of ``inputs`` to the store (module docstring)."""
    corpus = load_corpus([inputs] if isinstance(inputs, str | Path) else list(inputs))
    return ingest_articles(corpus.articles, store=store, jobs=jobs, batch_size=batch_size, progress=progress,
                           problems=corpus.problems)


def ingest_articles(items: Sequence[Article], *, store: Store | None = None, jobs: int = 1, batch_size: int = BATCH_SIZE,
                    progress: bool | None = None, problems: Sequence[Problem] = ()) -> IngestResult:
    """Add ``items`` to the store: the same as ``ingest`` for articles already loaded."""
    own = store is None
    store = store or open_store()
    try:
        result = IngestResult(read=len(items), problems=list(problems))
        held = stored_hashes(store, [article.id for article in items])
        todo = [article for article in items if held.get(article.id) != content_hash(article)]
        result.unchanged = len(items) - len(todo)
        _run(store, read_articles(todo, jobs=jobs, progress=progress), batch_size, "ingest", changed_content, result)
        return result
    finally:
        if own:
            store.dispose()


def _run(store: Store, extracted: Iterator[Extracted], batch_size: int, command: str, wanted: Any,
         result: IngestResult) -> None:
    started = time.perf_counter()
    for batch in _batches(extracted, batch_size):
        result.failed += [f"{item.article.id}: {item.error}" for item in batch if item.error]
        result.add(store_batch(store, batch, command=command, wanted=wanted))
    result.extract_seconds = time.perf_counter() - started - result.store_seconds


def _batches(items: Iterable[Extracted], size: int) -> Iterator[list[Extracted]]:
    batch: list[Extracted] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stored_hashes(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """The content hash of each of ``ids`` the store holds."""
    found: dict[str, str] = {}
    with store.reading() as connection:
        for chunk in chunked(sorted(set(ids))):
            found.update(connection.execute(
                sa.select(articles.c.id, articles.c.content_hash).where(articles.c.id.in_(chunk))).all())
    return found


def reextract(*, store: Store | None = None, jobs: int = 1, batch_size: int = BATCH_SIZE, progress: bool | None = None,
              everything: bool = False) -> IngestResult:
    """Read again, with the current extractor, the stored articles another version read (or
    all of them with ``everything``), replace their reports and re-merge what they touch.
    Incidents keep their ids where they are the same incidents (``remerge.assign_ids``); the
    analyst's reviews find their reports in the new readings and stand (``reviewed``)."""
    own = store is None
    store = store or open_store()
    try:
        version = extractor_version()
        stale = _stale_articles(store, None if everything else version)
        result = IngestResult(read=len(stale))

        def wanted(item: Extracted, held: tuple[str, str | None] | None) -> bool:
            # skip what changed meanwhile: an ingest that ran in between read it already
            return held is not None and held[0] == item.content_hash and (everything or held[1] != version)

        _run(store, read_articles(stale, jobs=jobs, progress=progress), batch_size, "reextract", wanted, result)
        result.changed, result.added = result.changed + result.added, 0
        return result
    finally:
        if own:
            store.dispose()


def _stale_articles(store: Store, version: str | None) -> list[Article]:
    query = sa.select(articles).order_by(articles.c.id)
    if version is not None:
        query = query.where(sa.or_(articles.c.extractor_version.is_(None), articles.c.extractor_version != version))
    with store.reading() as connection:
        return [article_from_row(row) for row in connection.execute(query)]
