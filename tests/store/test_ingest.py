"""Ingestion: skipping what is stored, re-reading what changed, merging only what a batch
touches, with the incidents of a merge from scratch and ids that last."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from geodata.corpus.articles import load_corpus
from geodata.store.database import Store
from geodata.store.ingest import ingest, ingest_articles, reextract
from geodata.store.query import incident_table, stored_incidents
from geodata.store.schema import articles, changes, incidents, reports
from geodata.table.frame import corpus_table
from tests.store.corpora import dense_articles, scratch_incidents, without_ids, write_jsonl

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_seeds_give_the_table_of_load_incidents(store: Store) -> None:
    result = ingest([SEEDS], store=store)
    assert (result.added, result.unchanged, result.failed) == (2, 0, [])
    pd.testing.assert_frame_equal(incident_table(store), corpus_table(SEEDS))


def test_an_unchanged_article_is_skipped_and_a_changed_one_read_again(store: Store, tmp_path: Path) -> None:
    corpus = list(load_corpus(SEEDS).articles)
    ingest_articles(corpus, store=store)
    again = ingest_articles(corpus, store=store)
    assert (again.unchanged, again.added, again.changed, again.batches) == (2, 0, 0, 0)
    edited = [replace(corpus[0], text=corpus[0].text.replace("الاثنين", "الأحد")), corpus[1]]
    result = ingest_articles(edited, store=store)
    assert (result.unchanged, result.changed) == (1, 1)
    assert without_ids(stored_incidents(store)) == without_ids(scratch_incidents(edited))


def test_a_second_outlets_report_keeps_the_incident_id(store: Store) -> None:
    # the two seed reports tell the same attack on the Conoco base: the incident made from
    # the first keeps its id when the second outlet's report joins it
    first, second = sorted(load_corpus(SEEDS).articles, key=lambda article: article.id)
    ingest_articles([first], store=store)
    before = {incident.incident_id: incident for incident in stored_incidents(store)}
    ingest_articles([second], store=store)
    after = {incident.incident_id: incident for incident in stored_incidents(store)}
    joined = [incident_id for incident_id in before if incident_id in after
              and len(after[incident_id].sources) > len(before[incident_id].sources)]
    assert joined, "no incident gained the second outlet's report under its old id"
    for incident_id in joined:
        assert {source.article_id for source in after[incident_id].sources} == {first.id, second.id}
    assert set(before) <= set(after)
    assert without_ids(list(after.values())) == without_ids(scratch_incidents([first, second]))


@pytest.mark.parametrize("seed", [1, 2])
def test_batches_in_shuffled_order_give_the_merge_from_scratch(store: Store, seed: int) -> None:
    corpus = list(dense_articles())
    expected = scratch_incidents(corpus)
    assert len(expected) < sum(1 for _ in corpus) * 2  # the corpus has incidents told by several outlets
    assert any(len(incident.sources) >= 3 for incident in expected)
    order = corpus[:]
    random.Random(seed).shuffle(order)
    cuts = sorted(random.Random(seed + 10).sample(range(1, len(order)), 4))
    total_remerged = 0
    for start, end in zip([0, *cuts], [*cuts, len(order)], strict=True):
        result = ingest_articles(order[start:end], store=store, batch_size=7)
        total_remerged += result.remerged
    found = stored_incidents(store)
    assert without_ids(found) == without_ids(expected)
    assert len({incident.incident_id for incident in found}) == len(found)
    assert total_remerged > 0


def test_an_article_read_differently_moves_its_reports_and_keeps_ids(store: Store) -> None:
    corpus = list(dense_articles())
    ingest_articles(corpus, store=store)
    ids_before = {incident.incident_id for incident in stored_incidents(store)}
    edited = corpus[:]
    for index in range(0, len(edited), 9):  # a different published date: relative dates move
        article = edited[index]
        assert article.published is not None
        edited[index] = replace(article, published=article.published.replace(day=min(28, article.published.day + 2)))
    result = ingest_articles(edited, store=store)
    assert result.changed == len(range(0, len(edited), 9))
    found = stored_incidents(store)
    assert without_ids(found) == without_ids(scratch_incidents(edited))
    assert len(ids_before & {incident.incident_id for incident in found}) > len(found) // 2


def test_reextract_reads_articles_of_another_extractor_version(store: Store) -> None:
    ingest([SEEDS], store=store)
    ids = sorted(incident.incident_id for incident in stored_incidents(store))
    with store.writing() as connection:
        connection.execute(sa.update(articles).where(articles.c.id == sorted(a.id for a in load_corpus(SEEDS).articles)[0])
                           .values(extractor_version="0.0.1+old"))
    result = reextract(store=store)
    assert result.read == 1 and result.changed == 1
    assert sorted(incident.incident_id for incident in stored_incidents(store)) == ids
    assert reextract(store=store).read == 0
    with store.reading() as connection:
        versions = set(connection.execute(sa.select(reports.c.extractor_version)).scalars())
    assert len(versions) == 1 and "old" not in versions.pop()


def test_an_article_the_extractor_cannot_read_is_kept_with_its_error(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import geodata.store.extraction as extraction

    def broken(article: object) -> list[object]:
        raise RuntimeError("no reading today")

    monkeypatch.setattr(extraction, "extract_reports", broken)
    result = ingest([SEEDS], store=store)
    assert len(result.failed) == 2 and "no reading today" in result.failed[0]
    with store.reading() as connection:
        errors = list(connection.execute(sa.select(articles.c.extract_error)).scalars())
    assert errors == ["RuntimeError: no reading today"] * 2


def test_every_change_is_logged(store: Store) -> None:
    first, second = sorted(load_corpus(SEEDS).articles, key=lambda article: article.id)
    ingest_articles([first], store=store)
    ingest_articles([second], store=store)
    with store.reading() as connection:
        rows = connection.execute(sa.select(changes).order_by(changes.c.id)).mappings().all()
        held = set(connection.execute(sa.select(incidents.c.id)).scalars())
    assert rows[0]["action"] == "created"
    assert {(row["entity"], row["entity_id"]) for row in rows if row["action"] == "added"} >= {
        ("article", first.id), ("article", second.id)}
    changed = [row for row in rows if row["entity"] == "incident" and row["action"] == "changed"]
    assert changed and all(row["detail"]["sources_added"] == [second.id] for row in changed)
    logged = {row["entity_id"] for row in rows if row["entity"] == "incident" and row["action"] != "removed"}
    assert held <= logged
    assert len({row["run_id"] for row in rows if row["command"] == "ingest"}) == 1  # one store, one run


def test_json_lines_and_parallel_extraction(store: Store, tmp_path: Path) -> None:
    corpus = list(dense_articles())[:40]
    path = write_jsonl(corpus, tmp_path / "corpus.jsonl")
    result = ingest([path], store=store, jobs=2, batch_size=15)
    assert (result.added, result.batches) == (40, 3)
    assert without_ids(stored_incidents(store)) == without_ids(scratch_incidents(load_corpus(path).articles))
