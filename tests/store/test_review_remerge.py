"""The analyst's merges and splits are honoured by later ingests (SPEC section 12), on SQLite
and PostgreSQL: after merges and splits on part of a dense corpus, the rest ingested in
batches (and some articles read again) gives exactly the merge from scratch of every stored
report with the analyst's groups, and each group's incident keeps the reviewed id."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
import sqlalchemy as sa

from geodata.review import merge, split
from geodata.review.reading import incident_review
from geodata.store.database import Store
from geodata.store.ingest import ingest_articles
from geodata.store.partition import merge_keyed
from geodata.store.records import report_from_json
from geodata.store.schema import incident_sources, incidents, review_anchors
from geodata.store.schema import reports as report_rows
from geodata.store.writer import extracted_incidents
from tests.store.corpora import dense_articles

pytestmark = pytest.mark.slow


def _scratch_and_stored(store: Store) -> tuple[list[str], list[str], dict[tuple[str, int], str], dict[tuple[str, int], str]]:
    """The merge from scratch of the stored reports with the stored groups, and the stored
    incidents (as the merge made them); the group and the holder of each grouped report."""
    with store.reading() as connection:
        items = [((row.article_id, row.seq), report_from_json(row.data)) for row in connection.execute(
            sa.select(report_rows.c.article_id, report_rows.c.seq, report_rows.c.data)
            .order_by(report_rows.c.article_id, report_rows.c.seq))]
        groups = {(a, s): group for a, s, group in connection.execute(
            sa.select(review_anchors.c.article_id, review_anchors.c.seq, review_anchors.c.incident_id)
            .where(review_anchors.c.seq.is_not(None)))}
        ids = list(connection.execute(sa.select(incidents.c.id)).scalars())
        stored = extracted_incidents(connection, ids)
        holder = {(a, s): incident_id for incident_id, a, s in connection.execute(
            sa.select(incident_sources.c.incident_id, incident_sources.c.article_id, incident_sources.c.seq))}
    scratch = [incident for incident, _ in merge_keyed(items, groups_of=groups)]
    return _plain(scratch), _plain(list(stored.values())), groups, holder


def _plain(found: list) -> list[str]:
    import json

    records = []
    for incident in found:
        record = incident.as_dict()
        record.pop("incident_id")
        record["spans"] = [list(source.excerpt_spans) for source in incident.sources]
        records.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return sorted(records)


def test_merges_and_splits_hold_through_later_ingests(store: Store) -> None:
    articles = list(dense_articles())
    rng = random.Random(3)
    first = articles[: len(articles) // 2]
    ingest_articles(first, store=store, batch_size=25)
    with store.reading() as connection:
        counted = connection.execute(sa.select(incident_sources.c.incident_id, sa.func.count())
                                     .group_by(incident_sources.c.incident_id)).all()
    several = sorted(incident_id for incident_id, count in counted if count > 1)
    singles = sorted(incident_id for incident_id, count in counted if count == 1)
    for incident_id in rng.sample(several, 4):
        source = incident_review(store, incident_id).sources[0]
        split(store, incident_id, source.article_id, source.seq, author="sara")
    for keep, other in zip(rng.sample(singles, 4)[::2], rng.sample(singles, 4)[1::2], strict=True):
        if keep != other:
            merge(store, keep, other, author="omar")
    scratch, stored, _, _ = _scratch_and_stored(store)
    assert stored == scratch
    rest = articles[len(articles) // 2:]
    for start in range(0, len(rest), 20):
        ingest_articles(rest[start:start + 20], store=store, batch_size=20)
    scratch, stored, groups, holder = _scratch_and_stored(store)
    assert stored == scratch
    assert groups and all(holder[key] == group for key, group in groups.items())  # each group under its reviewed id
    # articles of grouped reports edited (a line put in front: every excerpt moves) and ingested again
    edited = sorted({article_id for article_id, _ in groups})[:6]
    again = [replace(article, text="تحديث: " + article.text) for article in articles if article.id in edited]
    ingest_articles(again, store=store)
    scratch, stored, after, holder = _scratch_and_stored(store)
    assert stored == scratch
    assert sorted(after.values()) == sorted(groups.values())  # every anchor found its report again
    assert all(holder[key] == group for key, group in after.items())
