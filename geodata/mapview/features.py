"""The incident table as small GeoJSON features for the map, aggregated server-side.

Many incidents share a gazetteer point, so incidents of one kind at one point become one
feature with a count. A feature carries only its position, a short key, the kind, the count
and a short escaped label: never excerpts, which the page shows beside the map on click.
The key leads back to the incidents (``incidents_for_key``), so the map never has to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geodata.mapview.style import kind_label
from geodata.safe import escape_html

COORD_DECIMALS = 5  # about a metre: points of one gazetteer entry stay one point
# Radius of the uncertainty circle when the gazetteer gave none, by geo precision (SPEC 4).
DEFAULT_UNCERTAINTY_M = {1: 1000, 2: 5000, 3: 25000}


@dataclass(frozen=True)
class PointSpec:
    """How one point layer reads the table: which columns, and whether kinds stay apart."""

    prefix: str  # first letter of every key of the layer, so a key names its layer
    lat: str
    lon: str
    name_en: str
    name_ar: str
    by_kind: bool
    title: str = ""


STRIKES = PointSpec("s", "lat", "lon", "place_name_en", "place_name_ar", by_kind=True)
LAUNCH_SITES = PointSpec("l", "launch_lat", "launch_lon", "launch_name_en", "launch_name_ar",
                         by_kind=False, title="Launch site")
LINE_PREFIX = "x"
PLACE_PREFIX = "f"
SPECS = {spec.prefix: spec for spec in (STRIKES, LAUNCH_SITES)}


def feature_key(prefix: str, *parts: object) -> str:
    """A short stable key: the layer's letter and 10 hex digits of a hash of ``parts``."""
    text = "|".join(f"{float(part):.{COORD_DECIMALS}f}" if isinstance(part, float | np.floating) else str(part)
                    for part in parts)
    return prefix + hashlib.blake2s(text.encode("utf-8"), digest_size=5).hexdigest()


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _point(lat: float, lon: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


# ------------------------------------------------------------------ aggregation


def _located(frame: pd.DataFrame, lat: str, lon: str) -> pd.DataFrame:
    """Rows with a position, with rounded coordinates and a plain-string kind to group on."""
    rows = frame[frame[lat].notna() & frame[lon].notna()]
    return pd.DataFrame({
        "kind": rows["kind"].astype(str).to_numpy(),
        "glat": rows[lat].round(COORD_DECIMALS).to_numpy(),
        "glon": rows[lon].round(COORD_DECIMALS).to_numpy(),
    }, index=rows.index)


def aggregate_points(frame: pd.DataFrame, spec: PointSpec) -> pd.DataFrame:
    """One row per point (and kind, if ``spec.by_kind``): count, date range, place, sources, key."""
    located = _located(frame, spec.lat, spec.lon)
    if not spec.by_kind:
        located["kind"] = ""
    if located.empty:
        return pd.DataFrame(columns=["kind", "glat", "glon", "count", "date_min", "date_max",
                                     "sources", "name_en", "name_ar", "key"])
    rows = frame.loc[located.index]
    located = located.assign(date=rows["date"], n_sources=rows["n_sources"],
                             name_en=rows[spec.name_en], name_ar=rows[spec.name_ar])
    groups = located.groupby(["kind", "glat", "glon"], sort=True).agg(
        count=("date", "size"), date_min=("date", "min"), date_max=("date", "max"),
        sources=("n_sources", "sum"), name_en=("name_en", "first"), name_ar=("name_ar", "first"),
    ).reset_index()
    groups["key"] = [feature_key(spec.prefix, kind, lat, lon)
                     for kind, lat, lon in zip(groups["kind"], groups["glat"], groups["glon"], strict=True)]
    return groups


def point_features(frame: pd.DataFrame, spec: PointSpec) -> list[dict[str, Any]]:
    """The aggregated features of one point layer, each with key, kind, count and label."""
    groups = aggregate_points(frame, spec)
    return [
        {"type": "Feature", "geometry": _point(row.glat, row.glon),
         "properties": {"key": row.key, "k": row.kind, "n": int(row.count), "label": _point_label(row, spec)}}
        for row in groups.itertuples(index=False)
    ]


def _point_label(row: Any, spec: PointSpec) -> str:
    title = spec.title or kind_label(row.kind)
    lines = [f"<b>{escape_html(title)}</b>" + (f" · {int(row.count)} incidents" if row.count > 1 else "")]
    lines.append(escape_html(date_range_text(row.date_min, row.date_max)))
    lines.append(escape_html(place_text(row.name_en, row.name_ar)))
    lines.append(escape_html(_sources_text(int(row.sources))))
    return "<br>".join(lines)


def date_range_text(first: Any, last: Any) -> str:
    """"2023-04-10", "2023-04-10 – 2023-04-13", or "date unknown"."""
    if pd.isna(first):
        return "date unknown"
    start, end = pd.Timestamp(first).date().isoformat(), pd.Timestamp(last).date().isoformat()
    return start if start == end else f"{start} – {end}"


def place_text(name_en: Any, name_ar: Any) -> str:
    names = [str(name) for name in (name_en, name_ar) if not pd.isna(name) and str(name)]
    return " · ".join(dict.fromkeys(names)) or "unnamed place"


def _sources_text(count: int) -> str:
    return "1 source" if count == 1 else f"{count} sources"


# ------------------------------------------------------------------ lines and circles


def launch_line_features(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One dashed line per launch site and target pair, with the number of incidents."""
    columns = ["launch_lat", "launch_lon", "lat", "lon"]
    rows = frame.dropna(subset=columns)
    if rows.empty:
        return []
    pairs = rows[columns].round(COORD_DECIMALS).assign(name=rows["place_name_en"], launch=rows["launch_name_en"])
    groups = pairs.groupby(columns, sort=True).agg(count=("name", "size"), name=("name", "first"),
                                                   launch=("launch", "first")).reset_index()
    features = []
    for row in groups.itertuples(index=False):
        label = (f"<b>Launch → target</b> · {int(row.count)} incident{'s' if row.count > 1 else ''}<br>"
                 f"{escape_html(place_text(row.launch, None))} → {escape_html(place_text(row.name, None))}")
        key = feature_key(LINE_PREFIX, row.launch_lat, row.launch_lon, row.lat, row.lon)
        features.append({"type": "Feature",
                         "geometry": {"type": "LineString", "coordinates": [[row.launch_lon, row.launch_lat], [row.lon, row.lat]]},
                         "properties": {"key": key, "n": int(row.count), "label": label}})
    return features


def uncertainty_features(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One circle per located point, as wide as the largest uncertainty of its incidents."""
    rows = frame[frame["lat"].notna() & frame["lon"].notna()]
    if rows.empty:
        return []
    fallback = rows["geo_precision"].map(DEFAULT_UNCERTAINTY_M, na_action="ignore")
    radius = rows["uncertainty_m"].astype("Float64").fillna(fallback.astype("Float64")).fillna(DEFAULT_UNCERTAINTY_M[1])
    points = pd.DataFrame({"glat": rows["lat"].round(COORD_DECIMALS), "glon": rows["lon"].round(COORD_DECIMALS),
                           "r": radius.astype(float), "p": rows["geo_precision"].astype("Float64").fillna(1)})
    groups = points.groupby(["glat", "glon"], sort=True).agg(r=("r", "max"), p=("p", "max")).reset_index()
    return [{"type": "Feature", "geometry": _point(row.glat, row.glon),
             "properties": {"r": round(float(row.r)), "p": int(row.p)}}
            for row in groups.itertuples(index=False)]


# ------------------------------------------------------------------ back from a key


def incidents_for_key(frame: pd.DataFrame, key: object) -> pd.DataFrame:
    """The rows of ``frame`` behind the map feature with ``key`` (empty for unknown keys)."""
    if not isinstance(key, str) or not key:
        return frame.iloc[0:0]
    prefix = key[0]
    if prefix in SPECS:
        return frame.loc[_point_rows(frame, SPECS[prefix], key)]
    if prefix == LINE_PREFIX:
        return frame.loc[_line_rows(frame, key)]
    if prefix == PLACE_PREFIX:
        return frame[frame["place_id"].astype(object) == key[1:]]
    return frame.iloc[0:0]


def _point_rows(frame: pd.DataFrame, spec: PointSpec, key: str) -> pd.Index:
    located = _located(frame, spec.lat, spec.lon)
    if not spec.by_kind:
        located["kind"] = ""
    for kind, lat, lon in _unique(located[["kind", "glat", "glon"]]):
        if feature_key(spec.prefix, kind, lat, lon) == key:
            match = (located["kind"] == kind) & (located["glat"] == lat) & (located["glon"] == lon)
            return located.index[match.to_numpy()]
    return frame.index[:0]


def _line_rows(frame: pd.DataFrame, key: str) -> pd.Index:
    columns = ["launch_lat", "launch_lon", "lat", "lon"]
    rows = frame.dropna(subset=columns)
    rounded = rows[columns].round(COORD_DECIMALS)
    for values in _unique(rounded):
        if feature_key(LINE_PREFIX, *values) == key:
            return rounded.index[np.all(rounded.to_numpy() == np.array(values, dtype=float), axis=1)]
    return frame.index[:0]


def _unique(table: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    yield from table.drop_duplicates().itertuples(index=False, name=None)
