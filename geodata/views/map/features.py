"""The incident table as the map's marker data, aggregated server-side.

Many incidents share a gazetteer point, so incidents of one kind at one point become one
marker with a count; dated and undated incidents are separate layers. A marker carries only
its position, a short key, the kind, the count, where it sits among the markers at its point,
its uncertainty and the parts of a short escaped label: never excerpts, which the page shows
beside the map on click. The key leads back to the incidents (``incidents_for_key``), so the
map never has to.

Each layer's markers go to the page packed in columns (``geodata.views.map.packed``); the
``*_features`` functions give the GeoJSON features the map unpacks them to. Grouping is done
with numpy on integer positions: 100,000 incidents aggregate in a few hundredths of a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_float_dtype

from geodata.views.escape import escape_html
from geodata.views.map.packed import (
    COORD_DECIMALS,
    NO_DAY,
    degrees,
    grid,
    pack_circles,
    pack_heat,
    pack_lines,
    pack_points,
    unpack,
)

# Radius of the uncertainty circle when the gazetteer gave none, by geo precision (SPEC 4).
DEFAULT_UNCERTAINTY_M = {1: 1000, 2: 5000, 3: 25000}
AREA_PRECISION = 3  # a region, a river, a country: not a point to draw a launch from
STRIKE_PREFIX, UNDATED_PREFIX, LAUNCH_PREFIX, LINE_PREFIX, PLACE_PREFIX = "s", "u", "l", "x", "f"
LINE_COLUMNS = ["launch_lat", "launch_lon", "lat", "lon"]


@dataclass(frozen=True)
class PointLayer:
    """Where a point layer takes its points from: columns of position, names and precision,
    whether kinds stay apart, and which rows it draws (``dated``, ``undated`` or ``all``)."""

    lat: str
    lon: str
    name_en: str
    name_ar: str
    precision: str
    by_kind: bool
    rows: str


POINT_LAYERS = {
    STRIKE_PREFIX: PointLayer("lat", "lon", "place_name_en", "place_name_ar", "geo_precision", True, "dated"),
    UNDATED_PREFIX: PointLayer("lat", "lon", "place_name_en", "place_name_ar", "geo_precision", True, "undated"),
    LAUNCH_PREFIX: PointLayer("launch_lat", "launch_lon", "launch_name_en", "launch_name_ar", "launch_geo_precision",
                              False, "all"),
}
_AGGREGATE_COLUMNS = ["kind", "glat", "glon", "count", "date_min", "date_max", "sources", "name_en", "name_ar",
                      "uncertainty", "key"]


# ------------------------------------------------------------------ keys


def _keys(prefix: str, table: pd.DataFrame) -> np.ndarray:
    """One short key per row of ``table`` (grouping columns only): the layer's letter and 12
    hex digits of pandas' stable hash of the row, the same in every process. Text columns
    are hashed as plain strings, whatever their dtype (categorical, string, object)."""
    plain = table.reset_index(drop=True)
    texts = {column: object for column in plain.columns
             if not is_float_dtype(plain[column]) and plain[column].dtype != object}
    if texts:
        plain = plain.astype(texts)
    hashes = pd.util.hash_pandas_object(plain, index=False).to_numpy() >> 16  # the first 12 of 16 hex digits
    return np.array([f"{prefix}{value:012x}" for value in hashes.tolist()], dtype=object)


def feature_key(prefix: str, *values: Any) -> str:
    """The key ``_keys`` gives to one row: ``feature_key("s", kind, lat, lon)`` for a strike."""
    row = pd.DataFrame([list(values)])
    for column in row.columns:
        if isinstance(values[column], float | np.floating):
            row[column] = row[column].astype("float64").round(COORD_DECIMALS)
    return str(_keys(prefix, row)[0])


def _mask(frame: pd.DataFrame, prefix: str) -> np.ndarray:
    """The rows the point layer ``prefix`` draws: those with a position (and a date, or none,
    for the incident layers). A launch site known only as an area (a region, a river, a
    country) is no point: it is left out."""
    layer = POINT_LAYERS[prefix]
    mask = (frame[layer.lat].notna() & frame[layer.lon].notna()).to_numpy(dtype=bool).copy()
    if layer.rows != "all":
        dated = frame["date"].notna().to_numpy(dtype=bool)
        mask &= dated if layer.rows == "dated" else ~dated
    if prefix == LAUNCH_PREFIX:
        mask &= ~(frame[layer.precision] >= AREA_PRECISION).fillna(False).to_numpy(dtype=bool)
    return mask


def _located(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """For the rows the point layer ``prefix`` draws: kind (empty when the layer does not
    separate kinds) and rounded coordinates, the columns its keys are made of."""
    layer = POINT_LAYERS[prefix]
    mask = _mask(frame, prefix)
    index = frame.index[mask]
    data: dict[str, Any] = {
        "kind": frame["kind"].array[mask] if layer.by_kind else np.full(len(index), "", dtype=object),
        "glat": frame[layer.lat].to_numpy(dtype="float64")[mask].round(COORD_DECIMALS),
        "glon": frame[layer.lon].to_numpy(dtype="float64")[mask].round(COORD_DECIMALS),
    }
    return pd.DataFrame(data, index=index)


# ------------------------------------------------------------------ grouping with numpy
# The point layers are grouped with numpy: positions as integers of 1e-5 degree, one stable
# sort, then sums, minima and maxima of each run of equal keys. pandas' groupby on the table
# cost more than the whole page at 10,000 incidents.


def _runs(*keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The order that sorts rows by ``keys`` (the first decides first; stable, so rows of one
    group keep their order) and where each run of equal keys starts in that order."""
    order = np.lexsort(keys[::-1])
    return order, _starts(*(key[order] for key in keys))


def _starts(*ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values of sorted ``ordered`` starts."""
    length = len(ordered[0])
    new = np.zeros(length, dtype=bool)
    new[:1] = True
    for values in ordered:
        new[1:] |= values[1:] != values[:-1]
    return np.flatnonzero(new)


def _group_of(starts: np.ndarray, length: int) -> np.ndarray:
    """For each row of the sorted order, the number of its run."""
    marks = np.zeros(length, dtype=np.int64)
    marks[starts[1:]] = 1
    return np.cumsum(marks)


def _first_texts(column: pd.Series, rows: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The first text of ``column`` that is not missing in each run of ``rows`` (positions in
    the table, in sorted order), None where a run has none (as pandas' ``first``)."""
    count = len(rows)
    present = column.notna().to_numpy(dtype=bool)[rows]
    first = np.minimum.reduceat(np.where(present, np.arange(count), count), starts)
    found = first < count
    texts = np.asarray(column.array.take(rows[np.minimum(first, count - 1)]), dtype=object)
    texts[~found] = None
    return texts


def _days(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of ``column`` at ``rows``, ``NO_DAY`` where there is no date."""
    dates = pd.to_datetime(column).to_numpy(dtype="datetime64[ns]")[rows]
    return dates.astype("datetime64[D]").astype(np.int64)


def _fallback_m(precision: np.ndarray) -> np.ndarray:
    """Metres of uncertainty by geo precision (NaN counts as 1) when the gazetteer gave none."""
    level = np.where(np.isnan(precision), 1, precision)
    metres = np.full(len(level), float(DEFAULT_UNCERTAINTY_M[1]))
    for value, radius in DEFAULT_UNCERTAINTY_M.items():
        metres[level == value] = radius
    return metres


def _numbers(frame: pd.DataFrame, column: str, rows: np.ndarray) -> np.ndarray:
    return frame[column].to_numpy(dtype="float64", na_value=np.nan)[rows]


def _kind_codes(frame: pd.DataFrame, rows: np.ndarray, by_kind: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each row's kind as a code (-1 where there is none) and the names of the codes, in the
    order pandas groups them: a categorical column's categories, else the names sorted."""
    if not by_kind:
        return np.zeros(len(rows), dtype=np.int64), np.array([""], dtype=object)
    kind = frame["kind"]
    if isinstance(kind.dtype, pd.CategoricalDtype):
        return (kind.cat.codes.to_numpy()[rows].astype(np.int64),
                np.asarray(kind.cat.categories, dtype=object).astype(str).astype(object))
    codes, uniques = pd.factorize(kind.array.take(rows))
    names = np.asarray(uniques, dtype=object).astype(str).astype(object)
    order = np.argsort(names, kind="stable")
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return np.where(codes >= 0, rank[np.maximum(codes, 0)] if len(names) else -1, -1), names[order]


@dataclass(frozen=True)
class _Groups:
    """One row per marker of a point layer (see ``aggregate_points``)."""

    layer: str
    kind: np.ndarray  # names, object
    lat: np.ndarray  # 1e-5 degree
    lon: np.ndarray
    count: np.ndarray
    first_day: np.ndarray
    last_day: np.ndarray
    sources: np.ndarray
    name_en: np.ndarray
    name_ar: np.ndarray
    uncertainty: np.ndarray

    def keys(self) -> np.ndarray:
        return _keys(self.layer, pd.DataFrame({"kind": self.kind, "glat": degrees(self.lat),
                                               "glon": degrees(self.lon)}))


def _point_groups(frame: pd.DataFrame, prefix: str) -> _Groups | None:
    """The markers of the point layer ``prefix``: one per kind (when the layer keeps kinds
    apart) and point, sorted by kind, latitude and longitude; None when there are none."""
    layer = POINT_LAYERS[prefix]
    rows = np.flatnonzero(_mask(frame, prefix))
    codes, names = _kind_codes(frame, rows, layer.by_kind)
    rows, codes = rows[codes >= 0], codes[codes >= 0]  # a row without a kind draws no incident marker
    if not len(rows):
        return None
    lat, lon = grid(_numbers(frame, layer.lat, rows)), grid(_numbers(frame, layer.lon, rows))
    order, starts = _runs(codes, lat, lon)
    rows, first = rows[order], order[starts]
    days = _days(frame["date"], rows)
    uncertainty = _fallback_m(_numbers(frame, layer.precision, rows))
    if layer.lat == "lat":
        given = _numbers(frame, "uncertainty_m", rows)
        uncertainty = np.where(np.isnan(given), uncertainty, given)
    return _Groups(
        layer=prefix, kind=names[codes[first]], lat=lat[first], lon=lon[first],
        count=np.diff(np.append(starts, len(rows))),
        first_day=np.minimum.reduceat(np.where(days == NO_DAY, np.iinfo(np.int64).max, days), starts),
        last_day=np.maximum.reduceat(days, starts),
        sources=np.add.reduceat(frame["n_sources"].to_numpy(dtype="int64", na_value=0)[rows], starts),
        name_en=_first_texts(frame[layer.name_en], rows, starts), name_ar=_first_texts(frame[layer.name_ar], rows, starts),
        uncertainty=np.maximum.reduceat(uncertainty, starts),
    )


# ------------------------------------------------------------------ points


def aggregate_points(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """One row per point (and kind, for incidents): count, date range, place names, number of
    source reports, uncertainty (m) and key. ``prefix`` names the layer (``STRIKE_PREFIX``,
    ``UNDATED_PREFIX``, ``LAUNCH_PREFIX``)."""
    groups = _point_groups(frame, prefix)
    if groups is None:
        return pd.DataFrame(columns=_AGGREGATE_COLUMNS)
    first = np.where(groups.first_day == np.iinfo(np.int64).max, NO_DAY, groups.first_day)
    return pd.DataFrame({
        "kind": groups.kind, "glat": degrees(groups.lat), "glon": degrees(groups.lon), "count": groups.count,
        "date_min": first.astype("datetime64[D]").astype("datetime64[ns]"),
        "date_max": groups.last_day.astype("datetime64[D]").astype("datetime64[ns]"),
        "sources": groups.sources, "name_en": groups.name_en, "name_ar": groups.name_ar,
        "uncertainty": groups.uncertainty, "key": groups.keys(),
    })


def point_data(frame: pd.DataFrame, prefix: str) -> dict[str, Any] | None:
    """The packed markers of one point layer (see ``incident_point_data`` for the incident
    layers, which share their places); None when there are none."""
    if prefix in (STRIKE_PREFIX, UNDATED_PREFIX):
        return incident_point_data(frame)[prefix]
    groups = _point_groups(frame, prefix)
    return _packed(_placed([groups]), LAUNCH_PREFIX) if groups is not None else None


def point_features(frame: pd.DataFrame, prefix: str) -> list[dict[str, Any]]:
    """The features of one point layer, as the map draws them."""
    data = point_data(frame, prefix)
    return unpack(data) if data is not None else []


def incident_point_data(frame: pd.DataFrame) -> dict[str, dict[str, Any] | None]:
    """The packed markers of the dated and the undated incident layers (None for a layer
    without any), placed together: markers at one point (kinds, dated or not) are numbered so
    that the map can spread them out.

    Each marker unpacks to the properties ``key``, kind ``k``, count ``n``, and the parts of
    the label, each escaped: dates ``d``, place ``p``, number of source reports ``s``; ``t``
    the incidents at the point in both layers, ``i``/``m`` the marker's place among the ``m``
    at its point (largest count first), ``u`` the largest uncertainty in metres (drawn around
    a selected marker)."""
    parts = [groups for groups in (_point_groups(frame, prefix) for prefix in (STRIKE_PREFIX, UNDATED_PREFIX))
             if groups is not None]
    placed = _placed(parts) if parts else None
    return {prefix: _packed(placed, prefix) for prefix in (STRIKE_PREFIX, UNDATED_PREFIX)}


def incident_point_features(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The features of the dated and the undated incident layers (``incident_point_data``
    unpacked as the map does)."""
    return {prefix: unpack(data) if data is not None else [] for prefix, data in incident_point_data(frame).items()}


@dataclass(frozen=True)
class _Placed:
    """Markers of one or more point layers, ordered by point and largest count first, with
    each marker's index among those at its point, their number and their incidents."""

    groups: list[_Groups]
    part: np.ndarray  # which of ``groups`` each marker comes from
    row: np.ndarray  # its row there
    index: np.ndarray
    many: np.ndarray
    total: np.ndarray


def _placed(parts: list[_Groups]) -> _Placed:
    part = np.concatenate([np.full(len(groups.lat), number) for number, groups in enumerate(parts)])
    row = np.concatenate([np.arange(len(groups.lat)) for groups in parts])
    lat = np.concatenate([groups.lat for groups in parts])
    lon = np.concatenate([groups.lon for groups in parts])
    count = np.concatenate([groups.count for groups in parts])
    _, kind = np.unique(np.concatenate([groups.kind for groups in parts]).astype(str), return_inverse=True)
    layer = np.argsort(np.argsort([groups.layer for groups in parts]))[part]
    order = np.lexsort((kind.ravel(), layer, -count, lon, lat))
    at_point = _starts(lat[order], lon[order])
    group = _group_of(at_point, len(order))
    sizes = np.diff(np.append(at_point, len(order)))
    totals = np.add.reduceat(count[order], at_point) if len(order) else count[order]
    return _Placed(groups=parts, part=part[order], row=row[order], index=np.arange(len(order)) - at_point[group],
                   many=sizes[group], total=totals[group])


def _packed(placed: _Placed | None, prefix: str) -> dict[str, Any] | None:
    """The markers of ``placed`` from the layer ``prefix``, packed; None when there are none."""
    if placed is None:
        return None
    numbers = [number for number, groups in enumerate(placed.groups) if groups.layer == prefix]
    if not numbers:
        return None
    mine = placed.part == numbers[0]
    groups, rows = placed.groups[numbers[0]], placed.row[mine]
    keys = groups.keys()[rows]
    places = _place_texts(groups.name_en[rows], groups.name_ar[rows])
    return pack_points(prefix=prefix, keys=keys.tolist(), lat=groups.lat[rows], lon=groups.lon[rows],
                       kinds=groups.kind[rows].tolist(), counts=groups.count[rows], first_day=_no_day(groups.first_day[rows]),
                       last_day=groups.last_day[rows], places=places, sources=groups.sources[rows],
                       index=placed.index[mine], many=placed.many[mine], total=placed.total[mine],
                       radius=None if prefix == LAUNCH_PREFIX else groups.uncertainty[rows])


def _no_day(first_day: np.ndarray) -> np.ndarray:
    return np.where(first_day == np.iinfo(np.int64).max, NO_DAY, first_day)


def _place_texts(names_en: np.ndarray, names_ar: np.ndarray) -> list[str]:
    """Escaped "English · Arabic" of each pair, each distinct pair worked out once."""
    texts: dict[tuple[Any, Any], str] = {}
    return [texts.get(pair) or texts.setdefault(pair, escape_html(place_text(*pair)))
            for pair in zip(names_en.tolist(), names_ar.tolist(), strict=True)]


def _located_points(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Rows with a position (dated and undated, all kinds) grouped by point: the rows in
    sorted order, where each point's run starts, and the points' latitudes and longitudes (1e-5 degree)."""
    rows = np.flatnonzero((frame["lat"].notna() & frame["lon"].notna()).to_numpy(dtype=bool))
    if not len(rows):
        return None
    lat, lon = grid(_numbers(frame, "lat", rows)), grid(_numbers(frame, "lon", rows))
    order, starts = _runs(lat, lon)
    first = order[starts]
    return rows[order], starts, lat[first], lon[first]


def _heat(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    located = _located_points(frame)
    if located is None:
        return None
    rows, starts, lat, lon = located
    return lat, lon, np.diff(np.append(starts, len(rows)))


def heat_data(frame: pd.DataFrame) -> dict[str, Any] | None:
    """The heat layer's points, packed: incidents per located point (None when there is none)."""
    heat = _heat(frame)
    return pack_heat(lat=heat[0], lon=heat[1], counts=heat[2]) if heat is not None else None


def heat_points(frame: pd.DataFrame) -> list[list[float]]:
    """[lat, lon, incidents] per located point of the table (dated and undated, all kinds)."""
    heat = _heat(frame)
    if heat is None:
        return []
    lat, lon, counts = heat
    return [[lat, lon, count] for lat, lon, count in zip(degrees(lat).tolist(), degrees(lon).tolist(),
                                                           counts.tolist(), strict=True)]


def date_range_text(first: Any, last: Any) -> str:
    """"2023-04-10", "2023-04-10 – 2023-04-13", or "date unknown"."""
    if first is None or pd.isna(first):
        return "date unknown"
    start, end = pd.Timestamp(first).date().isoformat(), pd.Timestamp(last).date().isoformat()
    return start if start == end else f"{start} – {end}"


def place_text(name_en: Any, name_ar: Any) -> str:
    """"Hatla · حطلة", one name when the other is missing, or "unnamed place"."""
    names = [str(name) for name in (name_en, name_ar) if isinstance(name, str) and name]
    return " · ".join(dict.fromkeys(names)) or "unnamed place"


# ------------------------------------------------------------------ lines and circles


def _line_mask(frame: pd.DataFrame) -> np.ndarray:
    """Incidents with launch and target positions; a launch site or a target known only as an
    area (a region, a river, a country) draws no line: it would point at a nominal centre."""
    area = ((frame["launch_geo_precision"] >= AREA_PRECISION) | (frame["geo_precision"] >= AREA_PRECISION)
            ).fillna(False).to_numpy(dtype=bool)
    return ~area & frame[LINE_COLUMNS].notna().all(axis=1).to_numpy(dtype=bool)


def _line_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Launch and target positions (rounded) of the incidents that draw a line."""
    return frame.loc[_line_mask(frame), LINE_COLUMNS].astype("float64").round(COORD_DECIMALS)


def launch_line_data(frame: pd.DataFrame) -> dict[str, Any] | None:
    """One dashed line per launch site and target pair, packed (None when there is none):
    key, count ``n``, route ``p``."""
    rows = np.flatnonzero(_line_mask(frame))
    if not len(rows):
        return None
    ends = [grid(_numbers(frame, column, rows)) for column in LINE_COLUMNS]
    order, starts = _runs(*ends)
    rows, first = rows[order], order[starts]
    launch_lat, launch_lon, lat, lon = (end[first] for end in ends)
    keys = _keys(LINE_PREFIX, pd.DataFrame({column: degrees(end[first]) for column, end in zip(LINE_COLUMNS, ends,
                                                                                               strict=True)}))
    launch = _first_texts(frame["launch_name_en"], rows, starts)
    target = _first_texts(frame["place_name_en"], rows, starts)
    return pack_lines(keys=keys.tolist(), launch_lat=launch_lat, launch_lon=launch_lon, lat=lat, lon=lon,
                      counts=np.diff(np.append(starts, len(rows))),
                      launch_names=_name_texts(launch), target_names=_name_texts(target))


def _name_texts(names: np.ndarray) -> list[str]:
    """Escaped ``place_text`` of each name, each distinct name worked out once."""
    texts: dict[Any, str] = {}
    return [texts.get(name) or texts.setdefault(name, escape_html(place_text(name, None))) for name in names.tolist()]


def launch_line_features(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The launch lines as the map draws them (``launch_line_data`` unpacked)."""
    data = launch_line_data(frame)
    return unpack(data) if data is not None else []


def uncertainty_data(frame: pd.DataFrame, *, cap_m: int | None = None) -> dict[str, Any] | None:
    """One circle per located point, packed (None when there is none): as wide as the largest
    uncertainty of its incidents (at most ``cap_m``); ``p`` is the coarsest geo precision there
    (1 site, 2 near, 3 region) and ``c`` is 1 where the circle was capped."""
    located = _located_points(frame)
    if located is None:
        return None
    rows, starts, lat, lon = located
    precision = _numbers(frame, "geo_precision", rows)
    given = _numbers(frame, "uncertainty_m", rows)
    radius = np.where(np.isnan(given), _fallback_m(precision), given)
    level = np.where(np.isnan(precision), 1, precision).astype(np.int64)
    return pack_circles(lat=lat, lon=lon, radius=np.maximum.reduceat(radius, starts),
                        level=np.maximum.reduceat(level, starts), cap_m=cap_m)


def uncertainty_features(frame: pd.DataFrame, *, cap_m: int | None = None) -> list[dict[str, Any]]:
    """The uncertainty circles as the map draws them (``uncertainty_data`` unpacked)."""
    data = uncertainty_data(frame, cap_m=cap_m)
    return unpack(data) if data is not None else []


# ------------------------------------------------------------------ back from a key


def incidents_for_key(frame: pd.DataFrame, key: object) -> pd.DataFrame:
    """The rows of ``frame`` behind the map feature with ``key`` (none for an unknown key)."""
    if not isinstance(key, str) or not key:
        return frame.iloc[0:0]
    prefix = key[0]
    if prefix in POINT_LAYERS:
        located = _located(frame, prefix)
        return frame.loc[located.index[_keys(prefix, located[["kind", "glat", "glon"]]) == key]]
    if prefix == LINE_PREFIX:
        rounded = _line_rows(frame)
        return frame.loc[rounded.index[_keys(LINE_PREFIX, rounded) == key]]
    if prefix == PLACE_PREFIX:
        return frame[(frame["place_id"].astype(object) == key[1:]).to_numpy(dtype=bool)]
    return frame.iloc[0:0]
