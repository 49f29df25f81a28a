"""A small map to pick a point by clicking: the place names of the gazetteer (so it reads
without tiles), the incident's current point and the point picked so far."""

from __future__ import annotations

from collections.abc import Iterable

import folium

from geodata.places.gazetteer import Place
from geodata.views.map.build import base_map
from geodata.views.map.elements import DataLayer
from geodata.views.map.labels import label_rows

PICK_ZOOM = 10
OVERVIEW_ZOOM = 7
CURRENT_COLOUR = "#555555"
PICKED_COLOUR = "#d62728"


def point_picker_map(places: Iterable[Place], *, tiles: str, asset_base: str,
                     current: tuple[float, float] | None = None,
                     picked: tuple[float, float] | None = None) -> folium.Map:
    """A map centred on ``picked`` (else ``current``) with the place names of ``places``,
    ``current`` as a grey ring and ``picked`` as a red dot."""
    centre = picked or current
    folium_map = (base_map(tiles=tiles, asset_base=asset_base, zoom=PICK_ZOOM, export=False, center=centre)
                  if centre else base_map(tiles=tiles, asset_base=asset_base, zoom=OVERVIEW_ZOOM, export=False))
    DataLayer({"rows": label_rows(places)}, renderer="labels",
              options={"pane": "geodataLabels"}, name="Place names").add_to(folium_map)
    if current is not None:
        folium.CircleMarker(current, radius=9, color=CURRENT_COLOUR, weight=2, fill=False,
                            tooltip="Where the incident is now").add_to(folium_map)
    if picked is not None:
        folium.CircleMarker(picked, radius=6, color=PICKED_COLOUR, weight=2, fill=True, fill_opacity=0.9,
                            tooltip="The point picked").add_to(folium_map)
    return folium_map
