"""Dated layers of territorial control in Deir ez-Zor (SPEC section 7).

The bundled data (``geodata/data/control/``) holds *snapshots*: each one a consistent picture
of who held what over a period, made of areas (polygons), contact lines and bases, every
feature with its controller, ``valid_from``/``valid_to``, source and confidence. The files are
built by ``scripts/build_river.py`` and ``scripts/build_control.py`` and validated here on load.

Look-ups are by date: the snapshot in force on a date decides the controller of a point. Area
geometries are prepared once, so scalar and vectorised point-in-polygon tests are fast (100,000
points on an idle 2-core machine: about 0.7 s one call at a time, 0.02 s vectorised).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geodata.datafiles import data_path
from geodata.errors import DataFileError, Problem

SNAPSHOTS_FILE = "control/snapshots.geojson"
RIVER_FILE = "control/euphrates.geojson"
BORDER_FILE = "control/syria_iraq_border.geojson"
LAYERS = ("area", "contact_line", "base")
CONFIDENCES = ("high", "medium", "low")
# Actor keys of SPEC section 5 that can hold ground or a base.
CONTROLLERS = frozenset({
    "syrian_government", "sdf", "us_led_coalition", "iran_backed_militias", "irgc", "russia", "isis", "tribal_forces",
})
REQUIRED = ("snapshot", "layer", "controller", "valid_from", "valid_to", "source", "confidence")
GEOMETRY_TYPES = {
    "area": ("Polygon", "MultiPolygon"),
    "contact_line": ("LineString", "MultiLineString"),
    "base": ("Point",),
}
# Two areas of one snapshot may share edges but not ground: about 100 m² in square degrees.
OVERLAP_TOLERANCE = 1e-8
_FEATURE_KEY = re.compile(r'"type"\s*:\s*"Feature"')


@dataclass(frozen=True)
class ControlFeature:
    """One area, contact line or base of a snapshot, as validated from the data file."""

    snapshot: str
    layer: str
    controller: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    confidence: str
    geometry: BaseGeometry
    feature: dict[str, Any] = field(repr=False, compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass
class Snapshot:
    """The control situation over one period; ``valid_to`` None means still open."""

    id: str
    valid_from: dt.date
    valid_to: dt.date | None
    features: tuple[ControlFeature, ...]
    label: str = ""
    areas: tuple[ControlFeature, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.areas = tuple(item for item in self.features if item.layer == "area")
        for area in self.areas:
            shapely.prepare(area.geometry)  # point-in-polygon tests then cost a fraction of a microsecond

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def controller_at(self, lat: float, lon: float) -> str | None:
        """The controller of the first area (in file order) that holds the point, boundary included."""
        for area in self.areas:
            if shapely.intersects_xy(area.geometry, lon, lat):
                return area.controller
        return None

    def controllers_at(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Vectorised ``controller_at``: an object array with None where no area holds the point.

        A snapshot has a handful of large areas, so one prepared point-in-polygon pass per area
        (about 0.2 µs a point) beats an STRtree query, whose cost goes into the same tests.
        """
        result = np.full(len(lats), None, dtype=object)
        pending = np.flatnonzero(np.isfinite(lats) & np.isfinite(lons))
        for area in self.areas:  # file order: a point on a shared edge goes to the first area
            if not len(pending):
                break
            hit = shapely.intersects_xy(area.geometry, lons[pending], lats[pending])
            result[pending[hit]] = area.controller
            pending = pending[~hit]
        return result

    def layer(self, name: str) -> tuple[ControlFeature, ...]:
        return tuple(item for item in self.features if item.layer == name)


@dataclass
class ControlLayers:
    """All snapshots (sorted by start), the river lines, and the problems found while loading."""

    snapshots: tuple[Snapshot, ...]
    rivers: tuple[dict[str, Any], ...] = ()
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def snapshot_at(self, day: dt.date | None) -> Snapshot | None:
        """The snapshot in force on ``day``; the latest one when ``day`` is None."""
        if day is None:
            return self.snapshots[-1] if self.snapshots else None
        day = as_date(day)
        return next((snapshot for snapshot in self.snapshots if snapshot.in_force(day)), None)

    def controller_at(self, lat: float, lon: float, day: dt.date | None = None) -> str | None:
        snapshot = self.snapshot_at(day)
        return snapshot.controller_at(lat, lon) if snapshot is not None else None

    def controllers_at(self, lats: Sequence[float], lons: Sequence[float], dates: Iterable[Any]) -> np.ndarray:
        """Controllers for many points, each on its own date (missing date: the latest snapshot)."""
        lat_array = np.asarray(lats, dtype="float64")
        lon_array = np.asarray(lons, dtype="float64")
        days = _as_days(dates)
        result = np.full(len(lat_array), None, dtype=object)
        unassigned = np.ones(len(lat_array), dtype=bool)
        for snapshot in self.snapshots:
            rows = unassigned & _in_force_mask(snapshot, days)
            if snapshot is self.snapshot_at(None):
                rows |= unassigned & np.isnat(days)
            if rows.any():
                result[rows] = snapshot.controllers_at(lat_array[rows], lon_array[rows])
                unassigned &= ~rows
        return result


def _as_days(dates: Iterable[Any]) -> np.ndarray:
    """Dates, datetimes, Timestamps, ISO strings or None as datetime64[D] (NaT where missing)."""
    series = dates if isinstance(dates, pd.Series) else pd.Series(list(dates), dtype=object)
    return pd.to_datetime(series, errors="coerce").to_numpy(dtype="datetime64[D]")


def _in_force_mask(snapshot: Snapshot, days: np.ndarray) -> np.ndarray:
    start = np.datetime64(snapshot.valid_from, "D")
    mask = days >= start
    if snapshot.valid_to is not None:
        mask &= days <= np.datetime64(snapshot.valid_to, "D")
    return mask


def as_date(value: dt.date | str) -> dt.date:
    """A plain date from a date, a datetime (pandas Timestamps included) or an ISO string."""
    if isinstance(value, dt.datetime):
        return value.date()  # datetimes do not compare with dates
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# ---------------------------------------------------------------- loading and validation


def load_snapshots(path: Path | None = None) -> ControlLayers:
    """Load and validate the snapshots file (the bundled one by default) and the river beside it.

    Invalid features are left out and reported in ``problems``; a missing or unreadable file
    raises DataFileError.
    """
    snapshots_path = Path(path) if path is not None else data_path(SNAPSHOTS_FILE)
    collection, lines = _read_collection(snapshots_path)
    problems = _collection_problems(snapshots_path, collection)
    features: list[ControlFeature] = []
    for index, item in enumerate(collection["features"]):
        line = lines[index] if lines else None
        try:
            features.append(parse_feature(item, line=line))
        except ValueError as error:
            problems.append(Problem(str(snapshots_path), line, str(error)))
    snapshots, snapshot_problems = _group_snapshots(features, str(snapshots_path), _snapshot_labels(collection))
    problems += snapshot_problems
    rivers, river_source = _load_rivers(snapshots_path.parent / Path(RIVER_FILE).name, problems)
    sources = {str(snapshots_path): _collection_source(collection)}
    if river_source:
        sources[str(snapshots_path.parent / Path(RIVER_FILE).name)] = river_source
    return ControlLayers(snapshots, rivers, problems, sources)


def parse_feature(item: Any, *, line: int | None = None) -> ControlFeature:
    """A ControlFeature from one GeoJSON feature; ValueError says what is wrong and what was expected."""
    if not isinstance(item, dict) or item.get("type") != "Feature":
        raise ValueError("expected a GeoJSON Feature object")
    props = item.get("properties")
    if not isinstance(props, dict):
        raise ValueError("'properties' must be an object")
    missing = [key for key in REQUIRED if key not in props]
    if missing:
        raise ValueError(f"missing properties {', '.join(missing)}; every feature needs {', '.join(REQUIRED)}")
    layer = _choice(props, "layer", LAYERS)
    valid_from = _date(props, "valid_from")
    valid_to = _date(props, "valid_to") if props["valid_to"] is not None else None
    if valid_to is not None and valid_to < valid_from:
        raise ValueError(f"valid_to {valid_to} is before valid_from {valid_from}")
    return ControlFeature(
        snapshot=_text(props, "snapshot"),
        layer=layer,
        controller=_choice(props, "controller", sorted(CONTROLLERS)),
        valid_from=valid_from,
        valid_to=valid_to,
        source=_text(props, "source"),
        confidence=_choice(props, "confidence", CONFIDENCES),
        geometry=_geometry(item.get("geometry"), layer),
        feature=item,
        line=line,
    )


def _choice(props: dict[str, Any], key: str, allowed: Sequence[str]) -> str:
    value = props[key]
    if value not in allowed:
        raise ValueError(f"{key} '{value}' is not one of {', '.join(allowed)}")
    return str(value)


def _text(props: dict[str, Any], key: str) -> str:
    value = props[key]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} must be a non-empty string; got {value!r}")
    return value


def _date(props: dict[str, Any], key: str) -> dt.date:
    value = props[key]
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be an ISO date like 2023-04-15; got {value!r}") from None


def _geometry(value: Any, layer: str) -> BaseGeometry:
    allowed = GEOMETRY_TYPES[layer]
    if not isinstance(value, dict) or value.get("type") not in allowed:
        kind = value.get("type") if isinstance(value, dict) else value
        raise ValueError(f"a {layer} needs a {' or '.join(allowed)} geometry; got {kind!r}")
    try:
        geometry = shape(value)
    except (ValueError, TypeError, AttributeError, IndexError, GEOSException) as error:
        raise ValueError(f"geometry is not valid GeoJSON: {error}") from None
    if geometry.is_empty or not geometry.is_valid:
        raise ValueError(f"invalid {value['type']}: {shapely.is_valid_reason(geometry)}")
    return geometry


def _read_collection(path: Path) -> tuple[dict[str, Any], list[int] | None]:
    """The FeatureCollection in ``path`` and, when they can be told, the line of each feature."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFileError(str(path), error.lineno, f"not valid JSON: {error.msg}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(str(path), None, f"cannot read: {error}") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
        data.get("features"), list
    ):
        raise DataFileError(str(path), 1, "expected a GeoJSON FeatureCollection with a 'features' list")
    lines = [text.count("\n", 0, match.start()) + 1 for match in _FEATURE_KEY.finditer(text)]
    return data, lines if len(lines) == len(data["features"]) else None


def _snapshot_labels(collection: dict[str, Any]) -> dict[str, str]:
    """Snapshot id -> label, from the optional ``snapshots`` list in the collection's properties."""
    props = collection.get("properties")
    entries = props.get("snapshots", []) if isinstance(props, dict) else []
    return {entry["id"]: str(entry.get("label", "")) for entry in entries if isinstance(entry, dict) and "id" in entry}


def _collection_source(collection: dict[str, Any]) -> str:
    props = collection.get("properties")
    source = props.get("source") if isinstance(props, dict) else None
    return source if isinstance(source, str) else ""


def _collection_problems(path: Path, collection: dict[str, Any]) -> list[Problem]:
    props = collection.get("properties")
    missing = [key for key in ("source", "licence")
               if not isinstance(props, dict) or not str(props.get(key) or "").strip()]
    if missing:
        return [Problem(str(path), 1, f"the FeatureCollection must state {' and '.join(missing)} in its "
                                      "'properties' (where the geometry comes from and under which terms)")]
    return []


def _group_snapshots(
    features: list[ControlFeature], file: str, labels: dict[str, str]
) -> tuple[tuple[Snapshot, ...], list[Problem]]:
    groups: dict[str, list[ControlFeature]] = {}
    for item in features:
        groups.setdefault(item.snapshot, []).append(item)
    snapshots: list[Snapshot] = []
    problems: list[Problem] = []
    for snapshot_id, items in groups.items():
        first = items[0]
        for item in items[1:]:
            if (item.valid_from, item.valid_to) != (first.valid_from, first.valid_to):
                problems.append(Problem(file, item.line, (
                    f"snapshot '{snapshot_id}' runs {_period(first.valid_from, first.valid_to)} (line {first.line}) "
                    f"but this feature says {_period(item.valid_from, item.valid_to)}: a snapshot has one period"
                )))
        if not any(item.layer == "area" for item in items):
            problems.append(Problem(file, first.line, f"snapshot '{snapshot_id}' has no area"))
        snapshot = Snapshot(snapshot_id, first.valid_from, first.valid_to, tuple(items), labels.get(snapshot_id, ""))
        problems += _area_overlaps(snapshot, file)
        snapshots.append(snapshot)
    snapshots.sort(key=lambda snapshot: snapshot.valid_from)
    problems += _time_overlaps(snapshots, file)
    return tuple(snapshots), problems


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"{start}..{end or 'open'}"


def _time_overlaps(snapshots: list[Snapshot], file: str) -> list[Problem]:
    """Snapshots must not overlap in time, so one date selects one picture for every controller."""
    problems = []
    for index, earlier in enumerate(snapshots):
        for later in snapshots[index + 1:]:
            if earlier.valid_to is None or later.valid_from <= earlier.valid_to:
                problems.append(Problem(file, later.features[0].line, (
                    f"snapshots '{earlier.id}' ({_period(earlier.valid_from, earlier.valid_to)}) and "
                    f"'{later.id}' ({_period(later.valid_from, later.valid_to)}) overlap in time: "
                    f"end '{earlier.id}' the day before '{later.id}' starts"
                )))
    return problems


def _area_overlaps(snapshot: Snapshot, file: str) -> list[Problem]:
    """Areas of different controllers in one snapshot may touch but not overlap."""
    problems = []
    for index, first in enumerate(snapshot.areas):
        for second in snapshot.areas[index + 1:]:
            if first.controller != second.controller and (
                first.geometry.intersection(second.geometry).area > OVERLAP_TOLERANCE
            ):
                problems.append(Problem(file, second.line, (
                    f"in snapshot '{snapshot.id}' this {second.controller} area overlaps the "
                    f"{first.controller} area on line {first.line}: carve one out of the other"
                )))
    return problems


def _load_rivers(path: Path, problems: list[Problem]) -> tuple[tuple[dict[str, Any], ...], str]:
    """River features for the map; a missing river file is a problem, not a failure."""
    try:
        collection, _ = _read_collection(path)
    except DataFileError as error:
        problems.append(error.problem)
        return (), ""
    problems += _collection_problems(path, collection)
    source = _collection_source(collection)
    rivers = []
    for item in collection["features"]:
        props = {**(item.get("properties") or {}), "layer": "river", "source": source}
        rivers.append({"type": "Feature", "properties": props, "geometry": item.get("geometry")})
    return tuple(rivers), source


@lru_cache(maxsize=1)
def default_layers() -> ControlLayers:
    """The bundled control layers, loaded once per process."""
    return load_snapshots()


def validate_control() -> list[Problem]:
    """Every problem in the bundled control files (for ``python -m geodata validate``)."""
    try:
        layers = load_snapshots()
    except DataFileError as error:
        return [error.problem]
    problems = list(layers.problems)
    border = data_path(BORDER_FILE)
    try:
        problems += _collection_problems(border, _read_collection(border)[0])
    except DataFileError as error:
        problems.append(error.problem)
    return problems


# ---------------------------------------------------------------- public look-ups


def snapshot_at(date: dt.date | None) -> Snapshot | None:
    """The bundled snapshot in force on ``date`` (the latest one when ``date`` is None)."""
    return default_layers().snapshot_at(date)


def controller_at(lat: float, lon: float, date: dt.date | None = None) -> str | None:
    """Who held the point on ``date`` (an actor key), or None outside the layers or their dates."""
    return default_layers().controller_at(lat, lon, date)


def controllers_at(lats: Sequence[float], lons: Sequence[float], dates: Iterable[Any]) -> np.ndarray:
    """Vectorised ``controller_at``: an object array of actor keys or None."""
    return default_layers().controllers_at(lats, lons, dates)


def annotate_controllers(frame: pd.DataFrame, *, layers: ControlLayers | None = None) -> pd.DataFrame:
    """The incident table with ``controller`` (at lat/lon) and ``launch_controller`` (at launch_lat/launch_lon).

    Both use the row's date; rows without a date get the latest snapshot. Vectorised per snapshot.
    """
    layers = layers or default_layers()
    return frame.assign(
        controller=pd.array(layers.controllers_at(frame["lat"], frame["lon"], frame["date"]), dtype="string"),
        launch_controller=pd.array(
            layers.controllers_at(frame["launch_lat"], frame["launch_lon"], frame["date"]), dtype="string"
        ),
    )


def control_answers(points: list[tuple[float, float]], date: dt.date | None) -> list[dict[str, Any]]:
    """One dict per (lat, lon) point for ``python -m geodata control``: lat, lon, date, controller, snapshot."""
    layers = default_layers()
    snapshot = layers.snapshot_at(date)
    return [
        {
            "lat": lat,
            "lon": lon,
            "date": as_date(date).isoformat() if date is not None else None,
            "controller": snapshot.controller_at(lat, lon) if snapshot is not None else None,
            "snapshot": snapshot.id if snapshot is not None else None,
        }
        for lat, lon in points
    ]


def control_geojson(date: dt.date | None) -> dict[str, Any]:
    """A FeatureCollection for the map: the areas, contact lines and bases in force on ``date``, and the river."""
    layers = default_layers()
    snapshot = layers.snapshot_at(date)
    features = [_map_feature(item) for item in snapshot.features] if snapshot is not None else []
    return {
        "type": "FeatureCollection",
        "properties": {
            "date": as_date(date).isoformat() if date is not None else None,
            "snapshot": snapshot.id if snapshot is not None else None,
            "label": snapshot.label if snapshot is not None else None,
            "sources": sorted({item.source for item in snapshot.features}) if snapshot is not None else [],
        },
        "features": [*features, *layers.rivers],
    }


def _map_feature(item: ControlFeature) -> dict[str, Any]:
    return {"type": "Feature", "properties": dict(item.feature["properties"]), "geometry": item.feature["geometry"]}
