"""Re-merge only what new or removed reports can change, with the result of a full merge.

The stored incidents are the result of ``merge_reports`` over the stored reports (the "old
run"). Adding reports N and removing reports D asks for the merge of the new set (the "new
run"). ``plan_remerge`` re-merges a universe U of whole stored incidents plus N and keeps the
stored incidents outside U as they are. Why that equals the full new run:

1. A report's choice in the greedy merge depends only on the incidents that hold a report it
   may agree with (``partition.may_agree``, which accepts every pair ``same_event`` accepts):
   it joins the first of them, in creation order, that agrees and has no report of its
   article, or opens an incident.
2. Call an incident of the re-merge *dirty* when it is not exactly a stored incident (same
   reports), and a stored incident of U dirty when the re-merge did not give it back. An
   incident is clean at every moment of the run if it is clean at the end, since reports
   join in one order.
3. U is grown until it holds every stored incident with a report that may agree with a
   report of a dirty incident (old or new). Then, taking reports in merge order: a report
   outside U sees only clean incidents of U among those it may agree with (a dirty one would
   have pulled its incident into U), so it chooses as in the old run; a report of U that
   ends in a clean incident chose that incident in the old run before any incident outside U
   it may agree with, and the incidents outside U are unchanged, so the full run chooses the
   same; a report that ends in a dirty incident has no report outside U it may agree with.
   By induction over the merge order, the full new run is: the stored incidents outside U,
   plus the re-merge of U.

U starts with the incidents of the removed reports and those that may agree with a new
report, and grows ring by ring (the rings per round double, so a long chain of incidents
is covered in few rounds). Dirty stored incidents hand their ids to the dirty incidents
that took most of their reports (``assign_ids``), so an incident keeps its id when it gains
or loses a source.

The analyst's groups (SPEC section 12; ``merge_reports``' ``groups``) keep the argument: a
group's first report opens its incident and the others join it at their own place in the
order, so an incident is still clean at every moment if it is clean at the end, and a
group's reports are always in one stored incident, which is whole in U or outside it. A
batch that changes groups (``regrouped``: an analyst's merge or split) re-merges the
incidents of those reports as if they were new (they are dirty, and every incident with a
report that may agree with theirs joins U). Group ``g``'s incident has the id ``g`` (the
reviewed incident's id); ids that reviews hold (``reserved_ids``) are never handed to
another incident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from geodata.store._pipeline import Incident, Report
from geodata.store.partition import merge_keyed, mergeable

ReportKey = tuple[str, int]  # (article id, number of the report in its article)
# a report in a re-merge: its key, and whether it is new in this batch (a re-extracted
# article's new reports reuse the keys of the old ones they replace)
Member = tuple[str, int, bool]
MatchKey = tuple[str, str, int]


class StoredIncidents(Protocol):
    """What the planner asks of the store (the database, or a dict in tests)."""

    def incidents_near(self, reports: Sequence[Report]) -> set[str]:
        """Ids of the stored incidents with a report that may agree with one of ``reports``."""
        ...

    def members(self, incident_ids: Iterable[str]) -> dict[str, list[tuple[ReportKey, Report]]]:
        """The stored reports of each incident."""
        ...

    def incidents_of(self, keys: Iterable[ReportKey]) -> set[str]:
        """Ids of the incidents holding these stored reports."""
        ...

    def taken_ids(self, candidates: Iterable[str]) -> set[str]:
        """Which of ``candidates`` are ids of stored incidents or held by a review."""
        ...

    def existing_ids(self, candidates: Iterable[str]) -> set[str]:
        """Which of ``candidates`` are ids of stored incidents."""
        ...

    def reserved_ids(self, candidates: Iterable[str]) -> set[str]:
        """Which of ``candidates`` a review holds (they go to no other incident)."""
        ...

    def groups_of(self, keys: Iterable[ReportKey]) -> dict[ReportKey, str]:
        """The analyst's group (the id of its incident) of each of ``keys`` that has one."""
        ...


@dataclass
class Written:
    """An incident to write, with its reports (in the order of its sources); ``previous`` is
    its id before (None: a new incident)."""

    incident: Incident
    members: list[Member]
    previous: str | None
    reports: list[Report] = field(default_factory=list)


@dataclass
class Plan:
    """What a batch changes among the incidents."""

    removed: list[str] = field(default_factory=list)  # stored ids that no longer exist
    written: list[Written] = field(default_factory=list)  # incidents added or changed
    moved_to: dict[str, list[str]] = field(default_factory=dict)  # removed id -> ids that took its reports
    universe: int = 0  # stored incidents re-merged
    rounds: int = 0


def plan_remerge(store: StoredIncidents, added: Sequence[tuple[ReportKey, Report]],
                 removed: Iterable[ReportKey] = (), regrouped: Iterable[ReportKey] = ()) -> Plan:
    """The incidents to remove and to write so that the store holds the merge of its reports
    plus ``added`` minus ``removed``, with the analyst's groups; ``regrouped``: stored
    reports whose group changed (module docstring)."""
    removed_keys, regrouped_keys = set(removed), set(regrouped) - set(removed)
    stored: dict[str, list[tuple[ReportKey, Report]]] = {}
    universe = store.incidents_of(removed_keys | regrouped_keys)
    stored.update(store.members(universe))
    moved = [report for incident_id in universe for key, report in stored[incident_id] if key in regrouped_keys]
    universe |= store.incidents_near([report for _, report in added] + moved)
    probed: set[Member] = set()
    new_items: list[tuple[Member, Report]] = [((key[0], key[1], True), report) for key, report in added]
    groups: dict[Member, str] = {}
    plan = Plan()
    rings = 1
    while True:
        plan.rounds += 1
        stored.update(store.members(universe - stored.keys()))
        old = {incident_id: frozenset((*key, False) for key, _ in stored[incident_id]) for incident_id in universe}
        items = sorted(_universe_items(stored, universe, removed_keys, regrouped_keys) + new_items, key=_item_order)
        homes = _groups(store, items, groups)
        if homes - universe:  # a group's other reports: its whole incident joins the re-merge
            universe |= homes
            continue
        merged = merge_keyed(items, groups_of=groups)
        old_sets = set(old.values())
        new_sets = {frozenset(members) for _, members in merged}
        dirty_new = [(incident, members) for incident, members in merged if frozenset(members) not in old_sets]
        dirty_old = sorted(incident_id for incident_id, members in old.items() if members not in new_sets)
        by_member = dict(items)
        by_member.update(((*key, False), report) for incident_id in dirty_old for key, report in stored[incident_id])
        members = [member for incident_id in dirty_old for member in old[incident_id]]
        members += [member for _, incident_members in dirty_new for member in incident_members]
        probes = [by_member[member] for member in sorted(set(members) - probed) if mergeable(by_member[member])]
        probed.update(members)
        frontier = _rings(store, probes, universe, rings)
        if not frontier:
            break
        universe |= frontier
        rings *= 2
    plan.universe = len(universe)
    dirty = {incident_id: old[incident_id] for incident_id in dirty_old}
    _finish(plan, store, dirty_new, dirty, by_member, groups)
    return plan


def _groups(store: StoredIncidents, items: list[tuple[Member, Report]], groups: dict[Member, str]) -> set[str]:
    """Fill ``groups`` for ``items``; the stored incidents of the groups met."""
    found = store.groups_of((member[0], member[1]) for member, _ in items)
    groups.clear()
    groups.update({member: found[(member[0], member[1])] for member, _ in items if (member[0], member[1]) in found})
    return store.existing_ids(set(groups.values()))


def _universe_items(stored: dict[str, list[tuple[ReportKey, Report]]], universe: set[str],
                    removed: set[ReportKey], regrouped: set[ReportKey]) -> list[tuple[Member, Report]]:
    """The stored reports of ``universe`` but the removed ones; regrouped ones count as new."""
    return [((*key, key in regrouped), report) for incident_id in universe for key, report in stored[incident_id]
            if key not in removed]


def _item_order(item: tuple[Member, Report]) -> tuple[str, int]:
    article_id, seq, _ = item[0]
    return article_id, seq


def _rings(store: StoredIncidents, probes: list[Report], universe: set[str], rings: int) -> set[str]:
    """Stored incidents outside ``universe`` that may agree with ``probes``, and ``rings - 1``
    more rings of their neighbours (taken ahead: a chain of incidents is then covered in a
    few rounds rather than one round per incident)."""
    frontier = store.incidents_near(probes) - universe if probes else set()
    found = set(frontier)
    for _ in range(rings - 1):
        if not frontier:
            break
        reports = [report for listed in store.members(frontier).values() for _, report in listed if mergeable(report)]
        frontier = store.incidents_near(reports) - universe - found
        found |= frontier
    return found


def _finish(plan: Plan, store: StoredIncidents, dirty_new: list[tuple[Incident, list[Member]]],
            dirty_old: dict[str, frozenset[Member]], by_member: dict[Member, Report], groups: dict[Member, str]) -> None:
    """Ids for the dirty incidents (a group's incident: the group's id; the others inherit
    what no review holds), and the stored ids they replace."""
    def matches(members: Iterable[Member]) -> set[MatchKey]:
        return {match_key(by_member[member]) for member in members}

    homes = [_home(members, groups) for _, members in dirty_new]
    reserved = store.reserved_ids(dirty_old)
    free = [index for index, home in enumerate(homes) if home is None]
    inherited = assign_ids([matches(dirty_new[index][1]) for index in free],
                           {incident_id: matches(members) for incident_id, members in dirty_old.items()
                            if incident_id not in reserved})
    previous: list[str | None] = [home if home in dirty_old else None for home in homes]
    for index, old_id in zip(free, inherited, strict=True):
        previous[index] = old_id
    reused = {incident_id for incident_id in previous if incident_id is not None}
    plan.removed = sorted(set(dirty_old) - reused)
    taken = store.taken_ids(incident.incident_id for incident, _ in dirty_new) - (set(plan.removed) - reserved)
    taken |= reused | {home for home in homes if home is not None}
    for (incident, members), old_id, home in zip(dirty_new, previous, homes, strict=True):
        incident_id = home or old_id or _fresh_id(incident.incident_id, taken)
        taken.add(incident_id)
        plan.written.append(Written(replace(incident, incident_id=incident_id), members, old_id,
                                    [by_member[member] for member in members]))
    holder = {member[:2]: written.incident.incident_id for written in plan.written for member in written.members}
    for incident_id in plan.removed:
        plan.moved_to[incident_id] = sorted({holder[member[:2]] for member in dirty_old[incident_id]
                                             if member[:2] in holder})


def _home(members: list[Member], groups: dict[Member, str]) -> str | None:
    """The group of an incident's reports (the merge never puts two groups in one incident)."""
    found = {groups[member] for member in members if member in groups}
    assert len(found) <= 1, found
    return found.pop() if found else None


def _fresh_id(candidate: str, taken: set[str]) -> str:
    """The merge's own id (a hash of the sources) unless a stored incident already has it."""
    if candidate not in taken:
        return candidate
    number = 2
    while f"{candidate}-{number}" in taken:
        number += 1
    return f"{candidate}-{number}"


def match_key(report: Report) -> MatchKey:
    """What tells a report apart across a re-extraction of its article: the article, the kind
    and where in the text its first excerpt starts (the key ``merge.incident_id`` hashes)."""
    start = report.source.excerpt_spans[0][0] if report.source.excerpt_spans else -1
    return report.source.article_id, report.kind, start


def assign_ids(new: Sequence[set[MatchKey]], old: dict[str, set[MatchKey]]) -> list[str | None]:
    """For each new incident, the stored id it inherits (or None). Pairs are taken greedily by
    most shared reports, then most shared articles (then by id, for the same answer on every
    run), so each stored id goes to the incident that holds most of what it was."""
    articles_new = [{key[0] for key in keys} for keys in new]
    articles_old = {incident_id: {key[0] for key in keys} for incident_id, keys in old.items()}
    by_article: dict[str, list[str]] = defaultdict(list)
    for incident_id, articles in articles_old.items():
        for article in articles:
            by_article[article].append(incident_id)
    pairs = []
    for index, articles in enumerate(articles_new):
        for incident_id in sorted({candidate for article in articles for candidate in by_article[article]}):
            shared = len(new[index] & old[incident_id])
            pairs.append((-shared, -len(articles & articles_old[incident_id]), incident_id, index))
    pairs.sort()
    inherited: list[str | None] = [None] * len(new)
    used: set[str] = set()
    for _, _, incident_id, index in pairs:
        if inherited[index] is None and incident_id not in used:
            inherited[index] = incident_id
            used.add(incident_id)
    return inherited
