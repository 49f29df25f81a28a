"""What the analyst selected on the map, as text for the address and back to incidents.

A click on an incident marker selects its place: the panel then lists every incident there
(all kinds, dated or not, newest first), not only the marker's kind. A click on a launch
site selects the incidents launched from it; a click on a launch line, that line's
incidents. As text (the ``sel`` parameter of the address):

    at:35.30139,40.23667      incidents located at the point
    from:35.25509,40.35454    incidents launched from the point
    key:x0123456789ab         the incidents of one map feature (a launch line)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from geodata.views.map.features import (
    COORD_DECIMALS,
    LAUNCH_PREFIX,
    PLACE_PREFIX,
    POINT_LAYERS,
    incidents_for_key,
)

SelectionKind = Literal["at", "from", "key"]
_KEY = re.compile(r"^[a-z][0-9a-z_-]{1,80}$")


@dataclass(frozen=True)
class Selection:
    """A place (``at``), a launch site (``from``) or one feature (``key``)."""

    kind: SelectionKind
    lat: float | None = None
    lon: float | None = None
    key: str | None = None

    def text(self) -> str:
        if self.kind == "key":
            return f"key:{self.key}"
        return f"{self.kind}:{self.lat:.{COORD_DECIMALS}f},{self.lon:.{COORD_DECIMALS}f}"


def parse_selection(text: object) -> Selection | None:
    """The Selection written by ``Selection.text``, or None for anything else."""
    if not isinstance(text, str) or ":" not in text:
        return None
    kind, _, value = text.partition(":")
    if kind == "key":
        return Selection("key", key=value) if _KEY.match(value) else None
    if kind not in ("at", "from"):
        return None
    parts = value.split(",")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except (ValueError, IndexError):
        return None
    if len(parts) != 2 or not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return Selection("at" if kind == "at" else "from", round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS))


def selection_of_feature(feature: object) -> Selection | None:
    """The selection a clicked map feature (GeoJSON, as streamlit-folium returns it) makes."""
    if not isinstance(feature, dict):
        return None
    key = (feature.get("properties") or {}).get("key")
    if not isinstance(key, str) or not key:
        return None
    point = _point(feature.get("geometry"))
    if key[0] == LAUNCH_PREFIX and point:
        return Selection("from", *point)
    if point and (key[0] in POINT_LAYERS or key[0] == PLACE_PREFIX):
        return Selection("at", *point)
    return Selection("key", key=key) if _KEY.match(key) else None


def _point(geometry: Any) -> tuple[float, float] | None:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates: Any = geometry.get("coordinates")
    try:
        lon, lat = float(coordinates[0]), float(coordinates[1])
    except (TypeError, ValueError, IndexError):
        return None
    return round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS)


def incidents_for_selection(frame: pd.DataFrame, selection: Selection | None) -> pd.DataFrame:
    """The rows of ``frame`` the selection names (none for None)."""
    if selection is None:
        return frame.iloc[0:0]
    if selection.kind == "key":
        return incidents_for_key(frame, selection.key)
    lat, lon = ("lat", "lon") if selection.kind == "at" else ("launch_lat", "launch_lon")
    return frame[_at(frame[lat], selection.lat) & _at(frame[lon], selection.lon)]


def _at(column: pd.Series, value: float | None) -> np.ndarray:
    if value is None:
        return np.zeros(len(column), dtype=bool)
    rounded = column.to_numpy(dtype="float64", na_value=np.nan).round(COORD_DECIMALS)
    return np.isclose(rounded, value, rtol=0, atol=10 ** -(COORD_DECIMALS + 1))
