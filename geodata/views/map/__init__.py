"""The incident map as a pure function of the incident table (no Streamlit here).

``build_map(frame)`` returns a ``folium.Map`` whose layers come from the registry in
``geodata.views.map.layers``; ``incidents_for_key`` leads from a clicked feature back to its
incidents; ``panel_html`` renders what each source said about them.
"""

from __future__ import annotations

from geodata.views.map.assets import CSS_ASSETS, INSTALL_HINT, JS_ASSETS, missing_assets, use_local_assets
from geodata.views.map.build import build_map, context_map, filtered_groups, incident_bounds
from geodata.views.map.features import aggregate_points, feature_key, incidents_for_key
from geodata.views.map.layers import LAYERS, LayerContext, MapLayer
from geodata.views.map.panel import panel_html
from geodata.views.map.tiles import check_tiles

__all__ = [
    "CSS_ASSETS", "INSTALL_HINT", "JS_ASSETS", "LAYERS", "LayerContext", "MapLayer", "aggregate_points",
    "build_map", "check_tiles", "context_map", "feature_key", "filtered_groups", "incident_bounds", "incidents_for_key", "missing_assets",
    "panel_html", "use_local_assets",
]
