"""The incremental merge gives exactly the incidents of a merge from scratch, and keeps ids."""

from __future__ import annotations

import pytest

from geodata.events.merge import merge_reports
from geodata.store.partition import merge_keyed
from tests.store.memory import MemoryStore, from_scratch, keyed, random_articles, reread, shuffled_batches, without_id


def _same(store: MemoryStore, articles: dict) -> None:
    expected = sorted((without_id(incident) for incident in from_scratch(articles)), key=repr)
    assert sorted((without_id(incident) for incident in store.incidents.values()), key=repr) == expected


@pytest.mark.parametrize("seed", range(8))
def test_partitioned_merge_equals_one_merge(seed: int) -> None:
    articles = random_articles(seed, 120)
    reports = [report for _, report in keyed(articles)]
    assert [incident for incident, _ in merge_keyed(keyed(articles))] == merge_reports(reports)


@pytest.mark.parametrize("seed", range(20))
def test_batches_in_any_order_give_the_merge_from_scratch(seed: int) -> None:
    articles = random_articles(seed, 150)
    store = MemoryStore()
    for batch in shuffled_batches(sorted(articles), seed, 1 + seed % 5):
        store.ingest({article_id: articles[article_id] for article_id in batch})
        _same(store, {article_id: articles[article_id] for article_id in store_articles(store)})
    _same(store, articles)


def store_articles(store: MemoryStore) -> set[str]:
    return {key[0] for key in store.report_of}


@pytest.mark.parametrize("seed", range(16))
def test_re_extracted_articles_give_the_merge_from_scratch(seed: int) -> None:
    articles = random_articles(100 + seed, 80)
    store = MemoryStore()
    store.ingest(articles)
    changed = {article_id: reread(reports, seed) for article_id, reports in list(articles.items())[seed::7]}
    articles.update(changed)
    store.ingest(changed)
    _same(store, articles)


def _daily_attack(article_id: str, day: int) -> list:
    import datetime as dt

    from geodata.events.model import Report, Source
    from tests.store.memory import PLACES

    source = Source(article_id, "SY24", None, dt.date(2023, 4, 1) + dt.timedelta(days=day), "x", ((0, 10),))
    return [Report(kind="rocket_attack", source=source, date=dt.date(2023, 4, 1) + dt.timedelta(days=day),
                   date_precision="day", location=PLACES[0], actors_by=["iran_backed_militias"])]


def test_a_report_early_in_a_chain_shifts_every_later_incident() -> None:
    # a rocket attack on the same base every day: the merge cuts the chain into incidents of
    # four days; one more report on the day before the first moves every cut after it
    articles = {f"day-{day:02d}": _daily_attack(f"day-{day:02d}", day) for day in range(1, 30)}
    store = MemoryStore()
    store.ingest(articles)
    before = len(store.incidents)
    articles["day-00"] = _daily_attack("day-00", 0)
    plan = store.ingest({"day-00": articles["day-00"]})
    _same(store, articles)
    assert plan.universe == before and plan.rounds > 2
    assert plan.rounds < before  # the rings double: far fewer rounds than incidents


def test_a_second_outlets_report_keeps_the_incident_id() -> None:
    articles = {"first-outlet": _daily_attack("first-outlet", 3)}
    store = MemoryStore()
    store.ingest(articles)
    [incident_id] = store.incidents
    plan = store.ingest({"second-outlet": _daily_attack("second-outlet", 3)})
    assert list(store.incidents) == [incident_id]
    assert [source.article_id for source in store.incidents[incident_id].sources] == ["first-outlet", "second-outlet"]
    assert [written.previous for written in plan.written] == [incident_id]


def test_a_source_split_out_keeps_the_id_with_the_larger_part() -> None:
    articles = {name: _daily_attack(name, 3) for name in ("one", "two", "three")}
    store = MemoryStore()
    store.ingest(articles)
    [incident_id] = store.incidents
    moved = _daily_attack("three", 9)  # re-read: a week later
    plan = store.ingest({"three": moved})
    assert sorted(len(incident.sources) for incident in store.incidents.values()) == [1, 2]
    assert len(store.incidents[incident_id].sources) == 2
    assert plan.removed == []
