"""An in-memory stand-in for the database behind ``plan_remerge``, and random report worlds
dense enough that incidents chain, compete and split."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import replace

from geodata.events.model import Incident, PlaceRef, Report, Source
from geodata.store.partition import may_agree, merge_keyed
from geodata.store.remerge import Plan, ReportKey, plan_remerge

PLACES = [
    PlaceRef("conoco", "Conoco", "كونيكو", 35.30, 40.30, 1, 500, True),
    PlaceRef("khasham", "Khasham", "خشام", 35.33, 40.36, 1, 1000, True),  # about 6 km from conoco
    PlaceRef("tabiya", "Tabiya", "الطابية", 35.37, 40.42, 1, 1000, True),  # about 6 km from khasham
    PlaceRef("mayadin", "al-Mayadin", "الميادين", 35.02, 40.45, 1, 2000, True),
    PlaceRef("east-dz", "eastern Deir ez-Zor countryside", "ريف دير الزور الشرقي", 35.10, 40.40, 3, 30000, True),
    PlaceRef("mayadin-near", "near al-Mayadin", "قرب الميادين", 35.02, 40.45, 2, 5000, True),
]
KINDS = ["rocket_attack", "artillery_shelling", "airstrike", "armed_clash", "security_operation"]
ACTORS = ["iran_backed_militias", "us_led_coalition", "sdf"]


def random_report(rng: random.Random, article_id: str, outlet: str, published: dt.date, start: int,
                  first: dt.date, days: int) -> Report:
    date = first + dt.timedelta(days=rng.randrange(days)) if rng.random() > 0.05 else None
    precision = "day" if rng.random() < 0.8 else "approximate"
    location = rng.choice(PLACES) if rng.random() > 0.05 else None
    source = Source(article_id, outlet, None, published, f"excerpt {start}", ((start, start + 20),))
    return Report(kind=rng.choice(KINDS), source=source, date=date, date_precision=precision if date else "unknown",
                  location=location, actors_by=[rng.choice(ACTORS)], actors_against=[rng.choice(ACTORS)],
                  killed=rng.choice([None, 0, 1, 3]))


def random_articles(seed: int, count: int, *, days: int = 20) -> dict[str, list[Report]]:
    """``count`` articles of 1-3 reports each over ``days`` days and a few nearby places."""
    rng = random.Random(seed)
    first = dt.date(2023, 4, 1)
    articles: dict[str, list[Report]] = {}
    for number in range(count):
        article_id = f"a{number:04d}"
        outlet = rng.choice(["SY24", "Enab Baladi", "SOHR", "Nahr Media"])
        published = first + dt.timedelta(days=rng.randrange(days))
        starts = sorted(rng.sample(range(0, 2000, 25), rng.randint(1, 3)))
        if rng.random() < 0.1:  # two reports at the same place in the text: the merge's order ties
            starts.append(starts[0])
        articles[article_id] = [random_report(rng, article_id, outlet, published, start, first, days) for start in starts]
    return articles


def keyed(articles: dict[str, list[Report]]) -> list[tuple[ReportKey, Report]]:
    return [((article_id, seq), report) for article_id in sorted(articles) for seq, report in enumerate(articles[article_id])]


def without_id(incident: Incident) -> dict[str, object]:
    record = incident.as_dict()
    record.pop("incident_id")
    return record


class MemoryStore:
    """Incidents with their reports in dicts; ``apply`` writes a plan as the database does."""

    def __init__(self) -> None:
        self.incidents: dict[str, Incident] = {}
        self.reports: dict[str, list[tuple[ReportKey, Report]]] = {}
        self.holder: dict[ReportKey, str] = {}
        self.report_of: dict[ReportKey, Report] = {}
        self.groups: dict[ReportKey, str] = {}  # the analyst's groups, by report
        self.reserved: set[str] = set()  # ids reviews hold

    def incidents_near(self, reports: Sequence[Report]) -> set[str]:
        return {self.holder[key] for report in reports for key, stored in self.report_of.items()
                if stored.source.article_id != report.source.article_id and may_agree(report, stored)}

    def members(self, incident_ids: Iterable[str]) -> dict[str, list[tuple[ReportKey, Report]]]:
        return {incident_id: list(self.reports[incident_id]) for incident_id in incident_ids}

    def incidents_of(self, keys: Iterable[ReportKey]) -> set[str]:
        return {self.holder[key] for key in keys if key in self.holder}

    def taken_ids(self, candidates: Iterable[str]) -> set[str]:
        return {candidate for candidate in candidates if candidate in self.incidents or candidate in self.reserved}

    def existing_ids(self, candidates: Iterable[str]) -> set[str]:
        return {candidate for candidate in candidates if candidate in self.incidents}

    def reserved_ids(self, candidates: Iterable[str]) -> set[str]:
        return {candidate for candidate in candidates if candidate in self.reserved}

    def groups_of(self, keys: Iterable[ReportKey]) -> dict[ReportKey, str]:
        return {key: self.groups[key] for key in keys if key in self.groups}

    def ingest(self, articles: dict[str, list[Report]]) -> Plan:
        """Add or replace whole articles, as ``geodata ingest`` does."""
        removed = [key for key in self.report_of if key[0] in articles]
        added = keyed(articles)
        plan = plan_remerge(self, added, removed)
        self.apply(plan, dict(added), removed)
        return plan

    def apply(self, plan: Plan, added: dict[ReportKey, Report], removed: Sequence[ReportKey]) -> None:
        for written in plan.written:
            if written.previous is not None:
                self._drop(written.previous)
        for incident_id in plan.removed:
            self._drop(incident_id)
        for key in removed:
            self.report_of.pop(key, None)
        self.report_of.update(added)
        for written in plan.written:
            incident_id = written.incident.incident_id
            assert incident_id not in self.incidents, incident_id
            self.incidents[incident_id] = written.incident
            self.reports[incident_id] = [((a, s), self.report_of[(a, s)]) for a, s, _ in written.members]
            for a, s, _ in written.members:
                self.holder[(a, s)] = incident_id

    def _drop(self, incident_id: str) -> None:
        if incident_id in self.incidents:
            del self.incidents[incident_id]
            for key, _ in self.reports.pop(incident_id):
                if self.holder.get(key) == incident_id:
                    del self.holder[key]


def from_scratch(articles: dict[str, list[Report]], groups: dict[ReportKey, str] | None = None) -> list[Incident]:
    return [incident for incident, _ in merge_keyed(keyed(articles), groups_of=groups)]


def shuffled_batches(ids: Sequence[str], seed: int, batches: int) -> list[list[str]]:
    order = list(ids)
    random.Random(seed).shuffle(order)
    size = max(1, -(-len(order) // batches))
    return [order[start:start + size] for start in range(0, len(order), size)]


def reread(reports: list[Report], seed: int) -> list[Report]:
    """A re-extraction that reads an article differently: one report moves a day, one goes."""
    rng = random.Random(seed)
    changed = [replace(report, date=report.date + dt.timedelta(days=rng.choice([-1, 1])) if report.date else None)
               for report in reports]
    if len(changed) > 1 and rng.random() < 0.5:
        changed.pop(rng.randrange(len(changed)))
    return changed


class ReviewedMemoryStore(MemoryStore):
    """The memory store with the analyst's actions on groups, as ``geodata.review`` does them
    on the database: pin an incident as it is, merge two, split a report out."""

    def pin(self, incident_id: str) -> None:
        """The incident's reports become its group (nothing to re-merge: the merge is the same)."""
        for key, _ in self.reports[incident_id]:
            self.groups[key] = incident_id
        self.reserved.add(incident_id)

    def merge(self, keep: str, other: str) -> Plan:
        keys = [key for key, _ in self.reports[keep] + self.reports[other]]
        self.pin(other)
        for key in keys:
            self.groups[key] = keep
        self.reserved.add(keep)
        return self.regroup(keys)

    def split(self, incident_id: str, key: ReportKey, new_id: str) -> Plan:
        keys = [member for member, _ in self.reports[incident_id]]
        self.pin(incident_id)
        self.groups[key] = new_id
        self.reserved.add(new_id)
        return self.regroup(keys)

    def regroup(self, keys: Sequence[ReportKey]) -> Plan:
        plan = plan_remerge(self, [], [], keys)
        self.apply(plan, {}, [])
        return plan
