"""Merge reports of the same event from different articles into incidents (SPEC section 5).

Rules, in order (each tested):
1. Reports from the same article never merge: extraction already joined what one article says
   about one event.
2. Kinds: the same kind merges; different kinds of remote fire (rocket, artillery, air, drone)
   merge only when both name the same doer (one outlet's artillery response is another's air
   strike). The disagreement is kept as a note.
3. Place: the same gazetteer place, or points within MERGE_DISTANCE_KM when both are sites or
   "near" mentions (geo precision 1-2). Region-level places merge only with the same region.
4. Time: within DAY_WINDOW days when both dates are exact to the day, within APPROX_WINDOW days
   otherwise; a report with no date never merges.
Incident ids are a hash of the sources' article ids and excerpt positions, so the same inputs
always give the same ids.

The analyst's merges and splits (SPEC section 12) reach the merge as groups: reports of one
group always make one incident, reports of two groups never do (``merge_reports``' ``groups``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from geodata.events.kinds import kinds_with
from geodata.events.model import Incident, Report
from geodata.places.distance import km_between
from geodata.places.refs import PlaceRef

MERGE_DISTANCE_KM = 10.0
DAY_WINDOW = 1
APPROX_WINDOW = 3


@dataclass
class _Cluster:
    reports: list[Report] = field(default_factory=list)

    @property
    def first(self) -> Report:
        return self.reports[0]

    def articles(self) -> set[str]:
        return {report.source.article_id for report in self.reports}


def same_event(first: Report, second: Report) -> bool:
    """Whether two reports from different articles describe one event (rules 2-4)."""
    return _kinds_agree(first, second) and _places_agree(first.location, second.location) and _times_agree(first, second)


def _kinds_agree(first: Report, second: Report) -> bool:
    if first.kind == second.kind:
        return True
    same_doer = bool(set(first.actors_by) & set(second.actors_by))
    remote = kinds_with("remote_fire")
    return first.kind in remote and second.kind in remote and same_doer


def _places_agree(first: PlaceRef | None, second: PlaceRef | None) -> bool:
    if first is None or second is None:
        return False
    if first.gazetteer_id == second.gazetteer_id and first.geo_precision == second.geo_precision:
        return True
    if first.geo_precision == 3 or second.geo_precision == 3:
        return first.gazetteer_id == second.gazetteer_id
    return km_between((first.lat, first.lon), (second.lat, second.lon)) <= MERGE_DISTANCE_KM


def _times_agree(first: Report, second: Report) -> bool:
    if first.date is None or second.date is None:
        return False
    window = DAY_WINDOW if first.date_precision == second.date_precision == "day" else APPROX_WINDOW
    return abs((first.date - second.date).days) <= window


def merge_reports(reports: Iterable[Report], *, groups: Sequence[Hashable | None] | None = None) -> list[Incident]:
    """Incidents from reports of all articles, in date order.

    ``groups`` gives each report the analyst's group it belongs to (None: none). The first
    report of a group, in date order, opens an incident of its own; the group's other reports
    join it whatever the rules say; a report of no group follows the rules and may join a
    group's incident; two groups never share an incident. Without groups every report follows
    the rules."""
    listed = list(reports)
    keys = [None] * len(listed) if groups is None else list(groups)
    if len(keys) != len(listed):
        raise ValueError(f"groups has {len(keys)} entries for {len(listed)} reports")
    clusters: list[_Cluster] = []
    by_day: dict[int, list[int]] = defaultdict(list)
    of_group: dict[Hashable, _Cluster] = {}
    for index in sorted(range(len(listed)), key=lambda number: _report_order(listed[number])):  # stable
        report, group = listed[index], keys[index]
        cluster = of_group.get(group) if group is not None else _matching_cluster(report, clusters, by_day)
        if cluster is None:
            clusters.append(_Cluster([report]))
            if group is not None:
                of_group[group] = clusters[-1]
            if report.date is not None:
                by_day[report.date.toordinal()].append(len(clusters) - 1)
        else:
            cluster.reports.append(report)
    return [_incident(cluster.reports) for cluster in clusters]


def _report_order(report: Report) -> tuple[object, ...]:
    precision_rank = {"day": 0, "approximate": 1, "unknown": 2}.get(report.date_precision, 2)
    start = report.source.excerpt_spans[0][0] if report.source.excerpt_spans else 0
    return (report.date or dt.date.max, precision_rank, report.source.article_id, start, report.kind)


def _matching_cluster(report: Report, clusters: list[_Cluster], by_day: dict[int, list[int]]) -> _Cluster | None:
    if report.date is None:
        return None
    day = report.date.toordinal()
    for candidate_day in range(day - APPROX_WINDOW, day + APPROX_WINDOW + 1):
        for position in by_day.get(candidate_day, ()):
            cluster = clusters[position]
            if report.source.article_id in cluster.articles():
                continue
            if any(same_event(member, report) for member in cluster.reports):
                return cluster
    return None


def _incident(reports: list[Report]) -> Incident:
    lead = _lead(reports)
    return Incident(
        incident_id=incident_id(reports),
        kind=lead.kind,
        date=lead.date,
        date_precision=lead.date_precision,
        time_of_day=next((report.time_of_day for report in reports if report.time_of_day), None),
        background=all(report.background for report in reports),
        location=_most_precise(report.location for report in reports),
        launch_site=_most_precise(report.launch_site for report in reports),
        other_places=_other_places(reports),
        actors_by=_union(report.actors_by for report in reports),
        actors_against=[actor for actor in _union(report.actors_against for report in reports)
                        if actor not in _union(report.actors_by for report in reports)],
        killed=_max_count(report.killed for report in reports),
        injured=_max_count(report.injured for report in reports),
        sources=sorted((report.source for report in reports), key=lambda source: (source.published or dt.date.min, source.outlet, source.article_id)),
        disagreements=disagreements(reports),
        notes=_union(report.notes for report in reports),
    )


def _lead(reports: list[Report]) -> Report:
    """The report whose kind and date the incident takes: exact dates first, then the most common kind."""
    kind_votes: defaultdict[str, int] = defaultdict(int)
    for report in reports:
        kind_votes[report.kind] += 1
    return min(reports, key=lambda report: (report.date_precision != "day", -kind_votes[report.kind], _report_order(report)))


def incident_id(reports: Iterable[Report]) -> str:
    """A hash of what sets each report apart: its article, first sentence, kind, place and day
    (one sentence can report strikes on several places, or an attack and its interception)."""
    keys = sorted(_report_key(report) for report in reports)
    return "inc-" + hashlib.sha1("|".join(keys).encode("utf-8")).hexdigest()[:12]


def _report_key(report: Report) -> str:
    place = report.location.gazetteer_id if report.location else ""
    return f"{report.source.article_id}#{report.source.excerpt_spans[:1]}#{report.kind}#{place}#{report.date}"


def _most_precise(places: Iterable[PlaceRef | None]) -> PlaceRef | None:
    known = [place for place in places if place is not None]
    return min(known, key=lambda place: (not place.in_region, place.geo_precision, place.uncertainty_m)) if known else None


def _other_places(reports: list[Report]) -> list[PlaceRef]:
    chosen = {place.gazetteer_id for place in (_most_precise(r.location for r in reports), _most_precise(r.launch_site for r in reports)) if place}
    seen: dict[str, PlaceRef] = {}
    for report in reports:
        for place in [*report.other_places, report.location, report.launch_site]:
            if place is not None and place.gazetteer_id not in chosen:
                seen.setdefault(place.gazetteer_id, place)
    return list(seen.values())


def _union(groups: Iterable[Iterable[str]]) -> list[str]:
    return list(dict.fromkeys(item for group in groups for item in group))


def _max_count(values: Iterable[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return max(known) if known else None


def disagreements(reports: list[Report]) -> list[str]:
    """Short notes where the sources of one incident differ."""
    notes = []
    for label, value in (("kind", lambda r: r.kind), ("date", lambda r: r.date.isoformat() if r.date and r.date_precision == "day" else None),
                         ("killed", lambda r: r.killed), ("injured", lambda r: r.injured), ("weapon", lambda r: r.weapon),
                         ("place", lambda r: r.location.name_en if r.location and r.location.geo_precision == 1 else None)):
        claims = defaultdict(list)
        for report in reports:
            if (claim := value(report)) is not None:
                claims[str(claim)].append(report.source.outlet)
        if len(claims) > 1:
            notes.append(f"{label}: " + " vs ".join(f"{claim} ({', '.join(sorted(set(outlets)))})" for claim, outlets in claims.items()))
    return notes
