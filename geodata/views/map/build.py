"""``build_map``: the filtered incident table in, a ``folium.Map`` out (STYLE item 12).

Pure and Streamlit-free: the page caches and displays the result; tests read its HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import folium
import pandas as pd

from geodata.datafiles import data_path
from geodata.errors import GeodataError
from geodata.places.gazetteer import Gazetteer, Place
from geodata.table.filters import Near
from geodata.views.map.assets import use_local_assets
from geodata.views.map.elements import (
    DataLayer,
    ExportButton,
    FitView,
    GeodataMap,
    LayerControl,
    LayerGroup,
    Legend,
    LegendLayer,
    MapScript,
)
from geodata.views.map.layers import CLUSTER_THRESHOLD, LAYERS, LayerContext, MapLayer
from geodata.views.map.memo import once_per
from geodata.views.map.tiles import add_tiles

log = logging.getLogger(__name__)

DEFAULT_CENTER = (35.2, 40.3)  # Deir ez-Zor and the river east of it
DEFAULT_ZOOM = 9
MAX_FIT_ZOOM = 11
MAX_ZOOM = 19  # as the tile layers' (geodata.views.map.tiles)
IMAGE_NAME = "deir-ez-zor-map.png"
REFERENCE_FILES = ("control/euphrates.geojson", "control/syria_iraq_border.geojson")


def base_map(*, tiles: str, asset_base: str, zoom: int, export: bool = True,
             center: tuple[float, float] = DEFAULT_CENTER) -> folium.Map:
    """An empty map on eastern Syria (or ``center``) with the local scripts, the map helper
    script, the tiles (and their fallback when they cannot load) and the "Save image" button."""
    folium_map = GeodataMap(location=center, zoom_start=zoom, tiles=None,
                            control_scale=True, width="100%", height="100%")
    # the map's own zoom limit: without tiles (or once they have fallen back to none) no layer
    # gives one, and Leaflet.markercluster refuses to draw clusters on a map without it
    folium_map.options["max_zoom"] = MAX_ZOOM
    use_local_assets(folium_map, asset_base)
    MapScript().add_to(folium_map)
    add_tiles(folium_map, tiles)
    if export:
        ExportButton(file_name=IMAGE_NAME).add_to(folium_map)
    return folium_map


def build_map(
    frame: pd.DataFrame,
    *,
    control_date: dt.date | None = None,
    tiles: str = "osm",
    asset_base: str = "/app/static",
    gazetteer: Gazetteer | None = None,
    cluster_threshold: int = CLUSTER_THRESHOLD,
    near: Near | None = None,
) -> folium.Map:
    """The map of ``frame`` (an incident table, usually filtered) with every registered layer.

    ``control_date`` picks the control snapshot (default: the latest incident date in
    ``frame``); ``tiles`` is ``osm``, ``none`` or a URL template; ``asset_base`` is where the
    app serves ``static/`` (scripts and styles never come from a CDN); ``gazetteer`` gives
    the bases, facilities and place names (default: the bundled one); ``near`` the search
    area to draw.
    """
    folium_map = base_map(tiles=tiles, asset_base=asset_base, zoom=DEFAULT_ZOOM)
    context = _context(frame, control_date, gazetteer, cluster_threshold, near)
    built = _built_layers(context, LAYERS.values())
    for _, element in built:
        element.add_to(folium_map)
    legend = _legend_html(context, [layer_class() for layer_class in LAYERS.values()])
    if legend:
        Legend(legend).add_to(folium_map)
    LayerControl(collapsed=True, position="topright").add_to(folium_map)
    _fit(folium_map, frame)
    return folium_map


def context_map(
    frame: pd.DataFrame,
    *,
    tiles: str = "osm",
    asset_base: str = "/app/static",
    gazetteer: Gazetteer | None = None,
    view: tuple[float, float, int] | None = None,
) -> folium.Map:
    """The part of the map that stays while the filters change: scripts, tiles and the layers
    drawn from bundled data alone (river, border, bases, place names), fitted to the incidents
    of ``frame`` (one frame for every filter state, so that the view does not jump when the
    filters change), or opened on ``view`` (latitude, longitude, zoom) when one is asked for.

    ``filtered_groups`` gives the rest; ``st_folium(context_map(...), feature_group_to_add=...)``
    then swaps only those on a filter change, and the browser keeps its map, view and scripts.
    """
    if view is not None:
        folium_map = base_map(tiles=tiles, asset_base=asset_base, zoom=view[2], center=(view[0], view[1]))
    else:
        folium_map = base_map(tiles=tiles, asset_base=asset_base, zoom=DEFAULT_ZOOM)
    context = _context(frame, None, gazetteer, CLUSTER_THRESHOLD, None)
    for _, element in _built_layers(context, [layer for layer in LAYERS.values() if layer.fixed]):
        element.add_to(folium_map)
    if view is None:
        _fit(folium_map, frame)
    return folium_map


def filtered_groups(
    frame: pd.DataFrame,
    *,
    control_date: dt.date | None = None,
    gazetteer: Gazetteer | None = None,
    cluster_threshold: int = CLUSTER_THRESHOLD,
    near: Near | None = None,
    legend_title: str = "Legend",
    image_name: str = IMAGE_NAME,
) -> list[LayerGroup]:
    """The layers of ``frame`` that follow the filters, one ``FeatureGroup`` each under its
    title, then the legend of the whole map in a group the layer control does not list.
    ``legend_title`` heads the legend (e.g. with the dates shown), ``image_name`` names the
    file the "Save image" button saves; other arguments as for ``build_map``."""
    context = _context(frame, control_date, gazetteer, cluster_threshold, near)
    built = _built_layers(context, [layer for layer in LAYERS.values() if not layer.fixed])
    groups = []
    for layer, element in built:
        group = LayerGroup(layer.title, show=layer.show)
        element.show = True  # in its group: the group decides whether the layer starts on
        element.add_to(group)
        groups.append(group)
    # every layer's rows, the fixed ones' too (they are on the context map already); a layer
    # with nothing to draw may still have something to say (no control snapshot for the date)
    legend = _legend_html(context, [layer_class() for layer_class in LAYERS.values()])
    if legend:
        group = LayerGroup("Legend", control=False)
        LegendLayer(legend, title=legend_title, image_name=image_name).add_to(group)
        groups.append(group)
    return groups


def _context(frame: pd.DataFrame, control_date: dt.date | None, gazetteer: Gazetteer | None,
             cluster_threshold: int, near: Near | None) -> LayerContext:
    return LayerContext(
        frame=frame, control=_control(control_date or _latest_date(frame)),
        facilities=_facilities(gazetteer), reference=reference_features(), cluster_threshold=cluster_threshold,
        near=near,
    )


def _built_layers(context: LayerContext, layer_classes: Iterable[type[MapLayer]]) -> list[tuple[MapLayer, DataLayer]]:
    """Each layer with its element, in registry order; layers with nothing to draw are left out."""
    built = []
    for layer_class in layer_classes:
        layer = layer_class()
        element = layer.build(context)
        if element is not None:
            built.append((layer, element))
    return built


def _legend_html(context: LayerContext, layers: Iterable[MapLayer]) -> str:
    """The legend's rows, top layer first: incidents lead, context follows. Each layer says
    whether it has rows for this context."""
    order = list(LAYERS)
    ordered = sorted(layers, key=lambda layer: order.index(layer.name), reverse=True)
    return "".join(row for layer in ordered for row in layer.legend(context))


def _fit(folium_map: folium.Map, frame: pd.DataFrame) -> None:
    bounds = incident_bounds(frame)
    if bounds is not None:
        FitView(bounds, max_zoom=MAX_FIT_ZOOM).add_to(folium_map)


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
        from geodata.places.control import control_geojson
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
            from geodata.places.gazetteer import default_gazetteer

            gazetteer = default_gazetteer()
        except (GeodataError, OSError) as error:
            log.warning("map drawn without bases and facilities: %s", error)
            return ()
    # the same tuple for the same gazetteer object: the fixed layers' JSON is made once per
    # tuple. (Not in Gazetteer.derived: dataclasses.replace hands that dict to the copy.)
    places: tuple[Place, ...] = once_per("places", gazetteer, lambda: tuple(gazetteer))
    return places


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
