"""The incident table as small GeoJSON features for the map, aggregated server-side.

Many incidents share a gazetteer point, so incidents of one kind at one point become one
feature with a count; dated and undated incidents are separate layers. A feature carries only its position, a short key, the kind, the count,
where it sits among the markers at its point, its uncertainty and the parts of a short escaped label: never excerpts, which the page shows beside the map
on click. The key leads back to the incidents (``incidents_for_key``), so the map never has to.

Everything here is vectorised with pandas: 100,000 incidents aggregate in well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_float_dtype

from geodata.views.escape import escape_html

COORD_DECIMALS = 5  # about a metre: points of one gazetteer entry stay one point
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
    plain = plain.astype({column: object for column in plain.columns if not is_float_dtype(plain[column])})
    hashes = pd.util.hash_pandas_object(plain, index=False).to_numpy()
    return np.array([f"{prefix}{value:016x}"[:13] for value in hashes.tolist()], dtype=object)


def feature_key(prefix: str, *values: Any) -> str:
    """The key ``_keys`` gives to one row: ``feature_key("s", kind, lat, lon)`` for a strike."""
    row = pd.DataFrame([list(values)])
    for column in row.columns:
        if isinstance(values[column], float | np.floating):
            row[column] = row[column].astype("float64").round(COORD_DECIMALS)
    return str(_keys(prefix, row)[0])


def _located(frame: pd.DataFrame, prefix: str, *columns: str) -> pd.DataFrame:
    """For the rows the point layer ``prefix`` draws: kind (empty when the layer does not
    separate kinds), rounded coordinates, and ``columns``. Only these columns are copied: the
    table's list columns make whole-row copies slow at scale. A launch site known only as an
    area (a region, a river, a country) is no point: it is left out."""
    layer = POINT_LAYERS[prefix]
    mask = (frame[layer.lat].notna() & frame[layer.lon].notna()).to_numpy().copy()
    if layer.rows != "all":
        dated = frame["date"].notna().to_numpy()
        mask &= dated if layer.rows == "dated" else ~dated
    if prefix == LAUNCH_PREFIX:
        mask &= ~(frame[layer.precision] >= AREA_PRECISION).fillna(False).to_numpy(dtype=bool)
    # arrays with one shared index: pandas then has no indexes to align (the costly part)
    index = frame.index[mask]
    data: dict[str, Any] = {
        "kind": frame["kind"].array[mask] if layer.by_kind else np.full(len(index), "", dtype=object),
        "glat": frame[layer.lat].to_numpy(dtype="float64")[mask].round(COORD_DECIMALS),
        "glon": frame[layer.lon].to_numpy(dtype="float64")[mask].round(COORD_DECIMALS),
    }
    data |= {column: frame[column].array[mask] for column in columns}
    return pd.DataFrame(data, index=index)


def uncertainty_m(precision: pd.Series, uncertainty: pd.Series) -> pd.Series:
    """Metres of uncertainty per row: the gazetteer's figure, else a default by geo precision."""
    level = precision.astype("Float64").fillna(1).astype("int64")
    fallback = level.map(DEFAULT_UNCERTAINTY_M).fillna(DEFAULT_UNCERTAINTY_M[1]).astype("float64")
    return uncertainty.astype("Float64").astype("float64").fillna(fallback)


# ------------------------------------------------------------------ points


def aggregate_points(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """One row per point (and kind, for incidents): count, date range, place names, number of
    source reports, uncertainty (m) and key. ``prefix`` names the layer (``STRIKE_PREFIX``,
    ``UNDATED_PREFIX``, ``LAUNCH_PREFIX``)."""
    layer = POINT_LAYERS[prefix]
    extra = ("uncertainty_m",) if layer.lat == "lat" else ()
    located = _located(frame, prefix, "date", "n_sources", layer.name_en, layer.name_ar, layer.precision, *extra)
    if located.empty:
        return pd.DataFrame(columns=_AGGREGATE_COLUMNS)
    uncertainty = located["uncertainty_m"] if extra else pd.Series(pd.NA, index=located.index, dtype="Int64")
    located["uncertainty"] = uncertainty_m(located[layer.precision], uncertainty)
    grouped = located.groupby(["kind", "glat", "glon"], sort=True, observed=True)
    groups = _columns(count=grouped.size(), date_min=grouped["date"].min(), date_max=grouped["date"].max(),
                      sources=grouped["n_sources"].sum(), name_en=grouped[layer.name_en].first(),
                      name_ar=grouped[layer.name_ar].first(), uncertainty=grouped["uncertainty"].max())
    groups["kind"] = groups["kind"].astype(object)
    groups["key"] = _keys(prefix, groups[["kind", "glat", "glon"]])
    return groups


def _columns(**aggregates: pd.Series) -> pd.DataFrame:
    """Aggregates of one groupby as columns, the group keys as columns first. One call per
    aggregate: pandas' named aggregation costs several times more at these sizes."""
    return pd.DataFrame(aggregates).reset_index()


def point_features(frame: pd.DataFrame, prefix: str) -> list[dict[str, Any]]:
    """The aggregated features of one point layer (see ``incident_point_features`` for the
    incident layers, which share their places)."""
    if prefix in (STRIKE_PREFIX, UNDATED_PREFIX):
        return incident_point_features(frame)[prefix]
    return [feature for feature, _ in _features(_placed(aggregate_points(frame, prefix).assign(layer=prefix)))]


def incident_point_features(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The features of the dated and the undated incident layers, placed together: markers at
    one point (kinds, dated or not) are numbered so that the map can spread them out.

    Properties: ``key``, kind ``k``, count ``n``, and the parts of the label, each escaped here:
    dates ``d``, place ``p``, number of source reports ``s``; ``t`` the incidents at the point
    in both layers, ``i``/``m`` the marker's place among the ``m`` at its point (largest count
    first), ``u`` the largest uncertainty in metres (drawn around a selected marker)."""
    parts = [aggregate_points(frame, prefix).assign(layer=prefix) for prefix in (STRIKE_PREFIX, UNDATED_PREFIX)]
    parts = [part for part in parts if not part.empty]
    features = _features(_placed(pd.concat(parts, ignore_index=True))) if parts else []
    return {prefix: [feature for feature, layer in features if layer == prefix]
            for prefix in (STRIKE_PREFIX, UNDATED_PREFIX)}


def _placed(groups: pd.DataFrame) -> pd.DataFrame:
    """Markers at one point ordered largest count first, each with its index ``i`` among the
    ``m`` there and the total ``t`` of incidents at the point."""
    if groups.empty:
        return groups.assign(i=[], m=[], t=[])
    ordered = groups.sort_values(["glat", "glon", "count", "layer", "kind"], ascending=[True, True, False, True, True])
    at_point = ordered.groupby(["glat", "glon"], sort=False)
    return ordered.assign(i=at_point.cumcount().to_numpy(), m=at_point["count"].transform("size").to_numpy(),
                          t=at_point["count"].transform("sum").to_numpy())


def _features(groups: pd.DataFrame) -> list[tuple[dict[str, Any], str]]:
    """(feature, layer prefix) of each row of placed groups."""
    if groups.empty:
        return []
    columns = zip(groups["key"], groups["kind"], groups["count"].tolist(), groups["sources"].tolist(),
                  groups["glat"].tolist(), groups["glon"].tolist(), _dates(groups), _places(groups),
                  groups["i"].tolist(), groups["m"].tolist(), groups["t"].tolist(),
                  groups["uncertainty"].tolist(), groups["layer"].tolist(), strict=True)
    features = []
    for key, kind, count, sources, lat, lon, dates, place, index, many, total, radius, layer in columns:
        properties = {"key": key, "k": kind, "n": int(count), "d": dates, "p": place, "s": int(sources)}
        if many > 1:
            properties |= {"i": int(index), "m": int(many), "t": int(total)}
        if layer != LAUNCH_PREFIX:
            properties["u"] = round(radius)
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                   "properties": properties}
        features.append((feature, layer))
    return features


def heat_points(frame: pd.DataFrame) -> list[list[float]]:
    """[lat, lon, incidents] per located point of the table (dated and undated, all kinds)."""
    mask = (frame["lat"].notna() & frame["lon"].notna()).to_numpy()
    if not mask.any():
        return []
    points = pd.DataFrame({"glat": frame["lat"][mask].astype("float64").round(COORD_DECIMALS),
                           "glon": frame["lon"][mask].astype("float64").round(COORD_DECIMALS)})
    counts = points.groupby(["glat", "glon"], sort=True).size()
    return [[lat, lon, int(count)] for (lat, lon), count in counts.items()]


def _dates(groups: pd.DataFrame) -> list[str]:
    first = pd.to_datetime(groups["date_min"]).dt.strftime("%Y-%m-%d").fillna("date unknown")
    last = pd.to_datetime(groups["date_max"]).dt.strftime("%Y-%m-%d").fillna("date unknown")
    return [start if start == end else f"{start} – {end}" for start, end in zip(first, last, strict=True)]


def _places(groups: pd.DataFrame) -> list[str]:
    return [escape_html(place_text(english, arabic)) for english, arabic in zip(groups["name_en"].tolist(), groups["name_ar"].tolist(), strict=True)]


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


def _line_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Launch and target positions of the incidents with both; a launch site or a target known
    only as an area (a region, a river, a country) draws no line: it would point at a nominal centre."""
    area = ((frame["launch_geo_precision"] >= AREA_PRECISION) | (frame["geo_precision"] >= AREA_PRECISION)
            ).fillna(False).to_numpy(dtype=bool)
    return frame.loc[~area, LINE_COLUMNS].dropna().astype("float64").round(COORD_DECIMALS)


def has_launch_lines(frame: pd.DataFrame) -> bool:
    return not _line_rows(frame).empty


def has_launch_sites(frame: pd.DataFrame) -> bool:
    return not _located(frame, LAUNCH_PREFIX).empty


def launch_line_features(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One dashed line per launch site and target pair: key, count ``n``, route ``p``."""
    rounded = _line_rows(frame)
    if rounded.empty:
        return []
    named = rounded.assign(target=frame.loc[rounded.index, "place_name_en"].astype(object),
                           launch=frame.loc[rounded.index, "launch_name_en"].astype(object))
    grouped = named.groupby(LINE_COLUMNS, sort=True)
    groups = _columns(count=grouped.size(), target=grouped["target"].first(), launch=grouped["launch"].first())
    keys = _keys(LINE_PREFIX, groups[LINE_COLUMNS])
    rows = zip(keys, groups["count"].tolist(), *(groups[column].tolist() for column in LINE_COLUMNS),
               groups["launch"].tolist(), groups["target"].tolist(), strict=True)
    return [
        {"type": "Feature",
         "geometry": {"type": "LineString", "coordinates": [[launch_lon, launch_lat], [lon, lat]]},
         "properties": {"key": key, "n": int(count),
                        "p": escape_html(f"{place_text(launch, None)} → {place_text(target, None)}")}}
        for key, count, launch_lat, launch_lon, lat, lon, launch, target in rows
    ]


def uncertainty_features(frame: pd.DataFrame, *, cap_m: int | None = None) -> list[dict[str, Any]]:
    """One circle per located point, as wide as the largest uncertainty of its incidents (at
    most ``cap_m``); ``p`` is the coarsest geo precision there (1 site, 2 near, 3 region) and
    ``c`` is 1 where the circle was capped."""
    columns = frame[["lat", "lon", "geo_precision", "uncertainty_m"]]
    rows = columns[columns["lat"].notna() & columns["lon"].notna()]
    if rows.empty:
        return []
    precision = rows["geo_precision"].astype("Float64").fillna(1).astype("int64")
    points = pd.DataFrame({"glat": rows["lat"].round(COORD_DECIMALS), "glon": rows["lon"].round(COORD_DECIMALS),
                           "r": uncertainty_m(rows["geo_precision"], rows["uncertainty_m"]), "p": precision})
    grouped = points.groupby(["glat", "glon"], sort=True)
    groups = _columns(r=grouped["r"].max(), p=grouped["p"].max())
    features = []
    for lat, lon, radius, level in zip(groups["glat"].tolist(), groups["glon"].tolist(), groups["r"].tolist(),
                                       groups["p"].tolist(), strict=True):
        properties = {"r": round(radius), "p": int(level)}
        if cap_m is not None and radius > cap_m:
            properties |= {"r": cap_m, "c": 1}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": properties})
    return features


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
