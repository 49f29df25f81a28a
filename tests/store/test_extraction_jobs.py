"""``--jobs N``: N worker processes read the articles, which come back in input order with the
same reports and errors as one process gives."""

from __future__ import annotations

import multiprocessing
from dataclasses import replace

import pytest

from geodata.store import extraction
from geodata.store.extraction import CHUNK_MAX, chunk_spans, read_articles
from tests.store.corpora import dense_articles


def _readings(articles: list, jobs: int) -> list[tuple[str, str, list[dict], str | None]]:
    return [(item.article.id, item.content_hash, [report.as_dict() for report in item.reports], item.error)
            for item in read_articles(articles, jobs=jobs, progress=False)]


@pytest.mark.parametrize("jobs", [2, 3])
def test_several_processes_read_what_one_reads_in_the_same_order(jobs: int) -> None:
    articles = list(dense_articles())[:45]
    assert len(articles) == 45  # more chunks than workers, and a last chunk shorter than the others
    assert _readings(articles, jobs) == _readings(articles, 1)


def test_an_article_that_breaks_the_extractor_keeps_its_place_and_its_error() -> None:
    articles = list(dense_articles())[:12]
    articles[5] = replace(articles[5], text=None)  # type: ignore[arg-type]  # the extractor cannot read it
    found = list(read_articles(articles, jobs=2, progress=False))
    assert [item.article.id for item in found] == [article.id for article in articles]
    assert [index for index, item in enumerate(found) if item.error] == [5]
    assert all(item.reports for index, item in enumerate(found) if index != 5)



@pytest.mark.parametrize(("total", "jobs"), [(1, 2), (45, 2), (1000, 2), (1000, 3), (7, 4)])
def test_chunks_cover_every_article_once_and_shrink_towards_the_end(total: int, jobs: int) -> None:
    spans = list(chunk_spans(total, jobs))
    assert [start for start, _ in spans] == [0] + [stop for _, stop in spans[:-1]]
    assert spans[-1][1] == total
    sizes = [stop - start for start, stop in spans]
    assert all(1 <= size <= CHUNK_MAX for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 1  # the last chunk is one article: no worker waits on a long tail


@pytest.mark.slow
def test_workers_started_afresh_are_sent_the_articles_and_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # where forking is unsafe (threads running) or absent, workers are spawned and share nothing
    monkeypatch.setattr(extraction, "_context", lambda: multiprocessing.get_context("spawn"))
    articles = list(dense_articles())[:9]
    assert _readings(articles, 2) == _readings(articles, 1)
