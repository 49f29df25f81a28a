"""Reading articles on every core: ``--jobs N`` runs the extractor in N processes.

Articles go to the workers in chunks and come back in their input order. The parent builds
the cue words and the place index first; on Linux the workers are forked from it and share
them, elsewhere (or when the caller runs threads, where forking is unsafe) each worker
builds its own once. A progress bar shows on a terminal and stays quiet otherwise.
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


def _read_chunk(chunk: list[Article], version: str) -> list[tuple[str, list[Any], str | None]]:
    """What a worker sends back: the hash, reports and error of each article, not the article
    (the parent holds it; its text would travel twice)."""
    found = (read_one(article, version) for article in chunk)
    return [(item.content_hash, item.reports, item.error) for item in found]


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
    size = max(1, min(CHUNK_MAX, len(articles) // (jobs * 8) or 1))
    chunks = [list(articles[start:start + size]) for start in range(0, len(articles), size)]
    context = _context()
    if context.get_start_method() == "fork":
        _warm()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm) as pool:
        pending: deque[tuple[list[Article], Future[list[tuple[str, list[Any], str | None]]]]] = deque()
        queue = iter(chunks)
        for chunk in _take(queue, jobs * 4):
            pending.append((chunk, pool.submit(_read_chunk, chunk, version)))
        while pending:
            sent, future = pending.popleft()
            done = future.result()
            for chunk in _take(queue, 1):
                pending.append((chunk, pool.submit(_read_chunk, chunk, version)))
            bar.update(len(done))
            for article, (content_hash, reports, error) in zip(sent, done, strict=True):
                yield Extracted(article, content_hash, version, reports, error)


def _take(queue: Iterator[list[Article]], count: int) -> Iterable[list[Article]]:
    for _ in range(count):
        chunk = next(queue, None)
        if chunk is None:
            return
        yield chunk


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
