"""The merge of many reports, cut into independent groups first; and the order of incidents.

``merge_reports`` (geodata.events.merge) is greedy: reports are taken in date order and each joins
the first earlier incident it agrees with (``same_event``). A report can only ever join an
incident through a report it agrees with, so reports that cannot agree with anything in
another group never meet it: merging each group on its own and putting the incidents back in
creation order gives exactly the incidents of one merge over everything (the store's tests
compare both). Groups are the connected parts of the "may agree" relation below, which holds
for every pair ``same_event`` accepts (and for some it refuses: a group may be larger than
needed, never smaller):

- both reports are dated and located;
- same kind, or both remote fire (rocket, artillery, air, drone);
- at most ``APPROX_WINDOW`` days apart;
- the same gazetteer place, or at most ``MERGE_DISTANCE_KM`` apart (great circle);
- or both in one of the analyst's groups (``merge_reports``' ``groups``), whatever else.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from geodata.places.distance import EARTH_RADIUS_KM, distance_km
from geodata.store._pipeline import APPROX_WINDOW, MERGE_DISTANCE_KM, Incident, Report, kinds_with, merge_reports

K = TypeVar("K", bound=Hashable)

# a hair over the merge distance: rounding must never split what the merge would join
REACH_KM = MERGE_DISTANCE_KM * (1 + 1e-9) + 1e-9
CELL_DEGREES = 0.1  # grid cells for the neighbour search: about 11 km of latitude
_PRECISION_RANK = {"day": 0, "approximate": 1, "unknown": 2}


def kind_family(kind: str) -> str:
    """Kinds that may merge with each other share a family: remote fire, or the kind itself."""
    return "remote_fire" if kind in kinds_with("remote_fire") else kind


def mergeable(report: Report) -> bool:
    """Whether ``report`` can merge at all: it needs a date and a place."""
    return report.date is not None and report.location is not None


def may_agree(first: Report, second: Report) -> bool:
    """The relation whose connected parts are merged apart (see the module's docstring)."""
    if not (mergeable(first) and mergeable(second)) or kind_family(first.kind) != kind_family(second.kind):
        return False
    assert first.date is not None and second.date is not None and first.location and second.location
    if abs((first.date - second.date).days) > APPROX_WINDOW:
        return False
    a, b = first.location, second.location
    return a.gazetteer_id == b.gazetteer_id or distance_km(a.lat, a.lon, b.lat, b.lon) <= REACH_KM


def order_key(report: Report, seq: int) -> str:
    """Text that sorts like ``merge_reports`` orders reports (date, precision, article, first
    excerpt, kind), then by the report's number within its article, as the merge's stable sort
    does for reports of one article given in their order."""
    date = (report.date or dt.date.max).isoformat()
    rank = _PRECISION_RANK.get(report.date_precision, 2)
    start = report.source.excerpt_spans[0][0] if report.source.excerpt_spans else 0
    return f"{date}{rank}{report.source.article_id} {start:010d}{report.kind} {seq:06d}"


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def groups(reports: Sequence[Report], together: Sequence[Hashable | None] | None = None) -> list[list[int]]:
    """Indexes of ``reports`` in groups that merge independently, each in input order.
    ``together``: the analyst's group of each report (None: none); a group's reports are kept
    in one part, wherever they are."""
    spots: dict[tuple[str, int, str, float, float], int] = {}
    spot_of: list[int] = []
    for report in reports:
        if not mergeable(report):
            spot_of.append(-1)
            continue
        assert report.date is not None and report.location is not None
        place = report.location
        key = (kind_family(report.kind), report.date.toordinal(), place.gazetteer_id, place.lat, place.lon)
        spot_of.append(spots.setdefault(key, len(spots)))
    joined = _UnionFind(len(spots))
    _join_spots(list(spots), joined)
    parts = _UnionFind(len(reports))
    first: dict[object, int] = {}
    for index, spot in enumerate(spot_of):
        if spot >= 0:
            parts.union(index, first.setdefault(("spot", joined.find(spot)), index))
    for index, group in enumerate(together or ()):
        if group is not None:
            parts.union(index, first.setdefault(("group", group), index))
    by_root: dict[int, list[int]] = defaultdict(list)
    for index in range(len(reports)):
        by_root[parts.find(index)].append(index)
    return list(by_root.values())


_COLUMNS = round(360 / CELL_DEGREES)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    """(row, column) of the grid cell of a point; columns wrap around at the antimeridian."""
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES) % _COLUMNS


def _join_spots(spots: list[tuple[str, int, str, float, float]], joined: _UnionFind) -> None:
    """Union the spots (family, day, place, lat, lon) that may agree: same family, days within
    the window, and the same place or within reach (found through the cells of a grid)."""
    by_cell: dict[tuple[str, int, int], list[tuple[int, int]]] = defaultdict(list)
    by_place: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for number, (family, day, place, lat, lon) in enumerate(spots):
        row, column = _cell(lat, lon)
        by_cell[(family, row, column)].append((day, number))
        by_place[(family, place)].append((day, number))
    for listed in (*by_cell.values(), *by_place.values()):
        listed.sort()
    rows = math.ceil(REACH_KM / (EARTH_RADIUS_KM * math.radians(CELL_DEGREES)))
    for number, (family, day, place, lat, lon) in enumerate(spots):
        window = ((day - APPROX_WINDOW, -1), (day + APPROX_WINDOW, len(spots)))
        for _, other in _in_window(by_place[(family, place)], window):
            joined.union(number, other)
        row, column = _cell(lat, lon)
        columns = _lon_cells(lat, rows)
        for d_row in range(-rows, rows + 1):
            for d_column in range(-columns, columns + 1):
                found = by_cell.get((family, row + d_row, (column + d_column) % _COLUMNS))
                if not found:
                    continue
                for _, other in _in_window(found, window):
                    if other != number and joined.find(other) != joined.find(number):
                        _, _, _, other_lat, other_lon = spots[other]
                        if distance_km(lat, lon, other_lat, other_lon) <= REACH_KM:
                            joined.union(number, other)


def _in_window(found: list[tuple[int, int]], window: tuple[tuple[int, int], tuple[int, int]]) -> list[tuple[int, int]]:
    low, high = window
    return found[bisect.bisect_left(found, low):bisect.bisect_right(found, high)]


def _lon_cells(lat: float, rows: int) -> int:
    """Grid columns to look across at ``lat``: a degree of longitude shrinks towards the poles."""
    reach_lat = min(90.0, abs(lat) + (rows + 1) * CELL_DEGREES)
    shrink = math.cos(math.radians(reach_lat))
    return min(math.ceil(rows / shrink), _COLUMNS // 2) if shrink > 0 else _COLUMNS // 2


def merge_keyed(items: Iterable[tuple[K, Report]], *,
                groups_of: Mapping[K, Hashable] | None = None) -> list[tuple[Incident, list[K]]]:
    """``merge_reports`` over the reports of ``items``, each incident with the keys of its
    reports, in the merge's own order. ``items`` must list the reports of one article in their
    order (the merge keeps that order among reports it cannot otherwise tell apart).
    ``groups_of`` gives the analyst's group of the reports that have one, by key."""
    items = list(items)
    reports = [report for _, report in items]
    if len({id(report.source) for report in reports}) != len(reports):
        # incidents name their reports by source object: give each report one of its own
        reports = [replace(report, source=copy.copy(report.source)) for report in reports]
    index_of = {id(report.source): index for index, report in enumerate(reports)}
    together = [groups_of.get(key) for key, _ in items] if groups_of else None
    found: list[tuple[tuple[object, ...], Incident, list[K]]] = []
    for part in groups(reports, together):
        chosen = [together[index] for index in part] if together is not None else None
        for incident in merge_reports([reports[index] for index in part], groups=chosen):
            members = [index_of[id(source)] for source in incident.sources]
            first = min((_merge_order(reports[index]), index) for index in members)
            found.append((first, incident, [items[index][0] for index in members]))
    found.sort(key=lambda item: item[0])
    return [(incident, keys) for _, incident, keys in found]


def _merge_order(report: Report) -> tuple[object, ...]:
    start = report.source.excerpt_spans[0][0] if report.source.excerpt_spans else 0
    return (report.date or dt.date.max, _PRECISION_RANK.get(report.date_precision, 2),
            report.source.article_id, start, report.kind)
