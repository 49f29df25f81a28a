"""The incident table as small GeoJSON features for the map, aggregated server-side.

Many incidents share a gazetteer point, so incidents of one kind at one point become one
feature with a count. A feature carries only its position, a short key, the kind, the count
and the parts of a short escaped label: never excerpts, which the page shows beside the map
on click. The key leads back to the incidents (``incidents_for_key``), so the map never has to.

Everything here is vectorised with pandas: 100,000 incidents aggregate in well under a second.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_float_dtype

from geodata.views.escape import escape_html

COORD_DECIMALS = 5  # about a metre: points of one gazetteer entry stay one point
RING_PIXELS = 4  # how much wider each kind under another at the same point is drawn
# Radius of the uncertainty circle when the gazetteer gave none, by geo precision (SPEC 4).
DEFAULT_UNCERTAINTY_M = {1: 1000, 2: 5000, 3: 25000}
STRIKE_PREFIX, LAUNCH_PREFIX, LINE_PREFIX, PLACE_PREFIX = "s", "l", "x", "f"
LINE_COLUMNS = ["launch_lat", "launch_lon", "lat", "lon"]
# (latitude, longitude, English name, Arabic name, keep kinds apart) of each point layer
POINT_LAYERS = {
    STRIKE_PREFIX: ("lat", "lon", "place_name_en", "place_name_ar", True),
    LAUNCH_PREFIX: ("launch_lat", "launch_lon", "launch_name_en", "launch_name_ar", False),
}
_AGGREGATE_COLUMNS = ["kind", "glat", "glon", "count", "date_min", "date_max", "sources", "name_en", "name_ar", "key"]


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
    """For the rows with a position in the point layer ``prefix``: kind (empty when the layer
    does not separate kinds), rounded coordinates, and ``columns``. Only these columns are
    copied: the table's list columns make whole-row copies slow at scale."""
    lat, lon, _, _, by_kind = POINT_LAYERS[prefix]
    mask = (frame[lat].notna() & frame[lon].notna()).to_numpy()
    data: dict[str, Any] = {
        "kind": frame["kind"][mask] if by_kind else pd.Series("", index=frame.index[mask], dtype=object),
        "glat": frame[lat][mask].astype("float64").round(COORD_DECIMALS),
        "glon": frame[lon][mask].astype("float64").round(COORD_DECIMALS),
    }
    data |= {column: frame[column][mask] for column in columns}
    return pd.DataFrame(data)


# ------------------------------------------------------------------ points


def aggregate_points(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """One row per point (and kind, for strikes): count, date range, place names, number of
    source reports and key. ``prefix`` names the layer (``STRIKE_PREFIX``, ``LAUNCH_PREFIX``)."""
    _, _, name_en, name_ar, _ = POINT_LAYERS[prefix]
    located = _located(frame, prefix, "date", "n_sources", name_en, name_ar)
    if located.empty:
        return pd.DataFrame(columns=_AGGREGATE_COLUMNS)
    grouped = located.groupby(["kind", "glat", "glon"], sort=True, observed=True)
    groups = _columns(count=grouped.size(), date_min=grouped["date"].min(), date_max=grouped["date"].max(),
                      sources=grouped["n_sources"].sum(), name_en=grouped[name_en].first(),
                      name_ar=grouped[name_ar].first())
    groups["kind"] = groups["kind"].astype(object)
    groups["key"] = _keys(prefix, groups[["kind", "glat", "glon"]])
    return groups


def _columns(**aggregates: pd.Series) -> pd.DataFrame:
    """Aggregates of one groupby as columns, the group keys as columns first. One call per
    aggregate: pandas' named aggregation costs several times more at these sizes."""
    return pd.DataFrame(aggregates).reset_index()


def point_features(frame: pd.DataFrame, prefix: str) -> list[dict[str, Any]]:
    """The aggregated features of one point layer. Properties: ``key``, kind ``k``, count ``n``,
    and the parts of the popup label, each escaped here: dates ``d``, place ``p``, number
    of source reports ``s`` (the map script joins them, see ``script.py``)."""
    groups = _stacked(aggregate_points(frame, prefix))
    if groups.empty:
        return []
    columns = zip(groups["key"], groups["kind"], groups["count"].tolist(), groups["sources"].tolist(),
                  groups["glat"].tolist(), groups["glon"].tolist(), _dates(groups), _places(groups),
                  groups["boost"].tolist(), strict=True)
    features = []
    for key, kind, count, sources, lat, lon, dates, place, boost in columns:
        properties = {"key": key, "k": kind, "n": int(count), "d": dates, "p": place, "s": int(sources)}
        if boost:
            properties["b"] = int(boost)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": properties})
    return features


def _stacked(groups: pd.DataFrame) -> pd.DataFrame:
    """Kinds that share a point, drawn as concentric rings so that none hides another: the
    largest count first (at the bottom) with ``boost`` extra pixels of radius per kind above it."""
    if groups.empty:
        return groups.assign(boost=[])
    ordered = groups.sort_values(["glat", "glon", "count", "kind"], ascending=[True, True, False, True])
    above = ordered.groupby(["glat", "glon"], sort=False).cumcount(ascending=False)
    return ordered.assign(boost=(above * RING_PIXELS).to_numpy())


def _dates(groups: pd.DataFrame) -> list[str]:
    first = groups["date_min"].dt.strftime("%Y-%m-%d").fillna("date unknown")
    last = groups["date_max"].dt.strftime("%Y-%m-%d").fillna("date unknown")
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
    return frame[LINE_COLUMNS].dropna().astype("float64").round(COORD_DECIMALS)


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


def uncertainty_features(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One circle per located point, as wide as the largest uncertainty of its incidents;
    ``p`` is the coarsest geo precision there (1 site, 2 near, 3 region)."""
    columns = frame[["lat", "lon", "geo_precision", "uncertainty_m"]]
    rows = columns[columns["lat"].notna() & columns["lon"].notna()]
    if rows.empty:
        return []
    precision = rows["geo_precision"].astype("Float64").fillna(1).astype("int64")
    fallback = precision.map(DEFAULT_UNCERTAINTY_M).fillna(DEFAULT_UNCERTAINTY_M[1])
    radius = rows["uncertainty_m"].astype("Float64").fillna(fallback.astype("Float64")).astype("float64")
    points = pd.DataFrame({"glat": rows["lat"].round(COORD_DECIMALS), "glon": rows["lon"].round(COORD_DECIMALS),
                           "r": radius, "p": precision})
    grouped = points.groupby(["glat", "glon"], sort=True)
    groups = _columns(r=grouped["r"].max(), p=grouped["p"].max())
    return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
             "properties": {"r": round(r), "p": int(p)}}
            for lat, lon, r, p in zip(groups["glat"].tolist(), groups["glon"].tolist(),
                                      groups["r"].tolist(), groups["p"].tolist(), strict=True)]


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
