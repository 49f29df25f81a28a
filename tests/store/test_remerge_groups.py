"""The analyst's merges and splits in the merge: a merge from scratch with the groups keeps a
group's reports in one incident and two groups apart, and the incremental merge (analyst's
actions, then ingests and re-extractions) gives exactly that merge, with each group's
incident under the group's id."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from geodata.events.merge import merge_reports
from geodata.events.model import Report, Source
from geodata.store.partition import merge_keyed
from tests.store.memory import (
    PLACES,
    ReviewedMemoryStore,
    keyed,
    random_articles,
    reread,
    shuffled_batches,
    without_id,
)


def _report(article_id: str, day: int, kind: str = "rocket_attack", place: int = 0, start: int = 0) -> Report:
    date = dt.date(2023, 4, 1) + dt.timedelta(days=day)
    source = Source(article_id, "SY24", None, date, "x", ((start, start + 10),))
    return Report(kind=kind, source=source, date=date, date_precision="day", location=PLACES[place],
                  actors_by=["iran_backed_militias"])


def test_a_group_is_one_incident_whatever_the_rules_say() -> None:
    far_apart = [_report("a", 1), _report("b", 12, kind="armed_clash", place=3), _report("c", 1)]
    assert len(merge_reports(far_apart)) == 2
    together = merge_reports(far_apart, groups=["g", "g", None])
    assert sorted(len(incident.sources) for incident in together) == [3]  # c joins the group's incident by the rules


def test_two_groups_never_share_an_incident() -> None:
    same_event = [_report("a", 1), _report("b", 1), _report("c", 1)]
    assert len(merge_reports(same_event)) == 1
    apart = merge_reports(same_event, groups=["g", "h", None])
    assert sorted(len(incident.sources) for incident in apart) == [1, 2]  # c joins the first group's incident
    assert [source.article_id for source in apart[0].sources] == ["a", "c"]


def test_a_group_of_a_report_that_cannot_merge() -> None:
    undated = Report(kind="airstrike", source=Source("u", "SOHR", None, None, "x", ((0, 5),)))
    incidents = merge_reports([_report("a", 1), undated], groups=["g", "g"])
    assert len(incidents) == 1 and len(incidents[0].sources) == 2


def test_groups_must_match_the_reports() -> None:
    with pytest.raises(ValueError, match="2 entries for 1 reports"):
        merge_reports([_report("a", 1)], groups=["g", None])


@pytest.mark.parametrize("seed", range(6))
def test_the_partitioned_merge_with_groups_equals_one_merge(seed: int) -> None:
    articles = random_articles(seed, 100)
    items = keyed(articles)
    rng = random.Random(seed)
    groups = {key: f"g{rng.randrange(12)}" for key, _ in items if rng.random() < 0.15}
    expected = merge_reports([report for _, report in items], groups=[groups.get(key) for key, _ in items])
    assert [incident for incident, _ in merge_keyed(items, groups_of=groups)] == expected


def _same(store: ReviewedMemoryStore, articles: dict) -> None:
    present = {key: group for key, group in store.groups.items() if key[0] in articles and key[1] < len(articles[key[0]])}
    expected = sorted((without_id(incident) for incident, _ in merge_keyed(keyed(articles), groups_of=present)), key=repr)
    assert sorted((without_id(incident) for incident in store.incidents.values()), key=repr) == expected
    for key, group in present.items():  # a group's incident has the group's id
        assert store.holder[key] == group


def _act(store: ReviewedMemoryStore, rng: random.Random, number: int) -> None:
    """One analyst action on random incidents: pin (confirm, correct, note), merge or split."""
    ids = sorted(store.incidents)
    action = rng.choice(["pin", "merge", "split", "split"])
    if action == "pin":
        store.pin(rng.choice(ids))
    elif action == "merge" and len(ids) > 1:
        keep, other = rng.sample(ids, 2)
        store.merge(keep, other)
    else:
        several = [incident_id for incident_id in ids if len(store.reports[incident_id]) > 1]
        if several:
            incident_id = rng.choice(several)
            key = rng.choice(store.reports[incident_id])[0]
            store.split(incident_id, key, f"inc-split-{number}")


@pytest.mark.parametrize("seed", range(12))
def test_analyst_actions_then_ingests_give_the_merge_from_scratch_with_the_groups(seed: int) -> None:
    articles = random_articles(200 + seed, 120)
    rng = random.Random(seed)
    store = ReviewedMemoryStore()
    batches = shuffled_batches(sorted(articles), seed, 4)
    held: dict = {}
    for number, batch in enumerate(batches):
        held.update({article_id: articles[article_id] for article_id in batch})
        store.ingest({article_id: articles[article_id] for article_id in batch})
        _same(store, held)
        for step in range(6):
            _act(store, rng, number * 10 + step)
            _same(store, held)
        changed = {article_id: reread(held[article_id], seed + number) for article_id in rng.sample(sorted(held), 8)}
        held.update(changed)
        store.ingest(changed)
        _same(store, held)


def test_pinning_an_incident_as_it_is_changes_no_incident() -> None:
    articles = random_articles(7, 120)
    store = ReviewedMemoryStore()
    store.ingest(articles)
    before = {incident_id: without_id(incident) for incident_id, incident in store.incidents.items()}
    for incident_id in sorted(store.incidents)[::3]:
        store.pin(incident_id)
    _same(store, articles)  # the merge from scratch with these groups is what the store holds
    assert {incident_id: without_id(incident) for incident_id, incident in store.incidents.items()} == before


def test_a_merge_keeps_the_first_id_and_a_split_gets_its_own() -> None:
    articles = {"a": [_report("a", 1)], "b": [_report("b", 1)], "c": [_report("c", 9, place=3)]}
    store = ReviewedMemoryStore()
    store.ingest(articles)
    [together] = [incident_id for incident_id, reports in store.reports.items() if len(reports) == 2]
    [alone] = [incident_id for incident_id, reports in store.reports.items() if len(reports) == 1]
    plan = store.merge(alone, together)
    assert list(store.incidents) == [alone] and plan.removed == [together]
    assert plan.moved_to == {together: [alone]}
    store.split(alone, ("b", 0), "inc-b")
    assert sorted(store.incidents) == sorted([alone, "inc-b"])
    assert [key for key, _ in store.reports["inc-b"]] == [("b", 0)]
    # a later report of the same event joins one of them by the rules, and the split holds
    store.ingest({"d": [_report("d", 1, start=50)]})
    assert len(store.incidents) == 2 and store.holder[("b", 0)] == "inc-b"
    _same(store, {**articles, "d": [_report("d", 1, start=50)]})


def test_a_re_extracted_report_stays_in_its_group() -> None:
    articles = {name: [_report(name, 1)] for name in ("a", "b", "c")}
    store = ReviewedMemoryStore()
    store.ingest(articles)
    [incident_id] = store.incidents
    store.split(incident_id, ("c", 0), "inc-c")
    moved = {"c": [_report("c", 1, start=5)]}  # re-read: the same report a little further on
    store.ingest(moved)
    assert store.holder[("c", 0)] == "inc-c" and len(store.reports[incident_id]) == 2
    _same(store, {**articles, **moved})
