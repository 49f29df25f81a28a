"""Reviews survive re-extraction and re-merging (SPEC section 12), on SQLite and PostgreSQL:
``geodata reextract`` with a new extractor version reads the seeds again, here in ways a new
extractor might (the same, other numbers, reports in another order, a report gone); the
analyst's corrections stand, merges and splits hold, and where the new reading disagrees with
what the analyst reviewed the incident is flagged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from geodata.corpus.articles import Article
from geodata.events.model import Report, Source
from geodata.events.reports import extract_reports
from geodata.review import IncidentNotFoundError, confirm, correct, incident_review, merge, review_queue, split
from geodata.store import extraction, ingest
from geodata.store.database import Store
from geodata.store.ingest import ingest as ingest_inputs
from geodata.store.ingest import reextract

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
Reading = Callable[[Article, list[Report]], list[Report]]


@pytest.fixture
def seeded(store: Store) -> Store:
    ingest_inputs([SEEDS], store=store)
    return store


def read_again(store: Store, monkeypatch: pytest.MonkeyPatch, reading: Reading, version: str = "test+2") -> None:
    """``geodata reextract`` as a new extractor ``version`` that reads each article as ``reading`` says."""
    def new_extractor(article: Article) -> list[Report]:
        return reading(article, list(extract_reports(article)))

    monkeypatch.setattr(extraction, "extract_reports", new_extractor)
    monkeypatch.setattr(extraction, "extractor_version", lambda: version)
    monkeypatch.setattr(ingest, "extractor_version", lambda: version)
    result = reextract(store=store)
    assert result.changed == 2 and not result.failed


def same(article: Article, reports: list[Report]) -> list[Report]:
    return reports


def two_sources(store: Store) -> str:
    return next(item.incident_id for item in review_queue(store) if item.n_sources == 2)


def test_a_correction_stands_after_a_new_extractor_reads_the_same(seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    incident_id = two_sources(seeded)
    correct(seeded, incident_id, {"kind": "armed_clash", "killed": 2}, author="sara")
    before = incident_review(seeded, incident_id)
    read_again(seeded, monkeypatch, same)
    after = incident_review(seeded, incident_id)
    assert (after.incident.kind, after.incident.killed, after.status) == ("armed_clash", 2, "corrected")
    assert not after.flagged and after.version == before.version
    assert [source.key for source in after.sources] == [source.key for source in before.sources]


def test_a_new_reading_that_disagrees_leaves_the_review_and_raises_the_flag(
        seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    incident_id = two_sources(seeded)
    confirm(seeded, incident_id, author="sara")
    correct(seeded, incident_id, {"killed": 2}, author="sara")
    told = {(source.article_id, source.excerpt) for source in incident_review(seeded, incident_id).incident.sources}

    def more_casualties(article: Article, reports: list[Report]) -> list[Report]:
        return [replace(report, killed=9, injured=4) if (article.id, report.source.excerpt) in told else report
                for report in reports]

    read_again(seeded, monkeypatch, more_casualties)
    review = incident_review(seeded, incident_id)
    assert review.incident.killed == 2  # the correction stands
    assert review.incident.injured is None  # the confirmed value stands too
    assert review.flagged and set(review.changed_fields) == {"killed", "injured"}
    extracted = {field.name: field.extracted for field in review.fields}
    assert (extracted["killed"], extracted["injured"]) == ("9", "4")
    assert review.status == "corrected"
    item = next(item for item in review_queue(seeded, statuses=None, only_flagged=True))
    assert item.incident_id == incident_id
    confirm(seeded, incident_id, author="sara")  # the analyst takes the new reading: the flag goes
    review = incident_review(seeded, incident_id)
    assert not review.flagged and review.incident.killed == 2 and review.incident.injured == 4


def test_reports_in_another_order_and_place_in_the_text_keep_merges_and_splits(
        seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    split_from = two_sources(seeded)
    moved = incident_review(seeded, split_from).sources[-1]
    alone = split(seeded, split_from, moved.article_id, author="sara").other_id
    assert alone is not None
    keep, other = [item.incident_id for item in review_queue(seeded) if item.incident_id not in {split_from, alone}][:2]
    merge(seeded, keep, other, author="sara")
    held = {key: sorted((source.article_id, source.excerpt) for source in incident_review(seeded, key).sources)
            for key in (split_from, alone, keep)}

    def reordered(article: Article, reports: list[Report]) -> list[Report]:
        # the new extractor finds the reports in another order, each excerpt a little wider
        def wider(report: Report) -> Report:
            spans = tuple((max(0, start - 3), end) for start, end in report.source.excerpt_spans)
            return replace(report, source=replace(report.source, excerpt_spans=spans))
        return [wider(report) for report in reversed(reports)]

    read_again(seeded, monkeypatch, reordered)
    for key, expected in held.items():
        review = incident_review(seeded, key)
        assert sorted((source.article_id, source.excerpt) for source in review.sources) == expected, key
        assert all(source.held for source in review.sources) and not review.detached


def test_a_report_the_new_reading_lacks_waits_for_the_next_reading(seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    split_from = two_sources(seeded)
    moved = incident_review(seeded, split_from).sources[-1]
    alone = split(seeded, split_from, moved.article_id, author="sara").other_id
    assert alone is not None
    correct(seeded, alone, {"killed": 1}, author="sara")

    def without_it(article: Article, reports: list[Report]) -> list[Report]:
        return [report for report in reports if (article.id, report.source.excerpt) != (moved.article_id, moved.excerpt)]

    read_again(seeded, monkeypatch, without_it, "test+2")
    with pytest.raises(IncidentNotFoundError, match="no article's latest reading tells this incident"):
        incident_review(seeded, alone)
    read_again(seeded, monkeypatch, same, "test+3")  # the report is back: so is its incident, reviewed
    review = incident_review(seeded, alone)
    assert [source.key for source in review.sources] == [moved.key] and review.incident.killed == 1
    assert review.status == "corrected"


def test_a_new_source_joining_a_reviewed_incident_raises_the_flag(seeded: Store, tmp_path: Path) -> None:
    incident_id = two_sources(seeded)
    confirm(seeded, incident_id, author="sara")
    review = incident_review(seeded, incident_id)
    source = review.sources[0]
    text_of = {source.article_id: source.excerpt for source in review.sources}
    copy = tmp_path / "third-outlet.md"
    copy.write_text(f"---\nid: third-outlet-2023-04-11\noutlet: Third Outlet\npublished: 2023-04-11\nlanguage: ar\n"
                    f"---\n{text_of[source.article_id]}\n", encoding="utf-8")
    ingest_inputs([copy], store=seeded)
    review = incident_review(seeded, incident_id)
    assert "third-outlet-2023-04-11" in {source.article_id for source in review.sources}
    assert review.flagged and "sources" in review.changed_fields
    assert not next(source for source in review.sources if source.article_id == "third-outlet-2023-04-11").held


def test_anchors_pair_with_the_most_alike_report() -> None:
    from geodata.store.reviewed import Anchor, attach

    def report(kind: str, start: int, end: int) -> Report:
        return Report(kind=kind, source=Source("a", "SY24", None, None, "x", ((start, end),)))

    anchors = [(1, Anchor("a", "rocket_attack", 100, 150, None)), (2, Anchor("a", "airstrike", 300, 380, None)),
               (3, Anchor("a", "ied_explosion", 900, 950, None))]
    reports = [(0, report("airstrike", 290, 390)), (1, report("artillery_shelling", 100, 160)), (2, report("airstrike", 500, 520))]
    # 1: same start, kind changed; 2: overlapping excerpt of its kind; 3: nothing like it
    assert attach(anchors, reports) == {1: 1, 2: 0, 3: None}
