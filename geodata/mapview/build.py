"""``build_map``: the filtered incident table in, a ``folium.Map`` out (STYLE item 12).

Pure and Streamlit-free: the page caches and displays the result; tests read its HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import lru_cache
from typing import Any

import folium
import pandas as pd

from geodata.datafiles import data_path
from geodata.errors import GeodataError
from geodata.gazetteer import Gazetteer, Place
from geodata.mapview.assets import use_local_assets
from geodata.mapview.elements import GeodataMap, LayerControl, Legend, MapScript
from geodata.mapview.layers import CLUSTER_THRESHOLD, LAYERS, LayerContext
from geodata.mapview.tiles import tile_layer

log = logging.getLogger(__name__)

DEFAULT_CENTER = (35.2, 40.3)  # Deir ez-Zor and the river east of it
DEFAULT_ZOOM = 9
MAX_FIT_ZOOM = 11
REFERENCE_FILES = ("control/euphrates.geojson", "control/syria_iraq_border.geojson")


def base_map(*, tiles: str, asset_base: str, zoom: int) -> folium.Map:
    """An empty map on eastern Syria with the local scripts, the map helper script and the tiles."""
    folium_map = GeodataMap(location=DEFAULT_CENTER, zoom_start=zoom, tiles=None,
                            control_scale=True, width="100%", height="100%")
    use_local_assets(folium_map, asset_base)
    MapScript().add_to(folium_map)
    tile = tile_layer(tiles)
    if tile is not None:
        tile.add_to(folium_map)
    return folium_map


def build_map(
    frame: pd.DataFrame,
    *,
    control_date: dt.date | None = None,
    tiles: str = "osm",
    asset_base: str = "/app/static",
    gazetteer: Gazetteer | None = None,
    cluster_threshold: int = CLUSTER_THRESHOLD,
) -> folium.Map:
    """The map of ``frame`` (an incident table, usually filtered) with every registered layer.

    ``control_date`` picks the control snapshot (default: the latest incident date in
    ``frame``); ``tiles`` is ``osm``, ``none`` or a URL template; ``asset_base`` is where the
    app serves ``static/`` (scripts and styles never come from a CDN); ``gazetteer`` gives
    the bases and facilities (default: the bundled one).
    """
    folium_map = base_map(tiles=tiles, asset_base=asset_base, zoom=DEFAULT_ZOOM)
    context = LayerContext(
        frame=frame, control=_control(control_date or _latest_date(frame)),
        facilities=_facilities(gazetteer), reference=reference_features(), cluster_threshold=cluster_threshold,
    )
    legend: list[list[str]] = []
    for layer_class in LAYERS.values():
        layer = layer_class()
        element = layer.build(context)
        if element is not None:
            element.add_to(folium_map)
            legend.append(layer.legend(context))
    if any(legend):
        # top layer first: incidents lead the legend, context follows
        Legend("".join(row for rows in reversed(legend) for row in rows)).add_to(folium_map)
    LayerControl(collapsed=True, position="topright").add_to(folium_map)
    bounds = incident_bounds(frame)
    if bounds is not None:
        folium_map.fit_bounds(bounds, max_zoom=MAX_FIT_ZOOM, padding=(30, 30))
    return folium_map


def _latest_date(frame: pd.DataFrame) -> dt.date | None:
    dates = frame["date"].dropna()
    return dates.max().date() if len(dates) else None


def incident_bounds(frame: pd.DataFrame) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the located incidents in the region (all located
    incidents when none is in the region), or None when none has a position."""
    located = frame[frame["lat"].notna() & frame["lon"].notna()]
    in_region = located[located["in_region"].fillna(False).astype(bool)]
    points = in_region if len(in_region) else located
    if points.empty:
        return None
    return [[float(points["lat"].min()), float(points["lon"].min())],
            [float(points["lat"].max()), float(points["lon"].max())]]


def _control(date: dt.date | None) -> dict[str, Any] | None:
    """The control layers in force on ``date``; None while the control module is missing or
    its data is broken (``python -m geodata validate`` reports why)."""
    try:
        from geodata.control import control_geojson
    except ImportError:
        return None
    try:
        return control_geojson(date)
    except (GeodataError, OSError) as error:
        log.warning("map drawn without control layers: %s", error)
        return None


def _facilities(gazetteer: Gazetteer | None) -> tuple[Place, ...]:
    if gazetteer is None:
        try:
            from geodata.gazetteer import default_gazetteer

            gazetteer = default_gazetteer()
        except (GeodataError, OSError) as error:
            log.warning("map drawn without bases and facilities: %s", error)
            return ()
    return tuple(gazetteer)


@lru_cache(maxsize=1)
def reference_features() -> tuple[dict[str, Any], ...]:
    """River and border lines from the bundled data (empty if the files are missing)."""
    features: list[dict[str, Any]] = []
    for name in REFERENCE_FILES:
        try:
            with data_path(name).open(encoding="utf-8") as handle:
                features += json.load(handle).get("features", [])
        except (OSError, ValueError) as error:
            log.warning("map drawn without %s: %s", name, error)
    return tuple(features)
