"""The incident table as GeoJSON (RFC 7946): a FeatureCollection of points in lon, lat order."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from geodata.table.exporters.common import iso_date

COORDINATE_DIGITS = 6
_PROPERTIES = (
    "incident_id", "kind", "acled_event_type", "acled_sub_event_type", "date_precision", "time_of_day",
    "background", "place_id", "place_name_en", "place_name_ar", "geo_precision", "uncertainty_m", "in_region",
    "launch_id", "launch_name_en", "launch_name_ar", "launch_lat", "launch_lon", "actors_by", "actors_against",
    "killed", "injured", "n_sources", "outlets", "sources", "disagreements", "controller", "launch_controller",
    "review_status", "corrected_fields", "flagged",
)


class GeoJsonExporter:
    name = "geojson"
    suffix = ".geojson"
    media_type = "application/geo+json"

    def to_bytes(self, frame: pd.DataFrame) -> bytes:
        return json.dumps(feature_collection(frame), ensure_ascii=False, allow_nan=False).encode("utf-8")


def feature_collection(frame: pd.DataFrame) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the incidents; an incident without a place has a null geometry."""
    return {"type": "FeatureCollection", "features": [_feature(row) for row in frame.to_dict("records")]}


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    properties = {key: _plain(row.get(key)) for key in _PROPERTIES}
    properties["date"] = iso_date(row.get("date")) or None
    return {"type": "Feature", "id": row["incident_id"], "geometry": _point(row.get("lon"), row.get("lat")), "properties": properties}


def _point(lon: Any, lat: Any) -> dict[str, Any] | None:
    if lon is None or lat is None or pd.isna(lon) or pd.isna(lat):
        return None
    return {"type": "Point", "coordinates": [round(float(lon), COORDINATE_DIGITS), round(float(lat), COORDINATE_DIGITS)]}


def _plain(value: Any) -> Any:
    """JSON-ready values: no NaN, no numpy or pandas scalars."""
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):
        return _plain(value.item())
    return value
