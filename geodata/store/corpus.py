"""A corpus read through the store: its articles are ingested (only new or changed ones are
extracted again), then their reports and incidents are read back from the store.

This is how ``geodata.load_incidents``, ``geodata extract`` and ``geodata export`` read a corpus:
the second reading of an unchanged corpus extracts nothing, and an incident that another stored
article also reports carries that source too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from geodata.store._pipeline import Article, Incident, Problem, Report, load_corpus
from geodata.store.database import Store, open_store
from geodata.store.errors import StoreError
from geodata.store.ingest import IngestResult, ingest_articles
from geodata.store.query import StoredIncident, incident_table, marks_of, record_of, table_of
from geodata.store.records import article_from_row, report_from_json
from geodata.store.schema import articles, incident_sources, incidents, reports
from geodata.store.stored import chunked

CorpusInput = Sequence[str | Path] | str | Path


@dataclass
class StoredCorpus:
    """The articles of one corpus as the store holds them after ingesting it."""

    article_ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ingested: IngestResult = field(default_factory=IngestResult)


@contextmanager
def store_for(store: Store | None) -> Iterator[Store]:
    """``store``, or the default store opened for this block and closed after it."""
    if store is not None:
        yield store
        return
    opened = open_store()
    try:
        yield opened
    finally:
        opened.dispose()


def ingest_corpus(corpus: CorpusInput | None, *, store: Store, jobs: int = 1,
                  progress: bool | None = None) -> StoredCorpus:
    """Ingest the articles of ``corpus`` (the seeds when None) and say which they are."""
    loaded = load_corpus(None if corpus is None else [corpus] if isinstance(corpus, str | Path) else list(corpus))
    result = ingest_articles(loaded.articles, store=store, jobs=jobs, progress=progress, problems=loaded.problems)
    problems = [*loaded.problems, *(_failure(item) for item in result.failed)]
    return StoredCorpus([article.id for article in loaded.articles], problems, result)


def _failure(text: str) -> Problem:
    article_id, _, reason = text.partition(": ")
    return Problem(article_id, None, f"article '{article_id}' could not be read: {reason}")


def stored_reports(store: Store, article_ids: Sequence[str]) -> list[Report]:
    """The stored reports of ``article_ids``, article by article in that order."""
    found: dict[str, list[tuple[int, Report]]] = {}
    with store.reading() as connection:
        for chunk in chunked(dict.fromkeys(article_ids)):
            query = sa.select(reports.c.article_id, reports.c.seq, reports.c.data).where(reports.c.article_id.in_(chunk))
            for row in connection.execute(query):
                found.setdefault(row.article_id, []).append((row.seq, report_from_json(row.data)))
    return [report for article_id in dict.fromkeys(article_ids) for _, report in sorted(found.get(article_id, []),
                                                                                          key=lambda item: item[0])]


def incident_ids_of(store: Store, article_ids: Sequence[str]) -> set[str]:
    """The ids of the stored incidents that have a source among ``article_ids``."""
    ids: set[str] = set()
    with store.reading() as connection:
        for chunk in chunked(dict.fromkeys(article_ids)):
            query = sa.select(incident_sources.c.incident_id).where(incident_sources.c.article_id.in_(chunk))
            ids.update(connection.execute(query).scalars())
    return ids


def stored_records_of(store: Store, article_ids: Sequence[str]) -> list[StoredIncident]:
    """The stored incidents that ``article_ids`` report, in the merge's order, with their reviews."""
    rows: list[Any] = []
    with store.reading() as connection:
        for chunk in chunked(sorted(incident_ids_of(store, article_ids))):
            query = sa.select(incidents.c.order_key, incidents.c.id, incidents.c.data).where(incidents.c.id.in_(chunk))
            rows += connection.execute(query).all()
    return [record_of(row.data) for row in sorted(rows, key=lambda row: (row.order_key, row.id))]


def stored_incidents_of(store: Store, article_ids: Sequence[str]) -> list[Incident]:
    """The stored incidents that ``article_ids`` report, in the merge's order (as reviewed)."""
    return [incident for incident, _ in stored_records_of(store, article_ids)]


def article_count(store: Store) -> int:
    with store.reading() as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())


def store_table(store: Store, *, with_control: bool = True) -> pd.DataFrame:
    """The table of every stored incident; an empty store takes the seeds first, as the
    dashboard does on its first start."""
    problems: list[Problem] = []
    if article_count(store) == 0:
        problems = ingest_corpus(None, store=store).problems
    frame = incident_table(store, with_control=with_control)
    frame.attrs["problems"] = [problem.as_dict() for problem in problems]
    return frame


def load_incidents(corpus: CorpusInput | None = None, *, store: Store | None = None, with_control: bool = True,
                   jobs: int = 1) -> pd.DataFrame:
    """The typed incident table of ``corpus`` (article files, folders or JSON Lines; the seeds
    by default), read through the store: articles that cannot be loaded are skipped and listed
    in ``frame.attrs["problems"]`` as dicts with file, line and reason."""
    with store_for(store) as opened:
        stored = ingest_corpus(corpus, store=opened, jobs=jobs)
        found = stored_records_of(opened, stored.article_ids)
        frame = table_of([incident for incident, _ in found], with_control=with_control, marks=marks_of(found))
    frame.attrs["problems"] = [problem.as_dict() for problem in stored.problems]
    frame.attrs["articles"] = len(stored.article_ids)
    return frame


def served_table(store: Store, *, with_control: bool = True) -> pd.DataFrame:
    """The table the dashboard serves: every incident of the store as reviewed, whatever
    brought its articles in (a corpus folder, ``geodata fetch``, the Add report page), as a
    lean table (``geodata.table.lean``: the detail of an incident is read by id when shown)."""
    from geodata.store.lean import lean_table

    return lean_table(store, with_control=with_control)


def stored_articles(store: Store, article_ids: Sequence[str] | None = None) -> list[Article]:
    """The stored articles (those of ``article_ids`` only, when given), by id."""
    query = sa.select(articles).order_by(articles.c.id)
    if article_ids is None:
        with store.reading() as connection:
            return [article_from_row(row) for row in connection.execute(query)]
    found: list[Article] = []
    with store.reading() as connection:
        for chunk in chunked(dict.fromkeys(article_ids)):
            found += [article_from_row(row) for row in connection.execute(query.where(articles.c.id.in_(chunk)))]
    return sorted(found, key=lambda article: article.id)


def stored_article_batches(store: Store, size: int = 2000) -> Iterator[list[Article]]:
    """Every stored article, ``size`` at a time (by id): a search reads them all without
    holding them all."""
    query = sa.select(articles).order_by(articles.c.id)
    with store.reading() as connection:
        result = connection.execution_options(stream_results=True).execute(query)
        while rows := result.fetchmany(size):
            yield [article_from_row(row) for row in rows]


def add_article(article: Article, *, store: Store) -> IngestResult:
    """Store one new article (a report an analyst pasted) and merge its incidents into the
    store's. StoreError when an article with its id is stored already: a pasted report never
    replaces another silently."""
    with store.reading() as connection:
        taken = connection.execute(sa.select(articles.c.id).where(articles.c.id == article.id)).first()
    if taken is not None:
        raise StoreError(f"article '{article.id}'", "an article with this id already exists in the store",
                         "give the report another id")
    return ingest_articles([article], store=store)
