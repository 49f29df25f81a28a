"""The incident map as a pure function of the incident table (no Streamlit here).

``build_map(frame)`` returns a ``folium.Map`` whose layers come from the registry in
``geodata.mapview.layers``; ``incidents_for_key`` leads from a clicked feature back to its
incidents; ``panel_html`` renders what each source said about them.
"""

from __future__ import annotations

from geodata.mapview.assets import CSS_ASSETS, INSTALL_HINT, JS_ASSETS, missing_assets, use_local_assets
from geodata.mapview.build import build_map, context_map, filtered_groups, incident_bounds
from geodata.mapview.features import aggregate_points, feature_key, incidents_for_key
from geodata.mapview.layers import LAYERS, LayerContext, MapLayer
from geodata.mapview.panel import panel_html
from geodata.mapview.tiles import check_tiles

__all__ = [
    "CSS_ASSETS", "INSTALL_HINT", "JS_ASSETS", "LAYERS", "LayerContext", "MapLayer", "aggregate_points",
    "build_map", "check_tiles", "context_map", "feature_key", "filtered_groups", "incident_bounds", "incidents_for_key", "missing_assets",
    "panel_html", "use_local_assets",
]
