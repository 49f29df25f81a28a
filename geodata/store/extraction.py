"""Reading articles on every core: ``--jobs N`` runs the extractor in N processes.

Articles go to the workers in chunks and come back in their input order. The parent builds
the cue words and the place index first; on Linux the workers are forked from it and share
them, and the articles too, so only a chunk's bounds travel to a worker. Elsewhere (or when the
caller runs threads, where forking is unsafe) each worker builds its own once and is sent the
chunk's articles. Chunks shrink towards the end of the work so that no worker is left with a
long last chunk while the other waits. A progress bar shows on a terminal and stays quiet
otherwise.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from geodata.store._pipeline import Article, extract_reports
from geodata.store.records import content_hash
from geodata.store.version import extractor_version
from geodata.store.writer import Extracted

CHUNK_MAX = 32


def read_one(article: Article, version: str | None = None) -> Extracted:
    """The reports of ``article``; an extractor failure is kept as the article's error."""
    version = version or extractor_version()
    try:
        return Extracted(article, content_hash(article), version, extract_reports(article))
    except Exception as error:  # one unreadable article must not stop the others
        return Extracted(article, content_hash(article), version, [], f"{type(error).__name__}: {error}")


def _read_chunk(chunk: Sequence[Article], version: str) -> list[tuple[str, list[Any], str | None]]:
    """What a worker sends back: the hash, reports and error of each article, not the article
    (the parent holds it; its text would travel twice)."""
    found = (read_one(article, version) for article in chunk)
    return [(item.content_hash, item.reports, item.error) for item in found]


# The articles of the running ``read_articles`` call, seen by workers forked while it runs.
_FORKED_ARTICLES: Sequence[Article] = ()


def _read_forked_span(start: int, stop: int, version: str) -> list[tuple[str, list[Any], str | None]]:
    return _read_chunk(_FORKED_ARTICLES[start:stop], version)


def _warm() -> None:
    """Build what every extraction needs (cue words, place index) once per process."""
    from geodata.events.cues import default_cues
    from geodata.places.finder import default_index

    default_cues()
    default_index()


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _context() -> Any:
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def read_articles(articles: Sequence[Article], *, jobs: int = 1, progress: bool | None = None) -> Iterator[Extracted]:
    """Each article read by the extractor, in input order, on ``jobs`` processes
    (0 means every usable core). ``progress``: a bar on standard error (default: when it is
    a terminal)."""
    jobs = usable_cores() if jobs <= 0 else jobs
    version = extractor_version()
    with _bar(len(articles), progress) as bar:
        if jobs == 1 or len(articles) < 2:
            for article in articles:
                yield read_one(article, version)
                bar.update(1)
            return
        yield from _in_processes(articles, jobs, version, bar)


def _in_processes(articles: Sequence[Article], jobs: int, version: str, bar: Any) -> Iterator[Extracted]:
    global _FORKED_ARTICLES
    context = _context()
    forked = context.get_start_method() == "fork"
    if forked:
        _warm()
        _FORKED_ARTICLES = articles
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm) as pool:
            def submit(span: tuple[int, int]) -> Future[list[tuple[str, list[Any], str | None]]]:
                if forked:
                    return pool.submit(_read_forked_span, *span, version)
                return pool.submit(_read_chunk, list(articles[span[0]:span[1]]), version)

            yield from _in_order(articles, chunk_spans(len(articles), jobs), submit, jobs, version, bar)
    finally:
        _FORKED_ARTICLES = ()


def _in_order(articles: Sequence[Article], spans: Iterator[tuple[int, int]], submit: Any, jobs: int, version: str,
              bar: Any) -> Iterator[Extracted]:
    """Keeps ``jobs * 4`` chunks queued and yields their articles' readings in input order."""
    pending: deque[tuple[tuple[int, int], Future[list[tuple[str, list[Any], str | None]]]]] = deque()
    for span in _take(spans, jobs * 4):
        pending.append((span, submit(span)))
    while pending:
        (start, stop), future = pending.popleft()
        done = future.result()
        for span in _take(spans, 1):
            pending.append((span, submit(span)))
        bar.update(len(done))
        for article, (hashed, reports, error) in zip(articles[start:stop], done, strict=True):
            yield Extracted(article, hashed, version, reports, error)


def chunk_spans(total: int, jobs: int) -> Iterator[tuple[int, int]]:
    """Bounds of the chunks ``total`` articles are cut into: each about an eighth of what is
    left per worker, at most ``CHUNK_MAX`` and at least one, so the last ones are short."""
    start = 0
    while start < total:
        size = max(1, min(CHUNK_MAX, (total - start) // (jobs * 8)))
        yield start, min(total, start + size)
        start += size


def _take(queue: Iterator[Any], count: int) -> Iterable[Any]:
    for _ in range(count):
        item = next(queue, None)
        if item is None:
            return
        yield item


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, _: int) -> None:
        return None


def _bar(total: int, progress: bool | None) -> Any:
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True, leave=False)
