"""The database seen by the incremental merge (``remerge.StoredIncidents``), inside the
transaction of one batch: neighbour searches run in SQL, never one query per report."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.places.distance import EARTH_RADIUS_KM
from geodata.store._pipeline import APPROX_WINDOW, Report
from geodata.store.partition import REACH_KM, kind_family, mergeable
from geodata.store.records import report_from_json
from geodata.store.remerge import ReportKey
from geodata.store.schema import incident_sources, incidents, probes, reports, review_anchors, reviews

CHUNK = 500  # ids per IN (...) list: well under every database's limit on parameters
T = TypeVar("T")
# latitude span of the merge distance, with room for rounding: a bounding box never misses
REACH_DEGREES = math.degrees(REACH_KM / EARTH_RADIUS_KM) * 1.001 + 1e-9


def chunked(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def bounding_box(lat: float, lon: float, reach_degrees: float = REACH_DEGREES) -> tuple[float, float, float, float]:
    """(south, north, west, east) holding every point within reach of (lat, lon); the whole
    width of the map where the box would cross the antimeridian or a pole."""
    south, north = lat - reach_degrees, lat + reach_degrees
    shrink = math.cos(math.radians(min(90.0, max(abs(south), abs(north)))))
    if shrink <= 1e-6 or north >= 90 or south <= -90:
        return south, north, -180.0, 180.0
    half = reach_degrees / shrink
    west, east = lon - half, lon + half
    if west < -180 or east > 180:
        return south, north, -180.0, 180.0
    return south, north, west, east


def probe_row(report: Report) -> dict[str, Any]:
    assert report.date is not None and report.location is not None
    place = report.location
    south, north, west, east = bounding_box(place.lat, place.lon)
    window = timedelta(days=APPROX_WINDOW)
    return {"article_id": report.source.article_id, "family": kind_family(report.kind),
            "date_from": report.date - window, "date_to": report.date + window, "place_id": place.gazetteer_id,
            "south": south, "north": north, "west": west, "east": east}


class DatabaseIncidents:
    """``StoredIncidents`` over one connection (inside the batch's transaction)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._probe_table_ready = False

    def incidents_near(self, candidates: Sequence[Report]) -> set[str]:
        rows = [probe_row(report) for report in candidates if mergeable(report)]
        if not rows:
            return set()
        self._reset_probes()
        self.connection.execute(sa.insert(probes), rows)
        probe, report = probes.alias("p"), reports.alias("r")
        near = sa.or_(report.c.place_id == probe.c.place_id,
                      sa.and_(report.c.lat.between(probe.c.south, probe.c.north),
                              report.c.lon.between(probe.c.west, probe.c.east)))
        # two steps, not one join with incident_sources: joined, SQLite scans every source of
        # the store for each batch; from the probes, each search uses the (family, date) index
        query = (
            sa.select(report.c.article_id, report.c.seq)
            .select_from(probe)
            .join(report, sa.and_(report.c.family == probe.c.family,
                                  report.c.date.between(probe.c.date_from, probe.c.date_to),
                                  report.c.article_id != probe.c.article_id, near))
        )
        keys = {(article_id, seq) for article_id, seq in self._nested(query)}
        return self.incidents_of(keys)

    def _nested(self, query: Any) -> list[Any]:
        """Rows of the neighbour search, probe by probe through the (family, date) index. With
        statistics, PostgreSQL hashes the join on the kind family (a handful of values) and
        filters millions of pairs (0.55 s a batch at 60,000 reports, growing with the store);
        without hash and merge joins it searches the index for each probe."""
        if self.connection.dialect.name != "postgresql":
            return list(self.connection.execute(query))
        self.connection.exec_driver_sql("SET LOCAL enable_hashjoin = off")
        self.connection.exec_driver_sql("SET LOCAL enable_mergejoin = off")
        try:
            return list(self.connection.execute(query))
        finally:
            self.connection.exec_driver_sql("RESET enable_hashjoin")
            self.connection.exec_driver_sql("RESET enable_mergejoin")

    def _reset_probes(self) -> None:
        if not self._probe_table_ready:
            probes.create(self.connection, checkfirst=True)
            self._probe_table_ready = True
        self.connection.execute(sa.delete(probes))

    def members(self, incident_ids: Iterable[str]) -> dict[str, list[tuple[ReportKey, Report]]]:
        found: dict[str, list[tuple[ReportKey, Report]]] = defaultdict(list)
        for chunk in chunked(sorted(set(incident_ids))):
            query = (sa.select(incident_sources.c.incident_id, reports.c.article_id, reports.c.seq, reports.c.data)
                     .join(reports, sa.and_(reports.c.article_id == incident_sources.c.article_id,
                                            reports.c.seq == incident_sources.c.seq))
                     .where(incident_sources.c.incident_id.in_(chunk))
                     .order_by(reports.c.article_id, reports.c.seq))
            for incident_id, article_id, seq, data in self.connection.execute(query):
                found[incident_id].append(((article_id, seq), report_from_json(data)))
        return dict(found)

    def incidents_of(self, keys: Iterable[ReportKey]) -> set[str]:
        wanted = set(keys)
        found: set[str] = set()
        for chunk in chunked(sorted({article_id for article_id, _ in wanted})):
            query = (sa.select(incident_sources.c.incident_id, incident_sources.c.article_id, incident_sources.c.seq)
                     .where(incident_sources.c.article_id.in_(chunk)))
            found |= {incident_id for incident_id, article_id, seq in self.connection.execute(query)
                      if (article_id, seq) in wanted}
        return found

    def taken_ids(self, candidates: Iterable[str]) -> set[str]:
        wanted = set(candidates)
        return self.existing_ids(wanted) | self.reserved_ids(wanted)

    def existing_ids(self, candidates: Iterable[str]) -> set[str]:
        return _ids(self.connection, incidents.c.id, candidates)

    def reserved_ids(self, candidates: Iterable[str]) -> set[str]:
        return _ids(self.connection, reviews.c.incident_id, candidates)

    def groups_of(self, keys: Iterable[ReportKey]) -> dict[ReportKey, str]:
        return groups_of(self.connection, keys)


def _ids(connection: Connection, column: sa.Column[str], candidates: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunked(sorted(set(candidates))):
        found |= set(connection.execute(sa.select(column).where(column.in_(chunk))).scalars())
    return found


def groups_of(connection: Connection, keys: Iterable[ReportKey]) -> dict[ReportKey, str]:
    """The review (its incident's id) whose anchor holds each of ``keys``, for those held
    (``geodata.store.reviewed``)."""
    wanted = set(keys)
    found: dict[ReportKey, str] = {}
    anchor = review_anchors.c
    for chunk in chunked(sorted({article_id for article_id, _ in wanted})):
        query = sa.select(anchor.article_id, anchor.seq, anchor.incident_id).where(
            anchor.article_id.in_(chunk), anchor.seq.is_not(None))
        found.update({(a, s): incident_id for a, s, incident_id in connection.execute(query) if (a, s) in wanted})
    return found
