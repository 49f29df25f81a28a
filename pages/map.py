"""Map page: counts, the map, what each source said about the clicked point, incidents per day."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from app import cache, common
from geodata.views.map import incidents_for_key, panel_html
from geodata.views.map.elements import LayerControl
from geodata.views.map.panel import PANEL_CSS

MAP_HEIGHT = 600

page_context = common.context()
frame = page_context.filtered

st.title("Incidents in eastern Syria")
figures = common.page_counts(page_context)
columns = st.columns(3)
columns[0].metric("Incidents", figures.incidents)
columns[1].metric("Sources", figures.sources, help="Distinct articles reporting these incidents")
columns[2].metric("Places", figures.places)

map_column, panel_column = st.columns([3, 2], gap="medium")
with map_column:
    folium_map, groups = common.map_parts(page_context)
    # The map itself stays in the browser across filter changes: only the layer groups are
    # sent again and swapped. Only clicks on features come back: panning and zooming do not
    # rerun the app.
    clicked = st_folium(folium_map, key="incident_map", height=MAP_HEIGHT, use_container_width=True,
                        feature_group_to_add=groups, layer_control=LayerControl(collapsed=True, position="topright"),
                        returned_objects=["last_active_drawing"])

with panel_column, st.container(height=MAP_HEIGHT, border=False):
    feature = (clicked or {}).get("last_active_drawing") or {}
    key = (feature.get("properties") or {}).get("key")
    if key:
        st.html(PANEL_CSS)
        st.html(panel_html(incidents_for_key(frame, key), find_places=cache.place_finder()))
    else:
        st.info("Click a marker to read what each source said about it.")

st.subheader("Incidents per day")
per_day, colours = common.page_daily(page_context)
if per_day.empty:
    st.caption("No dated incident under the current filters.")
else:
    st.bar_chart(per_day, color=colours, height=240, x_label="day", y_label="incidents")
