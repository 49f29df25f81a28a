"""The incident table read from the store, filtered in the database (SPEC sections 6 and 11).

``incident_table`` gives the frame ``geodata.table.incidents_to_frame`` makes of the same
incidents, in the merge's order, with the dashboard's ``Filters`` (and an area) applied by the
database rather than in pandas. An area is a bounding box or a circle; on PostgreSQL both use
the PostGIS index of ``incidents.geom`` (circles measured on the sphere), on SQLite the index
on lat/lon finds the box around a circle and the exact distance is checked in Python (the
great-circle distance the merge uses).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa

from geodata.places.distance import EARTH_RADIUS_KM, distance_km
from geodata.store._pipeline import Filters, Incident, annotate_controllers, incidents_to_frame
from geodata.store.database import Store, open_store
from geodata.store.records import incident_from_json
from geodata.store.schema import articles, incident_sources, incidents
from geodata.store.stored import bounding_box
from geodata.table.filters import in_admin_units
from geodata.table.review import ReviewMark

# the table's dates are datetime64[ns]: a date outside these years reads as undated there
FIRST_DATED = dt.date(1679, 1, 1)
LAST_DATED = dt.date(2261, 12, 31)


@dataclass(frozen=True)
class BoundingBox:
    """South, west, north, east in degrees (WGS 84)."""

    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True)
class Circle:
    """Everything within ``radius_km`` of (lat, lon), on the sphere."""

    lat: float
    lon: float
    radius_km: float


Area = BoundingBox | Circle


def incident_table(store: Store | None = None, *, filters: Filters | None = None, area: Area | None = None,
                   with_control: bool = True) -> pd.DataFrame:
    """The typed incident table of the stored incidents that ``filters`` and ``area`` keep
    (no filters: every incident, undated and background ones included), like
    ``geodata.load_incidents`` reads a corpus."""
    own = store is None
    store = store or open_store()
    try:
        found = stored_records(store, filters=filters, area=area)
        frame = table_of([incident for incident, _ in found], with_control=with_control, marks=marks_of(found))
        with store.reading() as connection:
            count = connection.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
        frame.attrs["problems"] = []
        frame.attrs["articles"] = count
        frame.attrs["store"] = store.where
        return frame
    finally:
        if own:
            store.dispose()


def table_of(found: list[Incident], *, with_control: bool, marks: Mapping[str, ReviewMark] | None = None) -> pd.DataFrame:
    """The typed table of ``found`` (with the review ``marks`` of the reviewed ones), with the
    controller of each place when ``with_control``."""
    frame = incidents_to_frame(found, marks)
    return annotate_controllers(frame) if with_control else frame


StoredIncident = tuple[Incident, ReviewMark | None]  # an incident as reviewed, and its review (None: none)


def record_of(data: dict[str, Any]) -> StoredIncident:
    """An incident and its review from ``incidents.data``."""
    review = data.get("review")
    return incident_from_json(data), ReviewMark.from_dict(review) if review is not None else None


def marks_of(found: list[StoredIncident]) -> dict[str, ReviewMark]:
    return {incident.incident_id: mark for incident, mark in found if mark is not None}


def stored_records(store: Store, *, filters: Filters | None = None, area: Area | None = None) -> list[StoredIncident]:
    """The stored incidents that ``filters`` and ``area`` keep, in the merge's order, with
    their reviews."""
    circles = _circles(filters, area)
    query = sa.select(incidents.c.id, incidents.c.data, incidents.c.lat, incidents.c.lon).order_by(
        incidents.c.order_key, incidents.c.id)
    for condition in _conditions(filters, area, store.dialect):
        query = query.where(condition)
    with store.reading() as connection:
        rows = connection.execute(query).all()
    if circles and store.dialect != "postgresql":
        rows = [row for row in rows if all(distance_km(circle.lat, circle.lon, row.lat, row.lon) <= circle.radius_km
                                           for circle in circles)]
    if filters is not None and filters.incident_ids is not None:
        rows = [row for row in rows if row.id in filters.incident_ids]  # a session's own list: kept out of the SQL
    found = [record_of(row.data) for row in rows]
    if filters is not None and filters.admin_units is not None:
        # admin units come from the gazetteer, not the stored row: chosen here as apply_filters does
        found = [(incident, mark) for incident, mark in found
                 if in_admin_units(incident.location.gazetteer_id if incident.location else None, filters.admin_units)]
    return found


def _circles(filters: Filters | None, area: Area | None) -> list[Circle]:
    """The circles an area and a "near a place" filter draw (each checked exactly after the SQL's box)."""
    found = [area] if isinstance(area, Circle) else []
    if filters is not None and filters.near is not None:
        found.append(Circle(filters.near.lat, filters.near.lon, filters.near.radius_km))
    return found


def stored_incidents(store: Store, *, filters: Filters | None = None, area: Area | None = None) -> list[Incident]:
    """The stored incidents that ``filters`` and ``area`` keep, in the merge's order (as the
    analyst reviewed them)."""
    return [incident for incident, _ in stored_records(store, filters=filters, area=area)]


def _conditions(filters: Filters | None, area: Area | None, dialect: str) -> list[Any]:
    found = [] if filters is None else filter_conditions(filters)
    areas: list[Area] = [] if area is None else [area]
    if filters is not None and filters.near is not None:
        areas.append(Circle(filters.near.lat, filters.near.lon, filters.near.radius_km))
    for each in areas:
        found += area_conditions(each, dialect)
    return found


def filter_conditions(filters: Filters) -> list[Any]:
    """SQL for ``geodata.table.filters.apply_filters``: the same rows, chosen by the database."""
    column = incidents.c
    dated = sa.and_(column.date.is_not(None), column.date.between(FIRST_DATED, LAST_DATED))
    in_range = [dated]
    if filters.date_from is not None:
        in_range.append(column.date >= filters.date_from)
    if filters.date_to is not None:
        in_range.append(column.date <= filters.date_to)
    keep = sa.and_(*in_range)
    found: list[Any] = [sa.or_(keep, sa.not_(dated)) if filters.include_undated else keep]
    if not filters.include_background:
        found.append(column.background.is_(False))
    if filters.kinds is not None:
        found.append(column.kind.in_(filters.kinds) if filters.kinds else sa.false())
    if filters.actors is not None:
        found.append(sa.or_(*(column.actors.like(f"%|{_escaped(actor)}|%", escape="\\") for actor in filters.actors))
                     if filters.actors else sa.false())
    if filters.outlets is not None:
        source = incident_sources
        found.append(sa.exists().where(source.c.incident_id == column.id, source.c.outlet.in_(filters.outlets))
                     if filters.outlets else sa.false())
    if filters.min_sources > 1:
        found.append(column.n_sources >= filters.min_sources)
    if filters.review_statuses is not None:
        found.append(column.review_status.in_(filters.review_statuses) if filters.review_statuses else sa.false())
    if filters.only_flagged:
        found.append(column.flagged.is_(True))
    return found


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def area_conditions(area: Area, dialect: str) -> list[Any]:
    """SQL for an area: PostGIS on PostgreSQL, a lat/lon box elsewhere (circles then checked
    exactly by the caller). A box whose west edge is east of its east edge crosses the
    antimeridian."""
    if isinstance(area, BoundingBox):
        south, west, north, east = area.south, area.west, area.north, area.east
    else:
        south, north, west, east = bounding_box(area.lat, area.lon, math.degrees(area.radius_km / EARTH_RADIUS_KM) * 1.001)
    spans = [(west, east)] if west <= east else [(west, 180.0), (-180.0, east)]
    if dialect != "postgresql":
        return [incidents.c.lat.between(south, north),
                sa.or_(*(incidents.c.lon.between(low, high) for low, high in spans))]
    geom: sa.ColumnElement[Any] = sa.literal_column("incidents.geom")
    found: list[Any] = [sa.or_(*(geom.op("&&")(sa.func.ST_MakeEnvelope(low, south, high, north, 4326))
                                 for low, high in spans))]
    if isinstance(area, Circle):
        point = sa.func.ST_SetSRID(sa.func.ST_MakePoint(area.lon, area.lat), 4326)
        found.append(sa.func.ST_DWithin(sa.cast(geom, _Geography()), sa.cast(point, _Geography()),
                                        area.radius_km * 1000, False))
    return found


class _Geography(sa.types.UserDefinedType[Any]):
    cache_ok = True

    def get_col_spec(self, **_: Any) -> str:
        return "geography"
